package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.FunnelRules.Transition;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

@Unit
class FunnelRulesTest {

    private final FunnelRules rules = new FunnelRules(ZoneId.of("Europe/Madrid"));

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static BigDecimal delta(Transition t, String day, String counter) {
        return t.counterDeltas().getOrDefault(new Counter(LocalDate.parse(day), counter), BigDecimal.ZERO);
    }

    @Test
    void anErasureTakesNothingFromTheCountersAndNamesItsLead() {
        LeadState mql = rules.apply(new LeadCreated("e1", at("2026-11-17T09:00:00Z"), "L1", LeadProfile.EMPTY), LeadState.unknown("L1"), null)
                .lead().reach(Stage.MQL, at("2026-11-17T10:00:00Z"));
        FunnelEvent erased = new FunnelEvent.LeadErased("e9", at("2026-11-24T10:00:00Z"), "L1");

        Transition t = rules.apply(erased, mql, null);

        assertEquals(Map.of(), t.counterDeltas(), "what the lead counted stays counted");
        assertEquals("L1", FunnelRules.leadIdOf(erased, null));
    }

    @Test
    void aLeadThatJumpsToSqlCountsAsLeadAndMqlToo() {
        Transition t = rules.apply(new LeadStageReached("e1", at("2026-11-18T10:00:00Z"), "L1", Stage.SQL), LeadState.unknown("L1"), null);

        assertEquals(Map.of(Stage.LEAD, at("2026-11-18T10:00:00Z"), Stage.MQL, at("2026-11-18T10:00:00Z"),
                Stage.SQL, at("2026-11-18T10:00:00Z")), t.lead().reached());
        assertEquals(BigDecimal.ONE, delta(t, "2026-11-18", "mql"));
        assertEquals(BigDecimal.ONE, delta(t, "2026-11-18", "sql"));
        assertEquals(BigDecimal.ONE, delta(t, "2026-11-18", "mql_cohort_sql"), "counted in its MQL day's cohort");
    }

    @Test
    void anEarlierOccurrenceArrivingLateMovesTheCountToItsDay() {
        LeadState mqlOnFriday = rules.apply(new LeadStageReached("e1", at("2026-11-20T10:00:00Z"), "L1", Stage.MQL),
                LeadState.unknown("L1"), null).lead();

        Transition late = rules.apply(new LeadStageReached("e0", at("2026-11-16T10:00:00Z"), "L1", Stage.MQL), mqlOnFriday, null);

        assertEquals(at("2026-11-16T10:00:00Z"), late.lead().reachedAt(Stage.MQL));
        assertEquals(BigDecimal.ONE.negate(), delta(late, "2026-11-20", "mql"));
        assertEquals(BigDecimal.ONE, delta(late, "2026-11-16", "mql"));
    }

    @Test
    void aLaterOccurrenceOfAReachedStageChangesNothing() {
        LeadState mql = rules.apply(new LeadStageReached("e1", at("2026-11-16T10:00:00Z"), "L1", Stage.MQL), LeadState.unknown("L1"), null).lead();

        Transition again = rules.apply(new LeadStageReached("e2", at("2026-11-19T10:00:00Z"), "L1", Stage.MQL), mql, null);

        assertEquals(mql, again.lead());
        assertTrue(again.counterDeltas().isEmpty());
    }

    @Test
    void daysAreLocalToTheReportingTimezone() {
        // 23:30 UTC on Sunday is already Monday in Madrid.
        Transition t = rules.apply(new LeadCreated("e1", at("2026-11-22T23:30:00Z"), "L1", LeadProfile.EMPTY), LeadState.unknown("L1"), null);

        assertEquals(BigDecimal.ONE, delta(t, "2026-11-23", "lead"));
    }

    @Test
    void breakdownCountersAddUpToTheTotal() {
        LeadProfile profile = new LeadProfile("webinar", null, "demo-request", "ana", Map.of());
        Transition t = rules.apply(new LeadCreated("e1", at("2026-11-17T09:00:00Z"), "L1", profile), LeadState.unknown("L1"), null);

        assertEquals(BigDecimal.ONE, delta(t, "2026-11-17", "lead|source=webinar"));
        assertEquals(BigDecimal.ONE, delta(t, "2026-11-17", "lead|campaign=unknown"), "a missing value is counted as unknown");
        assertEquals(BigDecimal.ONE, delta(t, "2026-11-17", "lead|owner=ana"));
    }

    @Test
    void aWonDealMakesItsLeadACustomerWhicheverArrivesFirst() {
        LeadState lead = rules.apply(new LeadCreated("e1", at("2026-11-16T09:00:00Z"), "L1",
                new LeadProfile("referral", null, null, null, Map.of())), LeadState.unknown("L1"), null).lead();

        Transition won = rules.apply(new DealWon("e2", at("2026-11-20T15:00:00Z"), "D1", "L1",
                new Money(new BigDecimal("1200"), "EUR"), "ben"), lead, DealState.unknown("D1"));

        assertEquals(at("2026-11-20T15:00:00Z"), won.lead().reachedAt(Stage.CUSTOMER));
        assertEquals(at("2026-11-20T15:00:00Z"), won.lead().reachedAt(Stage.OPPORTUNITY), "won implies every earlier stage");
        assertEquals(BigDecimal.ONE, delta(won, "2026-11-20", "won"));
        assertEquals(BigDecimal.ONE, delta(won, "2026-11-20", "won|source=referral"), "the deal is attributed to its lead's source");
        assertEquals(new BigDecimal("1200"), delta(won, "2026-11-20", "won_value"));
    }

