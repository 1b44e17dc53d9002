package io.leadloop.funnel;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daily counters of a period, summed. A counter whose sum is zero is dropped: a late event that moved a count
 * to another day leaves +1 and −1 on the old one, and that empty key (a histogram bucket, a breakdown value) is
 * not a value of the period.
 */
public record PeriodCounts(Period period, Map<String, BigDecimal> totals) {

    public PeriodCounts {
        Map<String, BigDecimal> nonZero = new TreeMap<>(totals);
        nonZero.values().removeIf(v -> v.signum() == 0);
        totals = Map.copyOf(nonZero);
    }

    public static PeriodCounts sum(Period period, Iterable<Map<String, BigDecimal>> days) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (Map<String, BigDecimal> day : days) {
            day.forEach((name, value) -> totals.merge(name, value, BigDecimal::add));
        }
        return new PeriodCounts(period, totals);
    }

    public long count(String name) {
        return amount(name).longValueExact();
    }

    public BigDecimal amount(String name) {
        return totals.getOrDefault(name, BigDecimal.ZERO);
    }

    public long count(Stage stage) {
        return count(Metric.of(stage));
    }

    public boolean isEmpty() {
        return totals.values().stream().allMatch(v -> v.signum() == 0);
    }
}
