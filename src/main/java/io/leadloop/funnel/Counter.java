package io.leadloop.funnel;

import java.time.LocalDate;

/**
 * One additive number of one local day, e.g. {@code won|owner=alice} on 2026-11-17. The report reads only
 * these, never leads, so its cost grows with days and dimensions, not with history.
 * Names are a metric, optionally followed by {@code |dimension=value}.
 */
public record Counter(LocalDate day, String name) {

    /** A running total over all time (day null), for stocks such as open pipeline or active customers. */
    public static Counter allTime(String name) {
        return new Counter(null, name);
    }

    public boolean isAllTime() {
        return day == null;
    }

    public static String named(String metric, String dimension, String value) {
        return metric + '|' + dimension + '=' + clean(value);
    }

    private static String clean(String value) {
        if (value == null || value.isBlank()) {
            return Metric.UNKNOWN;
        }
        return value.strip().replace('|', '/').replace('=', ':');
    }
}
