package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTest {

    private static StageCounts counts(long leads, long mqls, long sqls, long won, long lost) {
        return new StageCounts(leads, mqls, sqls, 0, won, won, lost, BigDecimal.ZERO);
    }

    @Test
    void leadsToCloseIsTheSeedsWorkedExample() {
        // leads-to-close-ratio.txt: 100 leads generated, 25 deals closed -> (25 / 100) x 100 = 25%.
        Ratio ratio = RatioKind.LEADS_TO_CLOSE.of(counts(100, 0, 0, 25, 0));

        assertEquals(new Ratio(25, 100), ratio);
        assertEquals(25.0, ratio.percent().getAsDouble(), 1e-9);
    }

    @Test
    void theSeedExampleIsWithinTheHealthyBand() {
        Band band = Benchmarks.DEFAULT.bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow();

        assertEquals(Verdict.WITHIN, band.verdict(new Ratio(25, 100)));
        assertEquals(Verdict.BELOW, band.verdict(new Ratio(19, 100)));
        assertEquals(Verdict.ABOVE, band.verdict(new Ratio(31, 100)));
        assertEquals(Verdict.WITHIN, band.verdict(new Ratio(20, 100)), "the band's edges are healthy");
        assertEquals(Verdict.WITHIN, band.verdict(new Ratio(30, 100)));
    }

    @Test
    void aZeroDenominatorHasNoPercentAndNoVerdict() {
        Ratio none = RatioKind.LEADS_TO_CLOSE.of(counts(0, 0, 0, 3, 0));

        assertFalse(none.defined());
        assertTrue(none.percent().isEmpty(), "never NaN, never 0%");
        assertEquals(Verdict.NO_DATA, Benchmarks.DEFAULT.bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow().verdict(none));
        assertTrue(RatioKind.MQL_TO_SQL.of(counts(5, 0, 0, 0, 0)).percent().isEmpty());
        assertTrue(RatioKind.CLOSE_RATE.of(counts(5, 0, 0, 0, 0)).percent().isEmpty());
    }

    @Test
    void mqlToSqlAndCloseRateUseTheirOwnCounts() {
        // 12 SQLs of 40 MQLs = 30%; 6 won of 6 + 9 closed = 40%.
        StageCounts c = counts(80, 40, 12, 6, 9);

        assertEquals(30.0, RatioKind.MQL_TO_SQL.of(c).percent().getAsDouble(), 1e-9);
        assertEquals(40.0, RatioKind.CLOSE_RATE.of(c).percent().getAsDouble(), 1e-9);
    }

    @Test
    void aReportComparesWithThePreviousPeriodInPoints() {
        Period week = Period.parse("2026-W47");
        PeriodCounts now = new PeriodCounts(week, Map.of("lead", BigDecimal.valueOf(100), "won", BigDecimal.valueOf(25)));
        PeriodCounts before = new PeriodCounts(week.previous(), Map.of("lead", BigDecimal.valueOf(50), "won", BigDecimal.valueOf(10)));

        RatioLine line = FunnelReport.of(now, before, "UTC", Benchmarks.DEFAULT).ratio(RatioKind.LEADS_TO_CLOSE);

        // 25% now against 10 / 50 = 20% before: +5 points.
        assertEquals(5.0, line.changeInPoints(), 1e-9);
        assertEquals(Verdict.WITHIN, line.verdict());
        assertEquals(Verdict.NO_BENCHMARK, FunnelReport.of(now, before, "UTC", Benchmarks.DEFAULT).ratio(RatioKind.CLOSE_RATE).verdict());
    }
}
