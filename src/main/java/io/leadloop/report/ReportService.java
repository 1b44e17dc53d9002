package io.leadloop.report;

import io.leadloop.funnel.FunnelAnalysis;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.store.FunnelStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.math.BigDecimal;

/** Builds a period's report from the stored daily counters and sends it. */
public final class ReportService {

    /** What a send did: the report, what was rendered and SES's message id. */
    public record Sent(FunnelReport report, Email email, String messageId) {}

    private final FunnelStore store;
    private final ZoneId zone;
    private final FunnelAnalysis analysis;
    private final Mailer mailer;
    private final String sender;
    private final List<String> recipients;
    private final Clock clock;
    private final EmailRenderer renderer = new EmailRenderer();

    public ReportService(FunnelStore store, ZoneId zone, FunnelAnalysis analysis, Mailer mailer, String sender,
                         List<String> recipients, Clock clock) {
        this.store = store;
        this.zone = zone;
        this.analysis = analysis;
        this.mailer = mailer;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        this.clock = clock;
    }

    /** The last complete week before {@code scheduledAt} (or now), in the reporting timezone. */
    public Period lastCompleteWeek(Instant scheduledAt) {
        return Period.lastComplete(PeriodKind.WEEK, scheduledAt == null ? clock.instant() : scheduledAt, zone);
    }

    /**
     * Reads, in one batch, the daily counters of every period the analysis compares with and of the days since
     * the period began (for stocks at its start), then analyses. Cost: days × shards keys, whatever the history.
     */
    public FunnelReport build(Period period) {
        TreeSet<LocalDate> days = new TreeSet<>();
        for (Period p : FunnelAnalysis.periodsRead(period, FunnelAnalysis.TRAILING)) days.addAll(p.days());
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        List<LocalDate> sinceStart = period.start().datesUntil(today.plusDays(1)).toList();
        days.addAll(sinceStart);
        Map<LocalDate, Map<String, BigDecimal>> byDay = store.countersOf(days);
        Map<Period, PeriodCounts> cache = new HashMap<>();
        PeriodCounts since = PeriodCounts.sum(period, sinceStart.stream().map(d -> byDay.getOrDefault(d, Map.of())).toList());
        return analysis.analyse(period, zone.getId(),
                p -> cache.computeIfAbsent(p, q -> PeriodCounts.sum(q, q.days().stream().map(d -> byDay.getOrDefault(d, Map.of())).toList())),
                store.allTimeCounters(), since);
    }

    public Sent send(Period period) {
        FunnelReport report = build(period);
        Email email = renderer.render(report);
        return new Sent(report, email, mailer.send(sender, recipients, email));
    }

    public Email render(FunnelReport report) {
        return renderer.render(report);
    }
}
