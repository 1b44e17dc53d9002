package io.leadloop.ingest.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

@Unit
class PhaseCursorTest {

    private static final List<String> PHASES = List.of("Lead", "LeadHistory", "Opportunity");

    @Test
    void noCursorStartsTheFirstPhase() {
        PhaseCursor start = PhaseCursor.parse(null, PHASES);

        assertEquals(new PhaseCursor("Lead", ""), start);
        assertTrue(start.atStart());
    }

    @Test
    void aPageWithMoreStaysInItsPhaseAndTheLastPageOfAPhaseStartsTheNext() {
        PhaseCursor leads = PhaseCursor.parse("Lead|", PHASES);

        String more = leads.next(PHASES, "/services/data/v62.0/query/01gD0000002HU6KIAW-2000");
        assertEquals("Lead|/services/data/v62.0/query/01gD0000002HU6KIAW-2000", more);
        assertEquals(new PhaseCursor("Lead", "/services/data/v62.0/query/01gD0000002HU6KIAW-2000"), PhaseCursor.parse(more, PHASES));
        assertEquals("LeadHistory|", PhaseCursor.parse(more, PHASES).next(PHASES, null));
        assertNull(PhaseCursor.parse("Opportunity|", PHASES).next(PHASES, ""), "the last page of the last phase ends the history");
    }

    @Test
    void aCrmCursorMayHoldTheSeparator() {
        assertEquals("a|b", PhaseCursor.parse("Lead|a|b", PHASES).crmCursor());
    }

    @Test
    void anotherHistorysCursorIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PhaseCursor.parse("deals|eyJpZCI6MzAyfQ", PHASES));

        assertTrue(refused.getMessage().contains("[Lead, LeadHistory, Opportunity]"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PhaseCursor.parse("Lead", PHASES));
    }
}
