package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Per-field order: every profile field and every deal field ends as its latest occurrence, whatever order the
 * events are delivered in, and the counters (derived from state) follow the final values.
 */
@Unit
class FieldOrderTest {

    private final FunnelRules rules = new FunnelRules(ZoneId.of("Europe/Madrid"));

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static LeadProfile owner(String owner) {
        return new LeadProfile(null, null, null, owner, Map.of());
    }

    private static LeadProfile source(String source) {
        return new LeadProfile(source, null, null, null, Map.of());
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    /** Issue 11: created t0, owner 111 at t10, owner 222 at t20, source at t30, delivered t30, t10, t20. */
    @Test
    void aLeadIsReportedUnderTheOwnerOfTheLatestOwnerChangeNotTheLastDelivered() {
        LeadCreated created = new LeadCreated("t0", at("2026-11-16T09:00:00Z"), "L1", LeadProfile.EMPTY);
        LeadCreated owner111 = new LeadCreated("t10", at("2026-11-16T09:10:00Z"), "L1", owner("111"));
        LeadCreated owner222 = new LeadCreated("t20", at("2026-11-16T09:20:00Z"), "L1", owner("222"));
        LeadCreated sourced = new LeadCreated("t30", at("2026-11-16T09:30:00Z"), "L1", source("webinar"));

        Replay replay = new Replay().apply(List.of(created, sourced, owner111, owner222));

        LeadState lead = replay.leads.get("L1");
        assertEquals(new LeadProfile("webinar", null, null, "222", Map.of()), lead.profile());
        assertEquals(at("2026-11-16T09:20:00Z"), lead.profileTimes().get("owner"));
        assertEquals(at("2026-11-16T09:30:00Z"), lead.profileTimes().get("source"));
        assertEquals(BigDecimal.ONE, replay.counter("2026-11-16", "lead|owner=222"));
        assertNull(replay.counters.get(new Counter(LocalDate.parse("2026-11-16"), "lead|owner=111")), "the older owner keeps nothing");
        assertEquals(BigDecimal.ONE, replay.counter("2026-11-16", "lead|source=webinar"), "the later source is kept beside the owner");
    }

    /** Issue 13: an amount change older than deal.won, delivered after it, leaves the won amount. */
    @Test
    void anOlderAmountDeliveredAfterTheWinLeavesTheWonAmount() {
        List<FunnelEvent> events = List.of(
                new DealCreated("c", at("2026-11-16T10:00:00Z"), "D1", null, eur("10000"), "ana"),
                new DealWon("w", at("2026-11-20T15:00:00Z"), "D1", null, eur("12500"), "ana"),
                new DealUpdated("u", at("2026-11-19T11:00:00Z"), "D1", null, eur("11000"), null));

        Replay replay = new Replay().apply(events);

        assertEquals(eur("12500"), replay.deals.get("D1").amount());
        assertEquals(new BigDecimal("12500"), replay.counter("2026-11-20", "won_value"));
    }

    /**
     * Decided: the won amount is the deal's latest amount, the closing event's own amount being one occurrence of it;
     * a correction made after the win (a typo fixed on the closed deal) is the latest and corrects the won value.
     */
    @Test
    void anAmountCorrectedAfterTheWinCorrectsTheWonValue() {
        List<FunnelEvent> events = List.of(
                new DealUpdated("fix", at("2026-11-21T08:00:00Z"), "D1", null, eur("12050"), null),
                new DealCreated("c", at("2026-11-16T10:00:00Z"), "D1", null, eur("10000"), "ana"),
                new DealWon("w", at("2026-11-20T15:00:00Z"), "D1", null, eur("12500"), "ana"));

        Replay replay = new Replay().apply(events);

        assertEquals(new BigDecimal("12050"), replay.counter("2026-11-20", "won_value"), "counted on the win's day, at the latest amount");
    }

    /** HubSpot's win carries no amount or owner: they are the latest of the separate property changes. */
    @Test
    void aWinWithoutAmountOrOwnerTakesTheLatestChangesOfEach() {
        List<FunnelEvent> events = List.of(
                new DealWon("w", at("2026-11-20T15:00:00Z"), "D1", null, Money.UNKNOWN, null),
                new DealUpdated("owner-late", at("2026-11-19T09:00:00Z"), "D1", null, Money.UNKNOWN, "carla"),
                new DealUpdated("amount-late", at("2026-11-18T09:00:00Z"), "D1", null, eur("9000"), null),
                new DealCreated("c", at("2026-11-16T10:00:00Z"), "D1", null, Money.UNKNOWN, null),
                new DealUpdated("amount-early", at("2026-11-17T09:00:00Z"), "D1", null, eur("7000"), null),
                new DealUpdated("owner-early", at("2026-11-17T09:00:00Z"), "D1", null, Money.UNKNOWN, "ben"));

        Replay replay = new Replay().apply(events);

        assertEquals("carla", replay.deals.get("D1").owner());
        assertEquals(BigDecimal.ONE, replay.counter("2026-11-20", "won|owner=carla"));
        assertEquals(new BigDecimal("9000"), replay.counter("2026-11-20", "won_value|owner=carla"));
        assertNull(replay.counters.get(new Counter(LocalDate.parse("2026-11-20"), "won|owner=ben")));
    }

    @Test
    void aDealStageIsItsLatestStageChange() {
        DealStageChanged demo = new DealStageChanged("s2", at("2026-11-18T10:00:00Z"), "D1", null, "Demo scheduled");
        DealStageChanged qualified = new DealStageChanged("s1", at("2026-11-17T10:00:00Z"), "D1", null, "Qualified");

        assertEquals("Demo scheduled", new Replay().apply(List.of(qualified, demo)).deals.get("D1").stage());
        assertEquals("Demo scheduled", new Replay().apply(List.of(demo, qualified)).deals.get("D1").stage());
    }

    /** Two values of one field at the same instant: the same one stands in either order (the greater, by text). */
    @Test
    void valuesOfTheSameInstantEndTheSameInEitherOrder() {
        LeadCreated ana = new LeadCreated("a", at("2026-11-16T09:00:00Z"), "L1", owner("ana"));
        LeadCreated ben = new LeadCreated("b", at("2026-11-16T09:00:00Z"), "L1", owner("ben"));
        DealWon won = new DealWon("w", at("2026-11-20T15:00:00Z"), "D1", null, eur("100"), null);
        DealLost lost = new DealLost("l", at("2026-11-20T15:00:00Z"), "D1", null, eur("90"), null, "price");

        Replay one = new Replay().apply(List.of(ana, ben, won, lost));
        Replay other = new Replay().apply(List.of(ben, ana, lost, won));

        assertEquals(one.leads, other.leads);
        assertEquals(one.deals, other.deals);
        assertEquals("ben", one.leads.get("L1").profile().owner());
    }

    /** Every permutation of a lead's and its deal's field changes gives the same states and counters. */
    @Test
    void everyOrderOfOneLeadsFieldChangesEndsTheSame() {
        List<FunnelEvent> events = List.of(
                new LeadCreated("created", at("2026-11-16T09:00:00Z"), "L1", new LeadProfile("webinar", "q4", null, "111", Map.of("industry", "retail"))),
                new LeadCreated("owner", at("2026-11-17T09:00:00Z"), "L1", owner("222")),
                new LeadCreated("industry", at("2026-11-18T09:00:00Z"), "L1", new LeadProfile(null, null, null, null, Map.of("industry", "software"))),
                new LeadStageReached("mql", at("2026-11-17T12:00:00Z"), "L1", Stage.MQL),
                new DealCreated("deal", at("2026-11-19T09:00:00Z"), "D1", "L1", eur("5000"), "ana"),
                new DealUpdated("amount", at("2026-11-20T09:00:00Z"), "D1", null, eur("6000"), "ben"),
                new DealWon("won", at("2026-11-23T09:00:00Z"), "D1", null, eur("6500"), null));
        Replay inOrder = new Replay().apply(events);
        int[] orders = {0};
        permute(new ArrayList<>(events), 0, order -> {
            Replay replay = new Replay().apply(order);
            assertEquals(inOrder.leads, replay.leads, () -> "leads after " + ids(order));
            assertEquals(inOrder.deals, replay.deals, () -> "deals after " + ids(order));
            assertEquals(inOrder.counters, replay.counters, () -> "counters after " + ids(order));
            orders[0]++;
        });
        assertEquals(5040, orders[0]);
        assertEquals(BigDecimal.ONE, inOrder.counter("2026-11-23", "won|owner=ben"));
        assertEquals(new BigDecimal("6500"), inOrder.counter("2026-11-23", "won_value|source=webinar"));
        assertEquals(BigDecimal.ONE, inOrder.counter("2026-11-16", "lead|owner=222"));
    }

    /**
     * A realistic month of several leads and deals (owners reassigned, sources corrected, amounts renegotiated, a
     * deal lost and won again, activities, a disqualification), shuffled many times: the same states and counters.
     */
    @Test
    void manyShufflesOfAMultiLeadHistoryEndTheSame() {
        List<FunnelEvent> events = new ArrayList<>();
        String[] sources = {"webinar", "paid-search", "organic", "referral"};
        String[] reps = {"ana", "ben", "carla"};
        for (int i = 0; i < 6; i++) {
            String lead = "L" + i;
            String deal = "D" + i;
            int day = 2 + i;
            events.add(new LeadCreated(lead + ":c", time(day, 9), lead,
                    new LeadProfile(sources[i % 4], "q4-" + i, "demo", reps[i % 3], Map.of("industry", "retail"))));
            events.add(new LeadCreated(lead + ":owner", time(day + 3, 10), lead, owner(reps[(i + 1) % 3])));
            events.add(new LeadCreated(lead + ":source", time(day + 1, 11), lead, source(sources[(i + 2) % 4])));
            events.add(new LeadCreated(lead + ":industry", time(day + 2, 12), lead,
                    new LeadProfile(null, null, null, null, Map.of("industry", i % 2 == 0 ? "software" : "finance"))));
            events.add(new LeadStageReached(lead + ":mql", time(day + 1, 15), lead, Stage.MQL));
            events.add(new ActivityLogged(lead + ":call", time(day + 1, 16), reps[i % 3], "call", lead));
            if (i == 5) {
                events.add(new LeadDisqualified(lead + ":dq", time(day + 4, 9), lead, "no budget"));
                continue;
            }
            events.add(new LeadStageReached(lead + ":sql", time(day + 4, 9), lead, Stage.SQL));
            events.add(new DealCreated(deal + ":c", time(day + 5, 9), deal, lead, eur(1000 * (i + 1) + ""), reps[i % 3]));
            events.add(new DealStageChanged(deal + ":demo", time(day + 6, 9), deal, null, "Demo scheduled"));
            events.add(new DealUpdated(deal + ":amount", time(day + 7, 9), deal, null, eur(1100 * (i + 1) + ""), null));
            events.add(new DealUpdated(deal + ":owner", time(day + 8, 9), deal, null, Money.UNKNOWN, reps[(i + 2) % 3]));
            if (i % 2 == 0) {
                events.add(new DealLost(deal + ":lost", time(day + 9, 9), deal, null, Money.UNKNOWN, null, "price"));
                events.add(new DealWon(deal + ":won", time(day + 11, 9), deal, null, eur(1200 * (i + 1) + ""), null));
            } else {
                events.add(new DealLost(deal + ":lost", time(day + 10, 9), deal, null, Money.UNKNOWN, null, "timing"));
            }
        }
        Replay inOrder = new Replay().apply(events);
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            List<FunnelEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            Replay replay = new Replay().apply(shuffled);
            assertEquals(inOrder.leads, replay.leads, () -> "leads after " + ids(shuffled));
            assertEquals(inOrder.deals, replay.deals, () -> "deals after " + ids(shuffled));
            assertEquals(inOrder.counters, replay.counters, () -> "counters after " + ids(shuffled));
        }
        // L0: reassigned from ana to ben on day 5, its deal to carla; won on day 13 at the win's own amount.
        assertEquals("ben", inOrder.leads.get("L0").profile().owner());
        assertEquals("organic", inOrder.leads.get("L0").profile().source());
        assertEquals(BigDecimal.ONE, inOrder.counter("2026-11-13", "won|owner=carla"));
        assertEquals(new BigDecimal("1200"), inOrder.counter("2026-11-13", "won_value|source=organic"));
    }

