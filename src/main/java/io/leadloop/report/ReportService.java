package io.leadloop.report;

import io.leadloop.funnel.Benchmarks;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.store.FunnelStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Builds a period's report from the stored daily counters and sends it. */
public final class ReportService {

    /** What a send did: the report, what was rendered and SES's message id. */
    public record Sent(FunnelReport report, Email email, String messageId) {}

    private final FunnelStore store;
    private final ZoneId zone;
    private final Benchmarks benchmarks;
    private final Mailer mailer;
    private final String sender;
    private final List<String> recipients;
    private final Clock clock;
    private final EmailRenderer renderer = new EmailRenderer();

    public ReportService(FunnelStore store, ZoneId zone, Benchmarks benchmarks, Mailer mailer, String sender,
                         List<String> recipients, Clock clock) {
        this.store = store;
        this.zone = zone;
        this.benchmarks = benchmarks;
        this.mailer = mailer;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.clock = clock;
    }

    /** The last complete week before {@code scheduledAt} (or now), in the reporting timezone. */
    public Period lastCompleteWeek(Instant scheduledAt) {
        return Period.lastComplete(PeriodKind.WEEK, scheduledAt == null ? clock.instant() : scheduledAt, zone);
    }

    public FunnelReport build(Period period) {
        return FunnelReport.of(counts(period), counts(period.previous()), zone.getId(), benchmarks);
    }

    public Sent send(Period period) {
        FunnelReport report = build(period);
        Email email = renderer.render(report);
        return new Sent(report, email, mailer.send(sender, recipients, email));
    }

    public Email render(FunnelReport report) {
        return renderer.render(report);
    }

    private PeriodCounts counts(Period period) {
        return PeriodCounts.sum(period, store.countersOf(period.days()).values());
    }
}
