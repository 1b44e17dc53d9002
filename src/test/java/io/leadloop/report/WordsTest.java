package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.settings.Language;
import io.leadloop.testing.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both languages have every message, with the same arguments, and numbers read the local way. */
@Unit
class WordsTest {

    @Test
    void everyMessageFormatsInBothLanguagesWithTheSameArguments() {
        Object[] args = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        List<String> untranslated = new ArrayList<>();
        for (String key : Words.keys()) {
            String en = new Words(Language.EN).t(key, args);
            String es = new Words(Language.ES).t(key, args);
            if (en.equals(es) && en.matches(".*[a-z]{4,}.*") && !key.startsWith("audience.") && !key.startsWith("dim.")
                    && !key.equals("col.lead") && !key.equals("stage.lead") && !key.equals("col.count")) {
                untranslated.add(key + " = " + en);
            }
        }
        assertEquals(List.of(), untranslated, "messages left in English in the Spanish email");
    }

    @Test
    void numbersAndPeriodsReadTheLocalWay() {
        Fmt en = new Fmt(new Words(Language.EN), "EUR");
        Fmt es = new Fmt(new Words(Language.ES), "EUR");
        assertEquals("33.3% (1 / 3)", en.withCounts(new Ratio(1, 3), RatioKind.CLOSE_RATE));
        assertEquals("33,3\u00a0% (1 / 3)", es.withCounts(new Ratio(1, 3), RatioKind.CLOSE_RATE));
        assertEquals("n/a (no deals closed)", en.withCounts(new Ratio(0, 0), RatioKind.CLOSE_RATE));
        assertEquals("n/d (ningún trato cerrado)", es.withCounts(new Ratio(0, 0), RatioKind.CLOSE_RATE));
        assertEquals("€18,500", en.money(new java.math.BigDecimal("18500")));
        assertEquals("18.500\u00a0€", es.money(new java.math.BigDecimal("18500")), "the currency, after a non-breaking space");
        assertEquals("€1,234.50", en.money(new java.math.BigDecimal("1234.5")));
        assertEquals("$1,234.50", new Fmt(new Words(Language.EN), "USD").money(new java.math.BigDecimal("1234.5")));
        assertEquals("Week 47, 16–22 Nov 2026", new Words(Language.EN).period(Period.parse("2026-W47")));
        assertEquals("Semana 53, 28 dic 2026 – 3 ene 2027", new Words(Language.ES).period(Period.parse("2026-W53")));
        assertEquals("November 2026", new Words(Language.EN).period(Period.parse("2026-11")));
        assertTrue(new Words(Language.ES).period(Period.parse("2026-Q4")).startsWith("T4 2026"));
    }
}
