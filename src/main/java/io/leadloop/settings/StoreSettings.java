package io.leadloop.settings;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Where and how the funnel is stored: the table, the timezone whose days the counters follow, how many shards each
 * day's counters are spread over, and how long raw deliveries and sent reports are kept.
 */
public record StoreSettings(String table, ZoneId zone, int counterShards, Duration retention) {

    public static final String TABLE = "LEADLOOP_TABLE";
    public static final String TIMEZONE = "LEADLOOP_TIMEZONE";
    public static final String COUNTER_SHARDS = "LEADLOOP_COUNTER_SHARDS";
    public static final String RETENTION_DAYS = "LEADLOOP_RETENTION_DAYS";

    public static StoreSettings of(Config config) {
        return new StoreSettings(config.required(TABLE, "the DynamoDB table name (template.yaml passes it)"), zone(config),
                config.integer(COUNTER_SHARDS, 4, 1, 100), Duration.ofDays(config.integer(RETENTION_DAYS, 400, 1, 3650)));
    }

    /** The company's timezone: counters are kept by its days, and dates without an offset are read in it. */
    public static ZoneId zone(Config config) {
        return config.zone(TIMEZONE, "UTC");
    }
}
