package io.leadloop.funnel;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** The daily counters of a period, summed. */
public record PeriodCounts(Period period, Map<String, BigDecimal> totals) {

    public PeriodCounts {
        totals = Map.copyOf(totals);
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
