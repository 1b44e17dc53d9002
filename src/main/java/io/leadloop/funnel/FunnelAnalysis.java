package io.leadloop.funnel;

import io.leadloop.funnel.FunnelReport.Breakdown;
import io.leadloop.funnel.FunnelReport.BreakdownRow;
import io.leadloop.funnel.FunnelReport.Cohort;
import io.leadloop.funnel.FunnelReport.LaggedRate;
import io.leadloop.funnel.FunnelReport.ReasonCount;
import io.leadloop.funnel.FunnelReport.RelatedMetrics;
import io.leadloop.funnel.FunnelReport.SegmentView;
import io.leadloop.funnel.FunnelReport.SegmentViews;
import io.leadloop.funnel.FunnelReport.StageStep;
import io.leadloop.funnel.FunnelReport.TrendPoint;
import io.leadloop.funnel.FunnelReport.WinFactor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Computes a period's report from counters: every ratio with its counts, benchmark and comparisons, the lagged
 * and cohort views of MQL-to-SQL, stage conversion and time in stage, related metrics, breakdowns and what wins.
 * Pure: the caller supplies the counters of any period it asks for.
 */
public final class FunnelAnalysis {

    /** How many periods back the analysis may read: the trailing average, the lag search, last year. */
    public static final int TRAILING = 13;

    /** Lead attributes the win/loss analysis always looks at; the configured analysis attributes come on top. */
    private static final List<String> WIN_ATTRIBUTES = List.of(Dimension.INDUSTRY, Dimension.SIZE, Dimension.SOURCE,
            Dimension.FORM, Dimension.TARGET_ACCOUNT);
    private static final List<String> NOT_LEAD_ATTRIBUTES = List.of(Dimension.REASON, Dimension.QUALIFIED_SOURCE, Dimension.DAYS,
            Dimension.LEAD_OWNER);

    private final AnalysisSettings settings;

    public FunnelAnalysis(AnalysisSettings settings) {
        this.settings = settings;
    }

    /** Every period {@link #analyse} may read for {@code period}, so a caller can fetch them in one go. */
    public static List<Period> periodsRead(Period period, int winAnalysisPeriods) {
        List<Period> periods = new ArrayList<>();
        for (int back = 0; back <= Math.max(TRAILING, winAnalysisPeriods); back++) periods.add(period.shifted(-back));
        periods.add(period.shifted(-period.kind().perYear()));
        return periods;
    }

    /**
     * @param counts the counters of any period of {@link #periodsRead}
     * @param allTime the all-time running totals as they are now
     * @param sincePeriodStart the counters from the period's first day up to today (for stocks at its start)
     */
    public FunnelReport analyse(Period period, String timezone, Function<Period, PeriodCounts> counts,
                                Map<String, BigDecimal> allTime, PeriodCounts sincePeriodStart) {
        PeriodCounts now = counts.apply(period);
        List<RatioLine> ratios = new ArrayList<>();
        for (RatioKind kind : RatioKind.values()) {
            ratios.add(ratioLine(kind, period, counts));
        }
        LaggedRate lagged = lagged(period, counts);
        Period cohortPeriod = period.shifted(-Math.max(1, lagged.lagPeriods()));
        PeriodCounts cohortCounts = counts.apply(cohortPeriod);
        Cohort cohort = new Cohort(cohortPeriod, cohortCounts.count(Stage.MQL), cohortCounts.count(Metric.MQL_COHORT_SQL),
                cohortCounts.count(Metric.MQL_COHORT_DISQUALIFIED));
        List<StageStep> steps = steps(period, counts);
        StageStep bottleneck = steps.stream().filter(s -> s.dropPoints() != null && s.dropPoints() > 0)
                .max(Comparator.comparingDouble(StageStep::dropPoints)).orElse(null);
        return new FunnelReport(period, timezone, definitionsInForce(period),
                StageCounts.of(now), StageCounts.of(counts.apply(period.previous())), ratios, lagged, cohort, steps,
                bottleneck, related(period, now, allTime, sincePeriodStart), breakdowns(now), whatWins(period, counts),
                reasons(now, Metric.DISQUALIFIED), reasons(now, Metric.LOST),
                segmentViews(period, lagged, cohortPeriod, counts), trend(period, counts), movers(period, counts), reps(now),
                settings.repAttribution());
    }