    private static Instant time(int dayOfNovember, int hour) {
        return Instant.parse(String.format("2026-11-%02dT%02d:00:00Z", dayOfNovember, hour));
    }

    private static List<String> ids(List<FunnelEvent> events) {
        return events.stream().map(FunnelEvent::id).toList();
    }

    private static void permute(List<FunnelEvent> events, int from, java.util.function.Consumer<List<FunnelEvent>> each) {
        if (from == events.size()) {
            each.accept(List.copyOf(events));
            return;
        }
        for (int i = from; i < events.size(); i++) {
            Collections.swap(events, from, i);
            permute(events, from + 1, each);
            Collections.swap(events, from, i);
        }
    }

    /** Events applied as the store applies them: states carried over, a lead's other deals re-attributed, deltas summed. */
    private final class Replay {
        final Map<String, LeadState> leads = new TreeMap<>();
        final Map<String, DealState> deals = new TreeMap<>();
        final Map<Counter, BigDecimal> counters = new HashMap<>();

        Replay apply(List<FunnelEvent> events) {
            for (FunnelEvent event : events) {
                String dealId = FunnelRules.dealIdOf(event);
                DealState deal = dealId == null ? null : deals.getOrDefault(dealId, DealState.unknown(dealId));
                String leadId = FunnelRules.leadIdOf(event, deal);
                LeadState lead = leadId == null ? null : leads.getOrDefault(leadId, LeadState.unknown(leadId));
                List<DealState> others = lead == null ? List.of()
                        : lead.dealIds().stream().filter(id -> !id.equals(dealId)).map(deals::get).toList();
                Transition t = rules.apply(event, lead, deal, others);
                if (t.lead() != null) leads.put(leadId, t.lead());
                if (t.deal() != null) deals.put(dealId, t.deal());
                t.otherDeals().forEach(other -> deals.put(other.dealId(), other));
                t.counterDeltas().forEach((k, v) -> counters.merge(k, v, BigDecimal::add));
            }
            counters.values().removeIf(v -> v.signum() == 0);
            return this;
        }

        BigDecimal counter(String day, String name) {
            return counters.get(new Counter(LocalDate.parse(day), name));
        }
    }
}
