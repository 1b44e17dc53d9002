package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadloop.funnel.CounterSpan.Day;
import io.leadloop.funnel.CounterSpan.Week;
import io.leadloop.testing.Unit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@Unit
class CounterSpanTest {

    private static LocalDate d(String day) {
        return LocalDate.parse(day);
    }

    @Test
    void aWeekIsOneSpan() {
        Period week = Period.parse("2026-W47");
        assertEquals(List.of(new Week(d("2026-11-16"))), CounterSpan.cover(week.start(), week.end(), LocalDate.EPOCH));
    }

    @Test
    void aMonthIsItsWholeWeeksWithDaysAtTheEdges() {
        Period november = Period.parse("2026-11");
        List<CounterSpan> expected = new ArrayList<>();
        expected.add(new Day(d("2026-11-01")));                      // a Sunday: its week began in October
        for (String monday : List.of("2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23")) expected.add(new Week(d(monday)));
        expected.add(new Day(d("2026-11-30")));                      // a Monday whose week ends in December
        assertEquals(expected, CounterSpan.cover(november.start(), november.end(), LocalDate.EPOCH));
    }

    @Test
    void weeksBeforeTheRollupsAreCompleteAreReadAsDays() {
        List<CounterSpan> spans = CounterSpan.cover(d("2026-11-09"), d("2026-11-23"), d("2026-11-16"));
        assertEquals(8, spans.size());
        assertEquals(new Day(d("2026-11-09")), spans.get(0));
        assertEquals(new Day(d("2026-11-15")), spans.get(6));
        assertEquals(new Week(d("2026-11-16")), spans.get(7));
    }

    @Test
    void everyDayIsCoveredExactlyOnce() {
        LocalDate start = d("2025-12-29");
        LocalDate end = d("2026-04-01");
        List<LocalDate> covered = new ArrayList<>();
        for (CounterSpan span : CounterSpan.cover(start, end, d("2026-02-11"))) {
            if (span instanceof Week w) w.monday().datesUntil(w.monday().plusDays(7)).forEach(covered::add);
            else covered.add(((Day) span).day());
        }
        assertEquals(start.datesUntil(end).toList(), covered);
    }

    @Test
    void aWeekStartsOnMonday() {
        assertEquals(new Week(d("2026-11-16")), CounterSpan.weekOf(d("2026-11-22")));
        assertThrows(IllegalArgumentException.class, () -> new Week(d("2026-11-17")));
    }
}
