package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.Unit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

@Unit
class PeriodTest {

    @Test
    void theLastCompleteWeekDependsOnTheLocalDate() {
        // Monday 2026-11-23 00:30 in Madrid is still Sunday 23:30 in UTC.
        Instant instant = Instant.parse("2026-11-22T23:30:00Z");

        assertEquals("2026-W47", Period.lastComplete(PeriodKind.WEEK, instant, ZoneId.of("Europe/Madrid")).label());
        assertEquals("2026-W46", Period.lastComplete(PeriodKind.WEEK, instant, ZoneId.of("UTC")).label());
    }

    @Test
    void aWeekWithADstChangeStillHasSevenLocalDays() {
        // Europe/Madrid leaves summer time on Sunday 2026-10-25: that ISO week has 167 hours but 7 days.
        Period week = Period.containing(PeriodKind.WEEK, LocalDate.of(2026, 10, 25));

        assertEquals(LocalDate.of(2026, 10, 19), week.start());
        assertEquals(7, week.days().size());
        assertEquals("2026-W43", week.label());
    }

    @Test
    void labelsRoundTrip() {
        for (String label : new String[] {"2026-W01", "2026-W53", "2026-11", "2026-Q4", "2027-Q1"}) {
            assertEquals(label, Period.parse(label).label());
        }
        assertEquals(LocalDate.of(2025, 12, 29), Period.parse("2026-W01").start(), "ISO week 1 of 2026 starts in 2025");
        assertEquals(LocalDate.of(2026, 10, 1), Period.parse("2026-Q4").start());
        assertEquals(LocalDate.of(2027, 1, 1), Period.parse("2026-Q4").end());
    }

    @Test
    void previousStepsBackOnePeriodAcrossYears() {
        assertEquals("2025-W52", Period.parse("2026-W01").previous().label());
        assertEquals("2025-12", Period.parse("2026-01").previous().label());
        assertEquals("2025-Q4", Period.parse("2026-Q1").previous().label());
    }

    @Test
    void aBadLabelSaysWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Period.parse("last week"));
        assertTrue(e.getMessage().contains("2026-W47"), e.getMessage());
    }
}
