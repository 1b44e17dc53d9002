package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Unit
class RatioTest {

    private static final Period WEEK = Period.parse("2026-W47");

    private static PeriodCounts counts(Object... namesAndCounts) {
        Map<String, BigDecimal> totals = new HashMap<>();
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            totals.put((String) namesAndCounts[i], BigDecimal.valueOf(((Number) namesAndCounts[i + 1]).longValue()));
        }
        return new PeriodCounts(WEEK, totals);
    }

    @Test
    void leadsToCloseIsTheSeedsWorkedExample() {
        // leads-to-close-ratio.txt: 100 leads generated, 25 deals closed -> (25 / 100) x 100 = 25%.
        Ratio ratio = RatioKind.LEADS_TO_CLOSE.of(counts("lead", 100, "won", 25));

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
    void qualifiedLeadsToCloseCountsOnlyQualifiedLeadsAndTheirDeals() {
        // 40 qualified of 100 leads; 16 of the 25 won deals came from qualified leads: 16 / 40 = 40%, inside 30-50%.
        PeriodCounts c = counts("lead", 100, "won", 25, "lead|icp_fit=yes", 40, "won|icp_fit=yes", 16);

        Ratio qualified = RatioKind.QUALIFIED_LEADS_TO_CLOSE.of(c);

        assertEquals(new Ratio(16, 40), qualified);
        assertEquals(Verdict.WITHIN, Benchmarks.DEFAULT.bandFor(RatioKind.QUALIFIED_LEADS_TO_CLOSE).orElseThrow().verdict(qualified));
    }

    @Test
    void aZeroDenominatorHasNoPercentAndNoVerdict() {
        Ratio none = RatioKind.LEADS_TO_CLOSE.of(counts("won", 3));

        assertFalse(none.defined());
        assertTrue(none.percent().isEmpty(), "never NaN, never 0%");
        assertEquals(Verdict.NO_DATA, Benchmarks.DEFAULT.bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow().verdict(none));
        assertTrue(RatioKind.MQL_TO_SQL.of(counts("lead", 5)).percent().isEmpty());
        assertTrue(RatioKind.CLOSE_RATE.of(counts("lead", 5)).percent().isEmpty());
    }

    @Test
    void mqlToSqlCloseRateAndOpportunityToWinUseTheirOwnCounts() {
        // 12 SQLs of 40 MQLs = 30%; 6 won of 6 + 9 closed = 40%; 6 won of 20 deals opened = 30%.
        PeriodCounts c = counts("lead", 80, "mql", 40, "sql", 12, "won", 6, "lost", 9, "deals_created", 20);

        assertEquals(30.0, RatioKind.MQL_TO_SQL.of(c).percent().getAsDouble(), 1e-9);
        assertEquals(40.0, RatioKind.CLOSE_RATE.of(c).percent().getAsDouble(), 1e-9);
        assertEquals(30.0, RatioKind.OPPORTUNITY_TO_WIN.of(c).percent().getAsDouble(), 1e-9);
    }

    @Test
    void aBreakdownReadsTheSameDefinitionForOneValue() {
        PeriodCounts c = counts("lead|source=webinar", 10, "won|source=webinar", 4, "lead|qualified_source=webinar", 5,
                "won|qualified_source=webinar", 3);

        assertEquals(new Ratio(4, 10), RatioKind.LEADS_TO_CLOSE.of(c, "source", "webinar"));
        String dimension = RatioKind.QUALIFIED_LEADS_TO_CLOSE.breakdownDimension("source");
        assertEquals(new Ratio(3, 5), RatioKind.QUALIFIED_LEADS_TO_CLOSE.of(c, dimension, "webinar"));
        assertEquals(null, RatioKind.QUALIFIED_LEADS_TO_CLOSE.breakdownDimension("owner"), "kept by source only");
    }

    @Test
    void profilesAndCompanyTargetsReplaceTheDefaultBand() {
        Benchmarks enterprise = Benchmarks.profile("enterprise_b2b");
        assertTrue(enterprise.bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow().highPercent() < 30, "enterprise expects lower ratios");
        assertTrue(Benchmarks.profile("saas").bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow().lowPercent() > 20, "SaaS expects higher");

        Benchmarks own = enterprise.withTarget(RatioKind.LEADS_TO_CLOSE, new Band(12, 18, "company target"));
        assertEquals("company target", own.bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow().source());
    }
}
