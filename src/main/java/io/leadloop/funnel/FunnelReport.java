package io.leadloop.funnel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Everything a period's report says, computed from counters alone; docs/metrics.md explains every number. */
public record FunnelReport(
        Period period,
        String timezone,
        List<DefinitionInForce> qualifiedLeadDefinitions,
        StageCounts current,
        StageCounts previous,
        List<RatioLine> ratios,
        LaggedRate laggedMqlToSql,
        Cohort mqlCohort,
        List<StageStep> steps,
        StageStep bottleneck,
        RelatedMetrics related,
        List<Breakdown> breakdowns,
        List<WinFactor> whatWins,
        List<ReasonCount> disqualificationReasons,
        List<ReasonCount> lossReasons,
        List<SegmentViews> mqlToSqlBySegment,
        List<TrendPoint> trend,
        List<Move> movers,
        List<RepLine> reps,
        RepAttribution repAttribution) {

    public FunnelReport {
        qualifiedLeadDefinitions = List.copyOf(qualifiedLeadDefinitions);
        mqlToSqlBySegment = List.copyOf(mqlToSqlBySegment);
        trend = List.copyOf(trend);
        movers = List.copyOf(movers);
        reps = List.copyOf(reps);
        ratios = List.copyOf(ratios);
        steps = List.copyOf(steps);
        breakdowns = List.copyOf(breakdowns);
        whatWins = List.copyOf(whatWins);
        disqualificationReasons = List.copyOf(disqualificationReasons);
        lossReasons = List.copyOf(lossReasons);
    }

    /**
     * The qualified-lead definition(s) that judged the period's leads: one, or each with its days when a new one
     * took effect inside the period ("2026-11-30 – 2026-11-30: … ; 2026-12-01 – 2026-12-06: …", dates inclusive).
     */
    public String qualifiedLeadDefinition() {
        if (qualifiedLeadDefinitions.size() == 1) return qualifiedLeadDefinitions.get(0).description();
        return String.join("; ", qualifiedLeadDefinitions.stream().map(d -> d.start() + " – " + d.end().minusDays(1)
                + ": " + d.description()).toList());
    }

    /**
     * A definition in force on the days {@code [start, end)} of the period; {@code effectiveFrom} is the definition's own
     * start, null when none is configured (every lead qualifies).
     */
    public record DefinitionInForce(LocalDate effectiveFrom, LocalDate start, LocalDate end, String description) {}

    public RatioLine ratio(RatioKind kind) {
        return ratios.stream().filter(l -> l.kind() == kind).findFirst().orElseThrow();
    }

    public boolean isEmpty() {
        return current.leads() == 0 && current.mqls() == 0 && current.sqls() == 0 && current.closed() == 0;
    }

    /**
     * MQL-to-SQL as the Spanish article defines it for a sales cycle: SQLs of this period over MQLs of the period
     * {@code lagPeriods} earlier; the lag is the observed median MQL→SQL time in whole periods unless configured.
     */
    public record LaggedRate(int lagPeriods, Double medianDays, boolean configured, Period mqlPeriod, Ratio ratio) {}

    /** Of the MQLs of an earlier period, how many have reached SQL by now, been disqualified, or are still open. */
    public record Cohort(Period mqlPeriod, long mqls, long reachedSql, long disqualified) {
        public long stillOpen() {
            return Math.max(0, mqls - reachedSql - disqualified);
        }

        public Ratio share() {
            return new Ratio(reachedSql, mqls);
        }
    }

    /** One funnel step: this period's next-step and cumulative conversion, its median days, its trailing average. */
    public record StageStep(Stage from, Stage to, Ratio nextStep, Ratio cumulative, Double medianDays, Ratio trailingAverage) {
        /** How far below its own trailing average the step fell, in points (null when undefined). */
        public Double dropPoints() {
            if (!nextStep.defined() || !trailingAverage.defined()) return null;
            return trailingAverage.percent().getAsDouble() - nextStep.percent().getAsDouble();
        }
    }

    /**
     * The related metrics of mql-to-sql-conversion.es.txt. The lifetime value is the average deal value times the two
     * configured assumptions, kept as numbers so that every reader can state them in its own language. Values are in
     * the reporting currency; the deals no rate converted are left out of them and listed, by currency, in
     * {@code unconvertedWon} (won in the period) and {@code unconvertedOpen} (open now).
     */
    public record RelatedMetrics(Map<String, Long> activityByRep, Double activityPerRep, BigDecimal averageDealValue,
                                 BigDecimal customerLifetimeValue, BigDecimal purchasesPerCustomerPerYear,
                                 BigDecimal expectedLifetimeYears, Ratio churn,
                                 long openDeals, BigDecimal openPipelineValue, BigDecimal wonValue, BigDecimal wonValueGoal,
                                 List<Unconverted> unconvertedWon, List<Unconverted> unconvertedOpen) {
        public RelatedMetrics {
            unconvertedWon = List.copyOf(unconvertedWon);
            unconvertedOpen = List.copyOf(unconvertedOpen);
        }

        /** The assumptions in the report JSON's and the CSV's one fixed English form. */
        public String lifetimeValueInputs() {
            return "average deal value × " + purchasesPerCustomerPerYear.toPlainString() + " purchases per customer per year × "
                    + expectedLifetimeYears.toPlainString() + " years";
        }

        public Double goalPercent() {
            if (wonValueGoal == null || wonValueGoal.signum() == 0) return null;
            return 100 * wonValue.doubleValue() / wonValueGoal.doubleValue();
        }
    }

    /** Deals in {@code currency} whose amounts, {@code amount} in that currency, no configured rate converted. */
    public record Unconverted(String currency, long deals, BigDecimal amount) {}

    /** A ratio broken down by one dimension; small groups are folded into "other". */
    public record Breakdown(String dimension, RatioKind kind, List<BreakdownRow> rows) {}

    public record BreakdownRow(String value, Ratio ratio) {}

    /** One attribute value's win rate against the overall one, with its 95% interval and a suggestion if warranted. */
    /** {@code overall}: every deal won over every deal closed in the window, so the comparison keeps its counts. */
    public record WinFactor(String attribute, String value, long won, long closed, Wilson interval, Ratio overall,
                            String suggestion) {
        public double rate() {
            return closed == 0 ? 0 : (double) won / closed;
        }

        public double overallRate() {
            return (double) overall.numerator() / overall.denominator();
        }
    }

    public record ReasonCount(String reason, long count) {}

    /** MQL-to-SQL of one breakdown (source, campaign or form) in its three views, one row per value. */
    public record SegmentViews(String dimension, List<SegmentView> rows) {
        public SegmentViews {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One value's MQL-to-SQL: this period's SQLs over its MQLs, this period's SQLs over the MQLs of the lag period,
     * and the share of the cohort period's MQLs that have reached SQL by now. Each view follows its own minimum: a
     * view whose denominator is under {@code min_group_size} is null here and counted in that view of "other".
     */
    public record SegmentView(String value, Ratio period, Ratio lagged, Ratio cohort) {}

    /** The main ratios of one period, for the trend of the last {@link FunnelAnalysis#TRAILING} periods. */
    public record TrendPoint(Period period, Map<RatioKind, Ratio> ratios) {
        public TrendPoint {
            ratios = Map.copyOf(ratios);
        }

        public Ratio ratio(RatioKind kind) {
            return ratios.getOrDefault(kind, new Ratio(0, 0));
        }
    }

    /**
     * One rep's period in one role, never folded into "other" (the email greys small samples instead). Sourced by:
     * the deals from the leads the rep owns — their close rate, leads-to-close over the rep's leads, their won value.
     * Closed by: the deals the rep owns — close rate and won value; {@code leadsToClose} is null, because the leads
     * below it would be other people's. Activities are the rep's own, on each of their lines.
     */
    public record RepLine(String rep, RepAttribution.Role role, Ratio closeRate, Ratio leadsToClose, long activities,
                          BigDecimal wonValue) {}

    /** The breakdown of {@code kind} by {@code dimension}, if the period has one. */
    public java.util.Optional<Breakdown> breakdown(RatioKind kind, String dimension) {
        return breakdowns.stream().filter(b -> b.kind() == kind && b.dimension().equals(dimension)).findFirst();
    }

    /** The breakdown that moved {@code kind} most since the previous period, or empty when nothing moved. */
    public java.util.Optional<Move> mover(RatioKind kind) {
        return movers.stream().filter(m -> m.kind() == kind).findFirst();
    }
}
