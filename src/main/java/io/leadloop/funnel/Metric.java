package io.leadloop.funnel;

/** Names of the counters the funnel keeps per day; stage counters use {@link Stage#wireName()}. */
public final class Metric {
    private Metric() {}

    public static final String DISQUALIFIED = "disqualified";
    public static final String DEALS_CREATED = "deals_created";
    public static final String WON = "won";
    public static final String LOST = "lost";
    public static final String WON_VALUE = "won_value";
    public static final String ACTIVITIES = "activities";
    /** Counted on the day a lead became an MQL, once that lead has also reached SQL: the cohort's conversions. */
    public static final String MQL_COHORT_SQL = "mql_cohort_sql";

    public static final String UNKNOWN = "unknown";

    public static String of(Stage stage) {
        return stage.wireName();
    }
}
