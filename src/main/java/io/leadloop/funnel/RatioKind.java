package io.leadloop.funnel;

import java.util.List;

/**
 * The ratios the report computes, each defined by the counters of its numerator and denominator, so the same
 * definition serves the whole period and every breakdown value ({@code metric|dimension=value}).
 */
public enum RatioKind {
    LEADS_TO_CLOSE("Leads-to-Close", "deals won / leads created × 100", "leads created",
            List.of(Metric.WON), List.of("lead")),
    QUALIFIED_LEADS_TO_CLOSE("Qualified-Leads-to-Close", "deals won from qualified leads / qualified leads created × 100",
            "qualified leads created", List.of(Counter.named(Metric.WON, Dimension.ICP_FIT, "yes")),
            List.of(Counter.named("lead", Dimension.ICP_FIT, "yes"))),
    MQL_TO_SQL("MQL-to-SQL (period)", "SQLs reached in the period / MQLs reached in the period × 100", "MQLs reached",
            List.of("sql"), List.of("mql")),
    CLOSE_RATE("Close Rate", "deals won / deals closed (won + lost) × 100", "deals closed",
            List.of(Metric.WON), List.of(Metric.WON, Metric.LOST)),
    OPPORTUNITY_TO_WIN("Opportunity-to-Win", "deals won / deals opened in the period × 100", "deals opened",
            List.of(Metric.WON), List.of(Metric.DEALS_CREATED));

    private final String label;
    private final String formula;
    private final String denominator;
    private final List<String> numeratorCounters;
    private final List<String> denominatorCounters;

    RatioKind(String label, String formula, String denominator, List<String> numeratorCounters, List<String> denominatorCounters) {
        this.label = label;
        this.formula = formula;
        this.denominator = denominator;
        this.numeratorCounters = numeratorCounters;
        this.denominatorCounters = denominatorCounters;
    }

    public String label() {
        return label;
    }

    public String formula() {
        return formula;
    }

    /** What the denominator counts, for saying "no leads created" instead of printing 0%. */
    public String denominator() {
        return denominator;
    }

    public Ratio of(PeriodCounts counts) {
        return new Ratio(sum(counts, numeratorCounters, null, null), sum(counts, denominatorCounters, null, null));
    }

    /**
     * The ratio among leads or deals with {@code dimension = value}. By owner, a ratio over leads counts its won
     * deals by the lead's owner, so numerator and denominator count one person's leads, not an SDR's leads below an
     * AE's deals.
     */
    public Ratio of(PeriodCounts counts, String dimension, String value) {
        String numeratorDimension = overLeads() && Dimension.OWNER.equals(dimension) ? Dimension.LEAD_OWNER : dimension;
        return new Ratio(sum(counts, numeratorCounters, numeratorDimension, value), sum(counts, denominatorCounters, dimension, value));
    }

    /** Whether the denominator counts leads (so deals in the numerator are attributed through their lead). */
    private boolean overLeads() {
        return this == LEADS_TO_CLOSE || this == QUALIFIED_LEADS_TO_CLOSE;
    }

    /**
     * The counter dimension a breakdown of this ratio is read from, or null when it has none: the qualified
     * ratio is kept by source only (as {@link Dimension#QUALIFIED_SOURCE}).
     */
    public String breakdownDimension(String dimension) {
        if (this != QUALIFIED_LEADS_TO_CLOSE) return dimension;
        return dimension.equals(Dimension.SOURCE) ? Dimension.QUALIFIED_SOURCE : null;
    }

    private static long sum(PeriodCounts counts, List<String> names, String dimension, String value) {
        long total = 0;
        for (String name : names) {
            String base = name.contains("|") ? name.substring(0, name.indexOf('|')) : name;
            total += counts.count(dimension == null ? name : Counter.named(base, dimension, value));
        }
        return total;
    }
}
