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

    /** Counted on the MQL day of a lead disqualified before reaching SQL: the cohort's losses. */
    public static final String MQL_COHORT_DISQUALIFIED = "mql_cohort_disqualified";
    public static final String CHURNED = "churned";
    /**
     * Webhook events applied, counted on the local day they were applied (not the day they occurred): silence here
     * means the CRM stopped sending, which {@link DataHealth} reports.
     */
    public static final String EVENTS_APPLIED = "events_applied";
    /** Histogram prefix: {@code days_to_sql|days=3} counts leads that took 3 whole days from MQL to SQL. */
    public static final String DAYS_TO = "days_to_";
    public static final String DAYS_TO_WON = "days_to_won";

    /** All-time stocks, kept current by the same deltas. */
    public static final String ACTIVE_CUSTOMERS = "active_customers";
    public static final String OPEN_DEALS = "open_deals";
    public static final String OPEN_PIPELINE_VALUE = "open_pipeline_value";

    /**
     * Deals whose amount no configured rate converted into the reporting currency ({@link CurrencyRates}), counted
     * apart by {@link Dimension#CURRENCY} and never in the values above: {@code won_value_unconverted|currency=USD}
     * is an amount in USD.
     */
    public static final String WON_UNCONVERTED = "won_unconverted";
    public static final String WON_VALUE_UNCONVERTED = "won_value_unconverted";
    public static final String OPEN_DEALS_UNCONVERTED = "open_deals_unconverted";
    public static final String OPEN_PIPELINE_VALUE_UNCONVERTED = "open_pipeline_value_unconverted";

    /** Durations beyond this many days are counted in the last bucket. */
    public static final int MAX_DAYS = 365;

    public static final String UNKNOWN = "unknown";

    public static String daysTo(Stage stage) {
        return DAYS_TO + stage.wireName();
    }

    public static String of(Stage stage) {
        return stage.wireName();
    }
}
