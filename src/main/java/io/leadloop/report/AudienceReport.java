package io.leadloop.report;

import io.leadloop.funnel.DataHealth;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.TrendPoint;
import io.leadloop.settings.Audience;
import io.leadloop.settings.ReportOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Everything one audience's email says about one period: the funnel analysis, whether the data can be trusted,
 * the qualified leads waiting for a first touch, and the trend (sent periods as they were sent).
 *
 * @param waiting qualified leads nobody worked for longer than {@link ReportOptions#followUpDays}, oldest first
 * @param waitingTruncated more were waiting than were read
 * @param trendFromSnapshots the trend periods whose numbers come from the report sent then
 * @param minGroupSize below this denominator a rep's ratio is marked as a small sample
 * @param minDealsForSuggestion closed deals "what wins" needs before it suggests anything
 * @param owners how each owner id is shown
 * @param history what each CRM's backfill and reconciliation read, for the sources they ever ran for
 */
public record AudienceReport(Audience audience, FunnelReport funnel, DataHealth health, List<FollowUp> waiting,
                             boolean waitingTruncated, List<TrendPoint> trend, Set<String> trendFromSnapshots,
                             ReportOptions options, int minGroupSize, int minDealsForSuggestion,
                             Instant generatedAt, OwnerLabels owners, List<SourceHistory> history) {

    public AudienceReport {
        waiting = List.copyOf(waiting);
        trend = List.copyOf(trend);
        trendFromSnapshots = Set.copyOf(trendFromSnapshots);
        history = List.copyOf(history);
    }

    /** The first day the email shows: the start of the trend's oldest period (or of the period, without a trend). */
    public LocalDate firstDayShown() {
        return trend.isEmpty() ? funnel.period().start() : trend.get(0).period().start();
    }
}
