package io.leadloop.report;

import io.leadloop.funnel.AnalysisSettings;
import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.DataHealth;
import io.leadloop.funnel.FunnelAnalysis;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.TrendPoint;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.settings.Audience;
import io.leadloop.settings.ReportOptions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds each audience's report of a period from the stored daily counters (never from leads) and renders it. It
 * keeps no state between calls: the reports of one invocation share its reads through one {@link Reads}.
 */
public final class ReportService {

    /** At most this many waiting leads are read from the follow-up index for one report. */
    static final int MAX_WAITING = 500;

    private final CounterHistory counters;
    private final FollowUpQueue followUps;
    private final ReportLedger ledger;
    private final OwnerNames ownerNames;
    private final HistoryStatus history;
    private final ZoneId zone;
    private final FunnelAnalysis analysis;
    private final AnalysisSettings settings;
    private final List<Audience> audiences;
    private final ReportOptions options;
    private final Clock clock;
    private final AudienceRenderer renderer = new AudienceRenderer();

    /**
     * @param ledger where the reports sent before are, whose numbers the trend shows as they were sent
     * @param ownerNames the names the CRMs listed for owner ids, under those of {@link ReportOptions#owners()}
     * @param history how far each CRM's history was read: where the data starts, whether the reconciliation keeps up
     */
    public ReportService(CounterHistory counters, FollowUpQueue followUps, ReportLedger ledger, OwnerNames ownerNames,
                         HistoryStatus history, ZoneId zone, AnalysisSettings settings, List<Audience> audiences,
                         ReportOptions options, Clock clock) {
        this.counters = counters;
        this.followUps = followUps;
        this.ledger = ledger;
        this.ownerNames = ownerNames;
        this.history = history;
        this.zone = zone;
        this.analysis = new FunnelAnalysis(settings);
        this.settings = settings;
        this.audiences = List.copyOf(audiences);
        this.options = options;
        this.clock = clock;
    }

    public List<Audience> audiences() {
        return audiences;
    }

    public ReportOptions options() {
        return options;
    }