    @Test
    void aDealWithoutAKnownLeadStillCountsAsWon() {
        Transition won = rules.apply(new DealWon("e1", at("2026-11-20T15:00:00Z"), "D1", null, Money.UNKNOWN, "ben"), null, DealState.unknown("D1"));

        assertNull(won.lead());
        assertEquals(BigDecimal.ONE, delta(won, "2026-11-20", "won"));
        assertEquals(BigDecimal.ONE, delta(won, "2026-11-20", "won|source=unknown"));
    }

    @Test
    void theLatestCloseDecidesTheOutcomeWhateverTheDeliveryOrder() {
        DealWon won = new DealWon("w", at("2026-11-18T10:00:00Z"), "D1", null, Money.UNKNOWN, null);
        DealLost lost = new DealLost("l", at("2026-11-20T10:00:00Z"), "D1", null, Money.UNKNOWN, null, "price");

        DealState wonThenLost = rules.apply(lost, null, rules.apply(won, null, DealState.unknown("D1")).deal()).deal();
        DealState lostThenWon = rules.apply(won, null, rules.apply(lost, null, DealState.unknown("D1")).deal()).deal();

        assertEquals(DealOutcome.LOST, wonThenLost.outcome());
        assertEquals(wonThenLost, lostThenWon);
    }

    @Test
    void linkingADealToALeadLaterMovesTheLeadAlong() {
        DealState opened = rules.apply(new DealCreated("c", at("2026-11-17T10:00:00Z"), "D1", null, Money.UNKNOWN, "ana"),
                null, DealState.unknown("D1")).deal();
        LeadState lead = rules.apply(new LeadCreated("l", at("2026-11-16T10:00:00Z"), "L1", LeadProfile.EMPTY), LeadState.unknown("L1"), null).lead();

        Transition linked = rules.apply(new DealUpdated("u", at("2026-11-18T10:00:00Z"), "D1", "L1", Money.UNKNOWN, null), lead, opened);

        assertEquals("L1", linked.deal().leadId());
        assertEquals(at("2026-11-17T10:00:00Z"), linked.lead().reachedAt(Stage.OPPORTUNITY), "at the deal's creation, not the link's");
        assertEquals(BigDecimal.ONE, delta(linked, "2026-11-17", "opportunity"));
    }

    @Test
    void aLateEventMovesACountAcrossAWeekBoundary() {
        // Reached SQL on Monday of W47 as first delivered; the MQL→SQL happened on Sunday of W46 in Madrid.
        LeadState monday = rules.apply(new LeadStageReached("e1", at("2026-11-16T09:00:00Z"), "L1", Stage.SQL), LeadState.unknown("L1"), null).lead();

        Transition late = rules.apply(new LeadStageReached("e0", at("2026-11-15T20:00:00Z"), "L1", Stage.SQL), monday, null);

        assertEquals(BigDecimal.ONE.negate(), delta(late, "2026-11-16", "sql"));
        assertEquals(BigDecimal.ONE, delta(late, "2026-11-15", "sql"));
    }

    @Test
    void anyDeliveryOrderOfTheSameEventsEndsInTheSameCounters() {
        List<FunnelEvent> events = List.of(
                new LeadCreated("a", at("2026-11-16T09:00:00Z"), "L1", new LeadProfile("webinar", null, "demo-request", "ana", Map.of("employees", "120"))),
                new LeadStageReached("b", at("2026-11-17T09:00:00Z"), "L1", Stage.MQL),
                new LeadStageReached("c", at("2026-11-19T09:00:00Z"), "L1", Stage.SQL),
                new DealCreated("d", at("2026-11-20T09:00:00Z"), "D1", "L1", new Money(new BigDecimal("900"), "EUR"), "ben"),
                new DealLost("e", at("2026-11-21T09:00:00Z"), "D1", null, Money.UNKNOWN, null, "price"),
                new DealWon("f", at("2026-11-24T09:00:00Z"), "D1", null, Money.UNKNOWN, null),
                new FunnelEvent.ActivityLogged("g", at("2026-11-18T09:00:00Z"), "ana", "call", "L1"));
        Map<Counter, BigDecimal> expected = replay(events);
        Random random = new Random(47);
        for (int round = 0; round < 200; round++) {
            List<FunnelEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, replay(shuffled), "order " + shuffled.stream().map(FunnelEvent::id).toList());
        }
        assertEquals(BigDecimal.ONE, expected.get(new Counter(LocalDate.parse("2026-11-24"), "won")), "the latest close wins");
    }

    /** Applies events as the store does (states carried over, deltas summed) and returns the non-zero totals. */
    private Map<Counter, BigDecimal> replay(List<FunnelEvent> events) {
        LeadState lead = LeadState.unknown("L1");
        DealState deal = DealState.unknown("D1");
        Map<Counter, BigDecimal> totals = new HashMap<>();
        for (FunnelEvent event : events) {
            boolean isDeal = FunnelRules.dealIdOf(event) != null;
            String leadId = FunnelRules.leadIdOf(event, isDeal ? deal : null);
            List<DealState> others = !isDeal && leadId != null && lead.dealIds().contains("D1") ? List.of(deal) : List.of();
            Transition t = rules.apply(event, leadId == null ? null : lead, isDeal ? deal : null, others);
            if (t.lead() != null) lead = t.lead();
            if (t.deal() != null) deal = t.deal();
            if (!t.otherDeals().isEmpty()) deal = t.otherDeals().get(0);
            t.counterDeltas().forEach((k, v) -> totals.merge(k, v, BigDecimal::add));
        }
        totals.values().removeIf(v -> v.signum() == 0);
        return totals;
    }
}
