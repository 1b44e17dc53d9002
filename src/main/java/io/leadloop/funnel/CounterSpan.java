package io.leadloop.funnel;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The stretch of local days one stored counter item covers: a day, or the ISO week (Monday to Sunday) that every
 * day's counters are also rolled up into. A period of many weeks then reads a few week items instead of seven day
 * items per week, which keeps the report's cost at the number of weeks, not days.
 */
public sealed interface CounterSpan permits CounterSpan.Day, CounterSpan.Week {

    record Day(LocalDate day) implements CounterSpan {}

    /** The week starting on {@code monday}. */
    record Week(LocalDate monday) implements CounterSpan {
        public Week {
            if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
                throw new IllegalArgumentException("a week span starts on a Monday, not on " + monday);
            }
        }
    }

    static Week weekOf(LocalDate day) {
        return new Week(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    /**
     * The fewest spans that cover {@code [start, end)} exactly: the whole weeks inside it that start on or after
     * {@code weeksFrom} (from that Monday on, every week's roll-up is complete), and single days for the rest.
     */
    static List<CounterSpan> cover(LocalDate start, LocalDate end, LocalDate weeksFrom) {
        List<CounterSpan> spans = new ArrayList<>();
        LocalDate day = start;
        while (day.isBefore(end)) {
            boolean wholeWeek = day.getDayOfWeek() == DayOfWeek.MONDAY && !day.isBefore(weeksFrom) && !day.plusDays(7).isAfter(end);
            if (wholeWeek) {
                spans.add(new Week(day));
                day = day.plusDays(7);
            } else {
                spans.add(new Day(day));
                day = day.plusDays(1);
            }
        }
        return spans;
    }
}