    public Audience audience(Audience.Kind kind) {
        return audiences.stream().filter(a -> a.kind() == kind).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "the " + kind.id() + " report is disabled (LEADLOOP_CONFIG.audiences." + kind.id() + ".enabled is false)"));
    }

    /** The last complete week before {@code scheduledAt} (or now), in the reporting timezone. */
    public Period lastCompleteWeek(Instant scheduledAt) {
        return Period.lastComplete(PeriodKind.WEEK, scheduledAt == null ? clock.instant() : scheduledAt, zone);
    }

    /** The audience's last complete period at {@code scheduledAt} (or now), in its own timezone. */
    public Period lastComplete(Audience audience, Instant scheduledAt) {
        return Period.lastComplete(audience.period(), scheduledAt == null ? clock.instant() : scheduledAt, audience.zone());
    }

    /** The period in progress for the audience at {@code at}: what an off-cycle alert looks at. */
    public Period current(Audience audience, Instant at) {
        return Period.containing(audience.period(), LocalDate.ofInstant(at == null ? clock.instant() : at, audience.zone()));
    }

    public FunnelReport build(Period period) {
        return read(period).report();
    }

    /** The analysis, the events applied on each day looked at (for the data-health check), the owner names and the history. */
    record Read(FunnelReport report, Map<LocalDate, Long> eventsApplied, LocalDate firstDay, LocalDate today, OwnerLabels owners,
                List<HistoryStatus.Source> history) {}

    /**
     * One invocation's reads, by period: its audiences usually report the same period and share one read of the
     * counters (the report's main cost). Made anew for each invocation, so a warm container never reports from an
     * earlier one's read.
     */
    final class Reads {
        private final Map<Period, Read> byPeriod = new HashMap<>();

        Read of(Period period) {
            return byPeriod.computeIfAbsent(period, ReportService.this::read);
        }
    }

    Reads reads() {
        return new Reads();
    }

    /**
     * Reads, in one batch, the counters of every period the analysis compares with and of the days since the period
     * began (for stocks at its start), as week roll-ups where whole weeks allow and days elsewhere, then analyses;
     * the data-health check reads only the events-applied count of its days. Cost: weeks × shards wide keys plus
     * days × shards narrow ones, whatever the history.
     */
    Read read(Period period) {
        LocalDate weeksFrom = counters.weekRollupsFrom();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Map<Period, List<CounterSpan>> covers = new HashMap<>();
        for (Period p : FunnelAnalysis.periodsRead(period, FunnelAnalysis.TRAILING)) covers.put(p, CounterSpan.cover(p.start(), p.end(), weeksFrom));
        List<CounterSpan> sinceStart = period.start().isAfter(today) ? List.of() : CounterSpan.cover(period.start(), today.plusDays(1), weeksFrom);
        Set<CounterSpan> spans = new HashSet<>(sinceStart);
        covers.values().forEach(spans::addAll);
        Map<CounterSpan, Map<String, BigDecimal>> summed = counters.countersOf(spans);
        Map<Period, PeriodCounts> cache = new HashMap<>();
        FunnelReport report = analysis.analyse(period, zone.getId(),
                p -> cache.computeIfAbsent(p, q -> PeriodCounts.sum(q, Objects.requireNonNull(covers.get(q), () -> "FunnelAnalysis.periodsRead does not list " + q.label())
                        .stream().map(span -> summed.getOrDefault(span, Map.of())).toList())),
                counters.allTimeCounters(), PeriodCounts.sum(period, sinceStart.stream().map(span -> summed.getOrDefault(span, Map.of())).toList()));
        // The data-health check looks at the period's days and at least a few weeks back from today.
        TreeSet<LocalDate> healthDays = new TreeSet<>(period.days());
        healthDays.addAll(today.minusDays(4L * options.maxSilentDays()).datesUntil(today.plusDays(1)).toList());
        // Owner names and the history's state are the same for every audience: read with the counters, shared with them.
        return new Read(report, counters.eventsAppliedOn(healthDays), healthDays.first(), today,
                OwnerLabels.of(options.owners(), ownerNames.namesBySource()), history.sources());
    }

    /** Everything the audience's email of {@code period} says. */
    public AudienceReport prepare(Audience audience, Period period) {
        return prepare(audience, read(period), true);
    }

    /** Each audience's report of {@code period}, from one read of the counters. */
    public List<AudienceReport> prepareAll(Period period) {
        Read read = read(period);
        return audiences.stream().map(audience -> prepare(audience, read, true)).toList();
    }

    AudienceReport prepare(Audience audience, Read read, boolean withSentTrend) {
        FunnelReport report = read.report();
        int lookedBack = (int) java.time.temporal.ChronoUnit.DAYS.between(read.firstDay(), read.today());
        DataHealth health = DataHealth.of(read.eventsApplied(), report.period(), read.today(), options.maxSilentDays(), lookedBack);
        Instant now = clock.instant();
        FollowUpQueue.FollowUps waiting = followUps.awaitingFollowUp(now.minus(Duration.ofDays(options.followUpDays())), MAX_WAITING);
        List<TrendPoint> trend = new ArrayList<>(report.trend());
        Set<String> asSent = new HashSet<>();
        if (withSentTrend) {
            List<String> earlier = trend.stream().map(p -> p.period().label()).filter(l -> !l.equals(report.period().label())).toList();
            Map<String, Map<String, long[]>> sent = ledger.sentRatios(audience.id(), earlier);
            for (int i = 0; i < trend.size(); i++) {
                Map<String, long[]> stored = sent.get(trend.get(i).period().label());
                if (stored == null) continue;
                Map<RatioKind, Ratio> ratios = new EnumMap<>(RatioKind.class);
                ratios.putAll(trend.get(i).ratios());
                stored.forEach((kind, pair) -> {
                    try {
                        ratios.put(RatioKind.valueOf(kind.toUpperCase(Locale.ROOT)), new Ratio(pair[0], pair[1]));
                    } catch (IllegalArgumentException unknownKind) {
                        // a ratio a later version no longer has: the recomputed value stands
                    }
                });
                trend.set(i, new TrendPoint(trend.get(i).period(), ratios));
                asSent.add(trend.get(i).period().label());
            }
        }
        return new AudienceReport(audience, report, health, waiting.leads(), waiting.truncated(), trend, asSent, options,
                settings.minGroupSize(), settings.minDealsForSuggestion(), now, read.owners(),
                read.history().stream().map(source -> SourceHistory.of(source, zone, now)).toList());
    }

    public Email render(AudienceReport report) {
        return renderer.render(report);
    }

    public Email renderAlert(AudienceReport report, RatioKind kind, io.leadloop.funnel.Band band) {
        return renderer.renderAlert(report, kind, band);
    }

    /** The main ratios of a report as stored with it, {kind: [numerator, denominator]}: the trend of later reports. */
    static Map<String, long[]> ratiosOf(FunnelReport report) {
        Map<String, long[]> out = new TreeMap<>();
        for (var line : report.ratios()) {
            out.put(line.kind().name().toLowerCase(Locale.ROOT), new long[] {line.current().numerator(), line.current().denominator()});
        }
        return out;
    }
}
