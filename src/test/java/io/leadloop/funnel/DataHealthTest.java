package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.Unit;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Unit
class DataHealthTest {

    private static final Period W47 = Period.parse("2026-W47");

    @Test
    void sevenSilentDaysMakeTheDataBroken() {
        LocalDate today = LocalDate.parse("2026-11-30");
        DataHealth healthy = DataHealth.of(Map.of(LocalDate.parse("2026-11-24"), 3L), W47, today, 7, 60);
        DataHealth broken = DataHealth.of(Map.of(LocalDate.parse("2026-11-23"), 3L, LocalDate.parse("2026-11-18"), 9L), W47, today, 7, 60);

        assertEquals(6, healthy.silentDays());
        assertFalse(healthy.broken());
        assertEquals(7, broken.silentDays());
        assertTrue(broken.broken());
        assertEquals(9, broken.eventsDuringPeriod(), "events applied on the week's own days");
    }

    @Test
    void nothingEverReceivedIsBrokenToo() {
        DataHealth never = DataHealth.of(Map.of(LocalDate.parse("2026-11-20"), 0L), W47, LocalDate.parse("2026-11-23"), 7, 100);

        assertNull(never.lastEventDay());
        assertNull(never.silentDays());
        assertTrue(never.broken());
    }
}
