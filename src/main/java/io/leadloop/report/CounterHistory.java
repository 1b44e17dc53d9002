package io.leadloop.report;

import io.leadloop.funnel.CounterSpan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/**
 * The daily counters the funnel keeps, as the report reads them: it never reads leads, so its cost grows with the
 * days and weeks it looks at, not with history. Each counter is summed over however the adapter spreads it.
 */
public interface CounterHistory {

    /** Each span's counters; spans without any are absent. */
    Map<CounterSpan, Map<String, BigDecimal>> countersOf(Collection<? extends CounterSpan> spans);

    /** The all-time running totals (open pipeline, active customers). */
    Map<String, BigDecimal> allTimeCounters();

    /**
     * Events applied on each day ({@link io.leadloop.funnel.Metric#EVENTS_APPLIED}), for the data-health check; days
     * without any are absent.
     */
    Map<LocalDate, Long> eventsAppliedOn(Collection<LocalDate> days);

    /** The first Monday from which every week's counters can be read as one {@link CounterSpan.Week}. */
    LocalDate weekRollupsFrom();
}
