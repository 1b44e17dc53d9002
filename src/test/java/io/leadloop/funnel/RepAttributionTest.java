package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.FunnelReport.BreakdownRow;
import io.leadloop.funnel.FunnelReport.RepLine;
import io.leadloop.funnel.RepAttribution.Role;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SDR/AE team: SDRs own the leads, AEs the deals. Every rate a rep line or the owner breakdown shows counts one
 * set of people above and below the line.
 */
@Unit
class RepAttributionTest {

    private final Map<String, BigDecimal> week = new HashMap<>();

    private void put(Object... namesAndCounts) {
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            week.merge((String) namesAndCounts[i], new BigDecimal(namesAndCounts[i + 1].toString()), BigDecimal::add);
        }
    }

    private FunnelReport analyse(RepAttribution attribution) {
        AnalysisSettings d = AnalysisSettings.DEFAULT;
        AnalysisSettings settings = new AnalysisSettings(d.benchmarks(), null, d.minGroupSize(), d.minDealsForSuggestion(),
                d.winAnalysisPeriods(), d.purchasesPerCustomerPerYear(), d.expectedLifetimeYears(), d.wonValueGoals(),
                d.qualification(), attribution);
        Period p = Period.parse("2026-W47");
        return new FunnelAnalysis(settings).analyse(p, "Europe/Madrid",
                q -> new PeriodCounts(q, q.equals(p) ? week : Map.of()), Map.of(), new PeriodCounts(p, Map.of()));
    }

    /** SDRs sam (10 leads) and sue (8) source the deals AE alex closes: 3 won, 2 lost. */
    private void sdrAndAeWeek() {
        put("lead", 18, "lead|owner=sam", 10, "lead|owner=sue", 8,
                "won", 3, "won|owner=alex", 3, "won|lead_owner=sam", 2, "won|lead_owner=sue", 1,
                "lost", 2, "lost|owner=alex", 2, "lost|lead_owner=sam", 1, "lost|lead_owner=sue", 1,
                "won_value", 9000, "won_value|owner=alex", 9000, "won_value|lead_owner=sam", 7000, "won_value|lead_owner=sue", 2000,
                "activities", 12, "activities|rep=sam", 4, "activities|rep=alex", 8);
    }

    @Test
    void aDealCountsItsLeadsOwnerBesideItsOwn() {
        ZoneId zone = ZoneId.of("Europe/Madrid");
        FunnelRules rules = new FunnelRules(zone);
        Instant created = Instant.parse("2026-11-16T09:00:00Z");
        LeadState lead = rules.apply(new LeadCreated("e1", created, "L-1", new LeadProfile("webinar", null, null, "sam", Map.of())),
                LeadState.unknown("L-1"), null).lead();
        DealState deal = rules.apply(new DealCreated("e2", created, "D-1", "L-1", Money.UNKNOWN, "alex"), lead, DealState.unknown("D-1")).deal();

        var won = rules.apply(new DealWon("e3", Instant.parse("2026-11-20T12:00:00Z"), "D-1", null,
                new Money(new BigDecimal("5000"), "EUR"), null), lead, deal);

        LocalDate day = LocalDate.parse("2026-11-20");
        assertEquals(BigDecimal.ONE, won.counterDeltas().get(new Counter(day, "won|owner=alex")));
        assertEquals(BigDecimal.ONE, won.counterDeltas().get(new Counter(day, "won|lead_owner=sam")));
        assertEquals(new BigDecimal("5000"), won.counterDeltas().get(new Counter(day, "won_value|lead_owner=sam")));
    }

    @Test
    void bothRulesGiveSdrsASourcedByLineAndAesAClosedByLine() {
        sdrAndAeWeek();

        List<RepLine> reps = analyse(RepAttribution.BOTH).reps();

        assertEquals(List.of(
                new RepLine("alex", Role.CLOSED_BY, new Ratio(3, 5), null, 8, new BigDecimal("9000")),
                new RepLine("sam", Role.SOURCED_BY, new Ratio(2, 3), new Ratio(2, 10), 4, new BigDecimal("7000")),
                new RepLine("sue", Role.SOURCED_BY, new Ratio(1, 2), new Ratio(1, 8), 0, new BigDecimal("2000"))), reps);
    }

    @Test
    void theLeadOwnerRuleCreditsWhoSourcedTheDeal() {
        sdrAndAeWeek();

        List<RepLine> reps = analyse(RepAttribution.LEAD_OWNER).reps();

        assertEquals(List.of(
                new RepLine("sam", Role.SOURCED_BY, new Ratio(2, 3), new Ratio(2, 10), 4, new BigDecimal("7000")),
                new RepLine("sue", Role.SOURCED_BY, new Ratio(1, 2), new Ratio(1, 8), 0, new BigDecimal("2000")),
                // alex owns no lead: his activities get a line, with no deal of a lead he sourced.
                new RepLine("alex", Role.SOURCED_BY, new Ratio(0, 0), new Ratio(0, 0), 8, BigDecimal.ZERO)), reps);
    }

    @Test
    void theDealOwnerRuleCreditsWhoClosedItAndShowsNoLeadsToClose() {
        sdrAndAeWeek();

        List<RepLine> reps = analyse(RepAttribution.DEAL_OWNER).reps();

        assertEquals(List.of(
                new RepLine("alex", Role.CLOSED_BY, new Ratio(3, 5), null, 8, new BigDecimal("9000")),
                new RepLine("sam", Role.CLOSED_BY, new Ratio(0, 0), null, 4, BigDecimal.ZERO)), reps);
    }

    @Test
    void leadsToCloseByOwnerDividesTheDealsOfEachOwnersLeadsByThoseLeads() {
        // Issue 13's case: AEs alex and ava closed 23 deals; SDRs tim and una own 3 and 2 leads (pooled, under 5).
        // Reading won deals by the deal's owner put 23 won over those 5 leads: "other" at 460%.
        put("lead", 45, "lead|owner=sam", 40, "lead|owner=tim", 3, "lead|owner=una", 2,
                "won", 23, "won|owner=alex", 13, "won|owner=ava", 10,
                "won|lead_owner=sam", 20, "won|lead_owner=tim", 2, "won|lead_owner=una", 1);

        List<BreakdownRow> rows = analyse(RepAttribution.BOTH).breakdown(RatioKind.LEADS_TO_CLOSE, Dimension.OWNER).orElseThrow().rows();

        assertEquals(List.of(new BreakdownRow("sam", new Ratio(20, 40)), new BreakdownRow("other", new Ratio(3, 5))), rows);
        assertTrue(rows.stream().noneMatch(r -> r.value().equals("alex") || r.value().equals("ava")), "AEs own no leads");
    }
}
