package io.leadloop.funnel;

import java.util.function.Function;

/** The ratios the report computes, each defined by which counts make its numerator and denominator. */
public enum RatioKind {
    LEADS_TO_CLOSE("Leads-to-Close", "deals won / leads created × 100", "leads created",
            c -> new Ratio(c.won(), c.leads())),
    MQL_TO_SQL("MQL-to-SQL", "SQLs reached / MQLs reached × 100", "MQLs reached",
            c -> new Ratio(c.sqls(), c.mqls())),
    CLOSE_RATE("Close Rate", "deals won / deals closed (won + lost) × 100", "deals closed",
            c -> new Ratio(c.won(), c.closed()));

    private final String label;
    private final String formula;
    private final String denominator;
    private final Function<StageCounts, Ratio> compute;

    RatioKind(String label, String formula, String denominator, Function<StageCounts, Ratio> compute) {
        this.label = label;
        this.formula = formula;
        this.denominator = denominator;
        this.compute = compute;
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

    public Ratio of(StageCounts counts) {
        return compute.apply(counts);
    }
}