    /** The definition in force on the period's first day, then each one that took effect inside the period. */
    private List<FunnelReport.DefinitionInForce> definitionsInForce(Period period) {
        List<LocalDate> starts = new ArrayList<>(List.of(period.start()));
        for (QualifiedLeadDefinition d : settings.qualification().definitions()) {
            if (d.effectiveFrom().isAfter(period.start()) && d.effectiveFrom().isBefore(period.end())) starts.add(d.effectiveFrom());
        }
        List<FunnelReport.DefinitionInForce> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            QualifiedLeadDefinition d = settings.qualification().inForceOn(starts.get(i));
            out.add(new FunnelReport.DefinitionInForce(d == QualifiedLeadDefinition.EVERY_LEAD ? null : d.effectiveFrom(),
                    starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : period.end(), d.describe()));
        }
        return out;
    }

    /** The ratios whose trend the report draws and whose change it explains. */
    public static final List<RatioKind> MAIN_RATIOS = List.of(RatioKind.LEADS_TO_CLOSE, RatioKind.QUALIFIED_LEADS_TO_CLOSE,
            RatioKind.MQL_TO_SQL, RatioKind.CLOSE_RATE);

    /** The breakdowns marketing reads MQL-to-SQL by: where leads came from. */
    public static final List<String> LEAD_ORIGINS = List.of(Dimension.SOURCE, Dimension.CAMPAIGN, Dimension.FORM);

    private List<FunnelReport.RepLine> reps(PeriodCounts now) {
        List<RepAttribution.Role> roles = settings.repAttribution().roles();
        TreeSet<String> onlyActive = new TreeSet<>(valuesOf(now, Metric.ACTIVITIES, Dimension.REP));
        List<FunnelReport.RepLine> out = new ArrayList<>();
        for (RepAttribution.Role role : roles) {
            TreeSet<String> reps = new TreeSet<>(valuesOf(now, Metric.WON, role.dealDimension(), Metric.LOST));
            if (role == RepAttribution.Role.SOURCED_BY) reps.addAll(valuesOf(now, Metric.of(Stage.LEAD), Dimension.OWNER));
            onlyActive.removeAll(reps);
            for (String rep : reps) out.add(repLine(now, rep, role));
        }
        // A rep who only logged activities gets one line, in the rule's first role.
        for (String rep : onlyActive) out.add(repLine(now, rep, roles.get(0)));
        out.sort(Comparator.comparing((FunnelReport.RepLine r) -> r.wonValue()).reversed()
                .thenComparing(Comparator.comparingLong((FunnelReport.RepLine r) -> r.closeRate().denominator()).reversed())
                .thenComparing(FunnelReport.RepLine::rep).thenComparing(FunnelReport.RepLine::role));
        return out;
    }

    private static FunnelReport.RepLine repLine(PeriodCounts now, String rep, RepAttribution.Role role) {
        return new FunnelReport.RepLine(rep, role, RatioKind.CLOSE_RATE.of(now, role.dealDimension(), rep),
                role == RepAttribution.Role.SOURCED_BY ? RatioKind.LEADS_TO_CLOSE.of(now, Dimension.OWNER, rep) : null,
                now.count(Counter.named(Metric.ACTIVITIES, Dimension.REP, rep)),
                now.amount(Counter.named(Metric.WON_VALUE, role.dealDimension(), rep)));
    }

    /** The last {@link #TRAILING} periods up to this one, oldest first. */
    private static List<TrendPoint> trend(Period period, Function<Period, PeriodCounts> counts) {
        List<TrendPoint> points = new ArrayList<>();
        for (int back = TRAILING - 1; back >= 0; back--) {
            Period p = period.shifted(-back);
            Map<RatioKind, Ratio> ratios = new EnumMap<>(RatioKind.class);
            for (RatioKind kind : RatioKind.values()) ratios.put(kind, kind.of(counts.apply(p)));
            points.add(new TrendPoint(p, ratios));
        }
        return points;
    }

    private static List<Move> movers(Period period, Function<Period, PeriodCounts> counts) {
        List<Move> moves = new ArrayList<>();
        for (RatioKind kind : MAIN_RATIOS) {
            Move move = Movers.largest(kind, counts.apply(period), counts.apply(period.previous()), Dimension.BREAKDOWNS);
            if (move != null) moves.add(move);
        }
        return moves;
    }

    /**
     * MQL-to-SQL by source, campaign and form in the period, lagged and cohort views. Each view pools on its own
     * denominator: a value under the minimum in one view is counted in that view's "other" (and null in its row),
     * whatever its other views show; a value under it in all three has no row.
     */
    private List<SegmentViews> segmentViews(Period period, LaggedRate lagged, Period cohortPeriod,
                                            Function<Period, PeriodCounts> counts) {
        PeriodCounts now = counts.apply(period);
        PeriodCounts lagPeriod = counts.apply(lagged.mqlPeriod());
        PeriodCounts cohort = counts.apply(cohortPeriod);
        String mql = Metric.of(Stage.MQL);
        String sql = Metric.of(Stage.SQL);
        List<SegmentViews> out = new ArrayList<>();
        for (String dimension : LEAD_ORIGINS) {
            TreeSet<String> values = new TreeSet<>(valuesOf(now, mql, dimension, sql));
            values.addAll(valuesOf(lagPeriod, mql, dimension));
            values.addAll(valuesOf(cohort, mql, dimension));
            List<SegmentView> rows = new ArrayList<>();
            Ratio[] other = {new Ratio(0, 0), new Ratio(0, 0), new Ratio(0, 0)};
            for (String value : values) {
                Ratio p = new Ratio(now.count(Counter.named(sql, dimension, value)), now.count(Counter.named(mql, dimension, value)));
                Ratio[] views = {p, new Ratio(p.numerator(), lagPeriod.count(Counter.named(mql, dimension, value))),
                        new Ratio(cohort.count(Counter.named(Metric.MQL_COHORT_SQL, dimension, value)),
                                cohort.count(Counter.named(mql, dimension, value)))};
                boolean shown = false;
                for (int v = 0; v < views.length; v++) {
                    if (views[v].denominator() >= settings.minGroupSize()) {
                        shown = true;
                    } else {
                        other[v] = new Ratio(other[v].numerator() + views[v].numerator(), other[v].denominator() + views[v].denominator());
                        views[v] = null;
                    }
                }
                if (shown) rows.add(new SegmentView(value, views[0], views[1], views[2]));
            }
            rows.sort(Comparator.comparingLong((SegmentView r) -> denominatorOf(r.period())).reversed()
                    .thenComparing(Comparator.comparingLong((SegmentView r) -> denominatorOf(r.cohort())).reversed()));
            if (Arrays.stream(other).anyMatch(r -> r.numerator() > 0 || r.denominator() > 0)) {
                rows.add(new SegmentView("other", other[0], other[1], other[2]));
            }
            if (!rows.isEmpty()) out.add(new SegmentViews(dimension, rows));
        }
        return out;
    }

    private static long denominatorOf(Ratio pooledWhenNull) {
        return pooledWhenNull == null ? -1 : pooledWhenNull.denominator();
    }

    private RatioLine ratioLine(RatioKind kind, Period period, Function<Period, PeriodCounts> counts) {
        Ratio current = kind.of(counts.apply(period));
        List<Comparison> comparisons = List.of(
                Comparison.of(RatioLine.PREVIOUS, current, kind.of(counts.apply(period.previous()))),
                Comparison.of("same period last year", current, kind.of(counts.apply(period.shifted(-period.kind().perYear())))),
                Comparison.of("trailing 4-period average", current, pooled(kind, period, 4, counts)),
                Comparison.of("trailing 13-period average", current, pooled(kind, period, TRAILING, counts)));
        return new RatioLine(kind, current, settings.benchmarks().bandFor(kind).orElse(null), comparisons);
    }

    /** The average of the {@code n} periods before this one, pooled: their counts summed, not their percentages. */
    private static Ratio pooled(RatioKind kind, Period period, int n, Function<Period, PeriodCounts> counts) {
        long num = 0;
        long den = 0;
        for (int back = 1; back <= n; back++) {
            Ratio r = kind.of(counts.apply(period.shifted(-back)));
            num += r.numerator();
            den += r.denominator();
        }
        return new Ratio(num, den);
    }

    private LaggedRate lagged(Period period, Function<Period, PeriodCounts> counts) {
        Map<Long, Long> histogram = new TreeMap<>();
        for (int back = 0; back < TRAILING; back++) {
            addHistogram(histogram, counts.apply(period.shifted(-back)), Metric.daysTo(Stage.SQL));
        }
        Double medianDays = median(histogram);
        boolean configured = settings.lagOverride() != null;
        int lag = configured ? settings.lagOverride()
                : medianDays == null ? 0 : (int) Math.round(medianDays / period.kind().averageDays());
        lag = Math.min(lag, TRAILING);
        Period mqlPeriod = period.shifted(-lag);
        return new LaggedRate(lag, medianDays, configured, mqlPeriod,
                new Ratio(counts.apply(period).count(Stage.SQL), counts.apply(mqlPeriod).count(Stage.MQL)));
    }

    private List<StageStep> steps(Period period, Function<Period, PeriodCounts> counts) {
        PeriodCounts now = counts.apply(period);
        List<StageStep> steps = new ArrayList<>();
        Stage[] stages = Stage.values();
        for (int i = 1; i < stages.length; i++) {
            Stage from = stages[i - 1];
            Stage to = stages[i];
            long num = 0;
            long den = 0;
            for (int back = 1; back <= 4; back++) {
                PeriodCounts before = counts.apply(period.shifted(-back));
                num += before.count(to);
                den += before.count(from);
            }
            Map<Long, Long> histogram = new TreeMap<>();
            addHistogram(histogram, now, Metric.daysTo(to));
            steps.add(new StageStep(from, to, new Ratio(now.count(to), now.count(from)),
                    new Ratio(now.count(to), now.count(Stage.LEAD)), median(histogram), new Ratio(num, den)));
        }
        return steps;
    }

    private RelatedMetrics related(Period period, PeriodCounts now, Map<String, BigDecimal> allTime, PeriodCounts since) {
        Map<String, Long> byRep = new TreeMap<>();
        valuesOf(now, Metric.ACTIVITIES, Dimension.REP).forEach(rep ->
                byRep.put(rep, now.count(Counter.named(Metric.ACTIVITIES, Dimension.REP, rep))));
        Double perRep = byRep.isEmpty() ? null : (double) now.count(Metric.ACTIVITIES) / byRep.size();
        List<FunnelReport.Unconverted> unconvertedWon = unconverted(now.totals(), Metric.WON_UNCONVERTED, Metric.WON_VALUE_UNCONVERTED);
        // The average is over the deals whose value the won value holds.
        long won = now.count(Metric.WON) - unconvertedWon.stream().mapToLong(FunnelReport.Unconverted::deals).sum();
        BigDecimal wonValue = now.amount(Metric.WON_VALUE);
        BigDecimal average = won <= 0 ? null : wonValue.divide(BigDecimal.valueOf(won), 2, RoundingMode.HALF_UP);
        BigDecimal lifetime = average == null ? null : average.multiply(settings.purchasesPerCustomerPerYear())
                .multiply(settings.expectedLifetimeYears()).setScale(2, RoundingMode.HALF_UP);
        // Active customers now, less those gained since the period began, plus those lost since: the customers
        // the period started with.
        long activeNow = allTime.getOrDefault(Metric.ACTIVE_CUSTOMERS, BigDecimal.ZERO).longValue();
        long atStart = Math.max(0, activeNow - since.count(Stage.CUSTOMER) + since.count(Metric.CHURNED));
        return new RelatedMetrics(byRep, perRep, average, lifetime,
                settings.purchasesPerCustomerPerYear(), settings.expectedLifetimeYears(), new Ratio(now.count(Metric.CHURNED), atStart),
                allTime.getOrDefault(Metric.OPEN_DEALS, BigDecimal.ZERO).longValue(),
                allTime.getOrDefault(Metric.OPEN_PIPELINE_VALUE, BigDecimal.ZERO), wonValue,
                settings.wonValueGoals().get(period.kind()), unconvertedWon,
                unconverted(allTime, Metric.OPEN_DEALS_UNCONVERTED, Metric.OPEN_PIPELINE_VALUE_UNCONVERTED));
    }

    /** The deals counted apart by currency under {@code countMetric}, with their amounts under {@code valueMetric}. */
    private static List<FunnelReport.Unconverted> unconverted(Map<String, BigDecimal> totals, String countMetric, String valueMetric) {
        String prefix = countMetric + "|" + Dimension.CURRENCY + "=";
        List<FunnelReport.Unconverted> out = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> e : new TreeMap<>(totals).entrySet()) {
            if (!e.getKey().startsWith(prefix) || e.getValue().signum() == 0) continue;
            String currency = e.getKey().substring(prefix.length());
            out.add(new FunnelReport.Unconverted(currency, e.getValue().longValue(),
                    totals.getOrDefault(Counter.named(valueMetric, Dimension.CURRENCY, currency), BigDecimal.ZERO)));
        }
        return out;
    }

    private List<Breakdown> breakdowns(PeriodCounts now) {
        List<Breakdown> out = new ArrayList<>();
        for (RatioKind kind : List.of(RatioKind.LEADS_TO_CLOSE, RatioKind.QUALIFIED_LEADS_TO_CLOSE, RatioKind.MQL_TO_SQL, RatioKind.CLOSE_RATE)) {
            for (String dimension : Dimension.BREAKDOWNS) {
                String counterDimension = kind.breakdownDimension(dimension);
                if (counterDimension == null) continue;
                List<BreakdownRow> rows = new ArrayList<>();
                long otherNum = 0;
                long otherDen = 0;
                for (String value : valuesOf(now, null, counterDimension)) {
                    Ratio r = kind.of(now, counterDimension, value);
                    if (r.denominator() == 0 && r.numerator() == 0) continue;
                    if (r.denominator() < settings.minGroupSize()) {
                        otherNum += r.numerator();
                        otherDen += r.denominator();
                    } else {
                        rows.add(new BreakdownRow(value, r));
                    }
                }
                rows.sort(Comparator.comparingLong((BreakdownRow r) -> r.ratio().denominator()).reversed());
                if (otherNum > 0 || otherDen > 0) rows.add(new BreakdownRow("other", new Ratio(otherNum, otherDen)));
                if (!rows.isEmpty()) out.add(new Breakdown(dimension, kind, rows));
            }
        }
        return out;
    }

    /** Win rates by attribute value over the analysis window, against the overall rate, with suggestions. */
    private List<WinFactor> whatWins(Period period, Function<Period, PeriodCounts> counts) {
        Map<String, BigDecimal> pooled = new TreeMap<>();
        for (int back = 0; back < settings.winAnalysisPeriods(); back++) {
            counts.apply(period.shifted(-back)).totals().forEach((k, v) -> pooled.merge(k, v, BigDecimal::add));
        }
        PeriodCounts window = new PeriodCounts(period, pooled);
        long won = window.count(Metric.WON);
        long closed = won + window.count(Metric.LOST);
        if (closed == 0) return List.of();
        Ratio overall = new Ratio(won, closed);
        QualifiedLeadDefinition definition = settings.qualification().inForceOn(period.end().minusDays(1));
        List<String> attributes = new ArrayList<>(WIN_ATTRIBUTES);
        for (String dimension : dimensionsOf(window, Metric.WON)) {
            if (!Dimension.BREAKDOWNS.contains(dimension) && !NOT_LEAD_ATTRIBUTES.contains(dimension)) attributes.add(dimension);
        }
        List<WinFactor> factors = new ArrayList<>();
        for (String attribute : attributes) {
            for (String value : valuesOf(window, Metric.WON, attribute, Metric.LOST)) {
                if (value.equals(Metric.UNKNOWN)) continue;
                long w = window.count(Counter.named(Metric.WON, attribute, value));
                long n = w + window.count(Counter.named(Metric.LOST, attribute, value));
                if (n == 0) continue;
                Wilson interval = Wilson.of(w, n);
                factors.add(new WinFactor(attribute, value, w, n, interval, overall,
                        suggestion(attribute, value, w, n, interval, (double) won / closed, definition)));
            }
        }
        factors.sort(Comparator.comparing((WinFactor f) -> f.suggestion() == null)
                .thenComparing(Comparator.comparingDouble((WinFactor f) -> Math.abs(f.rate() - f.overallRate())).reversed()));
        return factors;
    }

    private String suggestion(String attribute, String value, long won, long closed, Wilson interval, double overall,
                              QualifiedLeadDefinition definition) {
        if (closed < settings.minDealsForSuggestion() || interval.contains(overall)) return null;
        String evidence = String.format(Locale.ROOT, "leads with %s = %s close at %.0f%% vs %.0f%% overall across %d deals",
                attribute, value, 100.0 * won / closed, 100 * overall, closed);
        boolean named = definition.rules().stream().anyMatch(r -> r.attribute().equals(attribute));
        if (interval.low() > overall) {
            return evidence + (named ? ": make sure the qualified-lead definition keeps them" : ": consider qualifying them");
        }
        return evidence + (named ? ": consider tightening the qualified-lead definition to exclude them"
                : ": consider excluding them from the qualified-lead definition");
    }

    private static List<ReasonCount> reasons(PeriodCounts now, String metric) {
        List<ReasonCount> out = new ArrayList<>();
        for (String reason : valuesOf(now, metric, Dimension.REASON)) {
            out.add(new ReasonCount(reason, now.count(Counter.named(metric, Dimension.REASON, reason))));
        }
        out.sort(Comparator.comparingLong(ReasonCount::count).reversed().thenComparing(ReasonCount::reason));
        out.removeIf(r -> r.count() == 0);
        return out;
    }

    /** The values a dimension takes in any of {@code metrics} (any metric when none is given). */
    static List<String> valuesOf(PeriodCounts counts, String metric, String dimension, String... moreMetrics) {
        TreeSet<String> values = new TreeSet<>();
        List<String> metrics = new ArrayList<>();
        if (metric != null) metrics.add(metric);
        metrics.addAll(List.of(moreMetrics));
        String marker = "|" + dimension + "=";
        for (String name : counts.totals().keySet()) {
            int at = name.indexOf(marker);
            if (at < 0) continue;
            if (!metrics.isEmpty() && !metrics.contains(name.substring(0, at))) continue;
            values.add(name.substring(at + marker.length()));
        }
        return new ArrayList<>(values);
    }

    /** The dimensions {@code metric} is kept by, e.g. the analysis attributes deals carry. */
    private static TreeSet<String> dimensionsOf(PeriodCounts counts, String metric) {
        TreeSet<String> dims = new TreeSet<>();
        for (String name : counts.totals().keySet()) {
            if (name.startsWith(metric + "|")) dims.add(name.substring(metric.length() + 1, name.indexOf('=')));
        }
        return dims;
    }

    private static void addHistogram(Map<Long, Long> histogram, PeriodCounts counts, String metric) {
        for (String days : valuesOf(counts, metric, Dimension.DAYS)) {
            histogram.merge(Long.parseLong(days), counts.count(Counter.named(metric, Dimension.DAYS, days)), Long::sum);
        }
    }

    /**
     * The median of a histogram of whole days, or null when it is empty. Buckets that sum to zero (or less) hold no
     * lead: a late event moved their duration elsewhere, so they are skipped, never averaged in as a neighbour.
     */
    static Double median(Map<Long, Long> histogram) {
        TreeMap<Long, Long> buckets = new TreeMap<>(histogram);
        buckets.values().removeIf(n -> n <= 0);
        long total = buckets.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) return null;
        long seen = 0;
        Long lower = null;
        for (Map.Entry<Long, Long> bucket : buckets.entrySet()) {
            seen += bucket.getValue();
            if (lower == null && seen * 2 >= total) {
                lower = bucket.getKey();
                if (seen * 2 > total || total % 2 == 1) return lower.doubleValue();
            } else if (lower != null) {
                return (lower + bucket.getKey()) / 2.0;
            }
        }
        return lower == null ? null : lower.doubleValue();
    }
}
