package io.leadloop.report;

import io.leadloop.funnel.DataHealth;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.TrendPoint;
import io.leadloop.settings.Audience;
import io.leadloop.settings.ReportOptions;
import java.time.Instant;
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
 */
public record AudienceReport(Audience audience, FunnelReport funnel, DataHealth health, List<FollowUp> waiting,
                             boolean waitingTruncated, List<TrendPoint> trend, Set<String> trendFromSnapshots,
                             ReportOptions options, int minGroupSize, int minDealsForSuggestion,
                             Instant generatedAt, OwnerLabels owners) {

    public AudienceReport {
        waiting = List.copyOf(waiting);
        trend = List.copyOf(trend);
        trendFromSnapshots = Set.copyOf(trendFromSnapshots);
    }
}
