package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.EventLedger.Applied;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A delivery applied as a whole against DynamoDB Local: states prefetched, events grouped into transactions. Every
 * outcome is compared with the same events applied one by one, in their original order, on a table of their own:
 * grouping, duplicates, splitting and concurrency must not change a single counter.
 */
@Contract
class GroupedApplyTest {

    private static final String QUALIFIED_FORM = "{\"qualified_lead\": {\"definitions\": [{\"effective_from\": \"2026-01-01\","
            + " \"rules\": [{\"attribute\": \"form\", \"one_of\": [\"demo-request\"]}]}]}}";
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);

    private final Recording dynamo = new Recording(Engines.dynamo());

    /** A table of its own: the ledger that applies, and what the report reads back from it. */
    private record Table(DynamoEventLedger ledger, DynamoCounterHistory counters, DynamoFollowUpQueue followUps) {}

    private Table freshTable() {
        Config config = Engines.freshConfig(Map.of(StoreSettings.TIMEZONE, "Europe/Madrid", Section.DOCUMENT, QUALIFIED_FORM));
        return new Table(Wiring.ledger(config, dynamo, CLOCK), Wiring.counterHistory(config, dynamo, CLOCK), Wiring.followUpQueue(config, dynamo, CLOCK));
    }

    /** One lead's life in eight events: stages, a late earlier MQL, an activity, a deal lost then won (lead unnamed). */
    private static List<FunnelEvent> lifecycle(int n) {
        String lead = "L" + n;
        String deal = "D" + n;
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z").plus(Duration.ofHours(7L * n));
        Duration day = Duration.ofDays(1);
        return List.of(
                new LeadCreated(lead + "-a", t0, lead, new LeadProfile(n % 2 == 0 ? "webinar" : "ads", "q4",
                        n % 3 == 0 ? "newsletter" : "demo-request", "ana", Map.of("employees", "120"))),
                new LeadStageReached(lead + "-b", t0.plus(day), lead, Stage.MQL),
                new ActivityLogged(lead + "-c", t0.plus(day.multipliedBy(2)), "ana", "call", lead),
                new LeadStageReached(lead + "-d", t0.plus(day.multipliedBy(3)), lead, Stage.SQL),
                new DealCreated(lead + "-e", t0.plus(day.multipliedBy(4)), deal, lead, new Money(new BigDecimal(900 + n), "EUR"), "ben"),
                new DealLost(lead + "-f", t0.plus(day.multipliedBy(5)), deal, null, Money.UNKNOWN, null, "price"),
                new DealWon(lead + "-g", t0.plus(day.multipliedBy(8)), deal, null, Money.UNKNOWN, null),
                new LeadStageReached(lead + "-h", t0.minus(day), lead, Stage.MQL));
    }

    private static List<FunnelEvent> lifecycles(int leads) {
        List<FunnelEvent> events = new ArrayList<>();
        for (int n = 1; n <= leads; n++) events.addAll(lifecycle(n));
        // Interleaved by time, as a CRM sends them: one lead's events are spread over the delivery.
        events.sort((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
        return events;
    }

    /** The same events applied one at a time, in order, on a table of their own: what every variant must end in. */
    private Map<String, BigDecimal> oneByOne(List<FunnelEvent> events) {
        Table reference = freshTable();
        events.forEach(event -> reference.ledger().apply(event, "reference"));
        return counters(reference.counters());
    }

    /** Every non-zero counter of November's days and weeks and of all time, summed over shards, as {@code span|name}. */
    private static Map<String, BigDecimal> counters(DynamoCounterHistory store) {
        List<CounterSpan> spans = new ArrayList<>();
        for (LocalDate day = LocalDate.parse("2026-10-26"); day.isBefore(LocalDate.parse("2026-12-14")); day = day.plusDays(1)) {
            spans.add(new CounterSpan.Day(day));
            if (day.getDayOfWeek() == DayOfWeek.MONDAY) spans.add(new CounterSpan.Week(day));
        }
        Map<String, BigDecimal> out = new TreeMap<>();
        store.countersOf(spans).forEach((span, sums) -> sums.forEach((name, v) -> {
            if (v.signum() != 0) out.put((span instanceof CounterSpan.Day d ? d.day() : "week " + ((CounterSpan.Week) span).monday()) + "|" + name, plain(v));
        }));
        store.allTimeCounters().forEach((name, v) -> {
            if (v.signum() != 0) out.put("all|" + name, plain(v));
        });
        return out;
    }

    /** 40, 40.0 and 4E+1 are one count. */
    private static BigDecimal plain(BigDecimal v) {
        return new BigDecimal(v.stripTrailingZeros().toPlainString());
    }

    @Test
    void anEventAppliedBeforeIsSkippedInTheMiddleOfADeliveryAndTheOthersAppliedOnce() {
        List<FunnelEvent> events = lifecycles(5);
        Table table = freshTable();
        DynamoEventLedger store = table.ledger();
        int middle = events.size() / 2;
        assertEquals(Applied.APPLIED, table.ledger().apply(events.get(middle), "earlier"));

        List<Applied> outcomes = table.ledger().applyAll(events, "delivery");

        for (int i = 0; i < events.size(); i++) {
            assertEquals(i == middle ? Applied.DUPLICATE : Applied.APPLIED, outcomes.get(i), events.get(i).id());
        }
        Map<String, BigDecimal> expected = oneByOne(events);
        assertEquals(expected, counters(table.counters()));
        assertEquals(new BigDecimal(events.size()), expected.get("2026-11-23|events_applied"), "each event counted once");
        assertEquals(List.of(Applied.DUPLICATE), table.ledger().applyAll(List.of(events.get(0)), "again"));
    }

    @Test
    void successiveEventsOfOneLeadSeeEachOthersStateInOneTransaction() {
        List<FunnelEvent> events = lifecycle(1);
        Table table = freshTable();
        DynamoEventLedger store = table.ledger();
        dynamo.transactions.clear();

        assertEquals(Collections.nCopies(events.size(), Applied.APPLIED), table.ledger().applyAll(events, "delivery"));

        assertEquals(1, dynamo.transactions.size(), "one lead's eight events: one transaction");
        LeadState lead = table.ledger().lead("L1");
        assertNotNull(lead.reachedAt(Stage.CUSTOMER), "the won deal, applied after the lead's own events, made it a customer");
        assertEquals(Instant.parse("2026-11-01T16:00:00Z"), lead.reachedAt(Stage.MQL), "the late, earlier MQL stands");
        assertEquals(Instant.parse("2026-11-01T16:00:00Z"), lead.reachedAt(Stage.LEAD), "and implies the lead stage");
        assertEquals(Set.of("D1"), lead.dealIds());
        assertEquals(oneByOne(events), counters(table.counters()));
        assertTrue(table.followUps().awaitingFollowUp(Instant.parse("2026-11-30T00:00:00Z"), 10).leads().isEmpty(),
                "created and worked within the delivery: no follow-up item is left");
    }

    @Test
    void anEventRepeatedWithinADeliveryIsAppliedOnce() {
        List<FunnelEvent> events = new ArrayList<>(lifecycle(2));
        events.add(3, events.get(1));
        Table table = freshTable();
        DynamoEventLedger store = table.ledger();

        List<Applied> outcomes = table.ledger().applyAll(events, "delivery");

        assertEquals(Applied.DUPLICATE, outcomes.get(3));
        assertEquals(events.size() - 1, outcomes.stream().filter(o -> o == Applied.APPLIED).count());
        assertEquals(oneByOne(lifecycle(2)), counters(table.counters()));
    }

    @Test
    void aDeliveryTooLargeForOneTransactionIsSplitAndItsStatesAreReadInBatches() {
        List<FunnelEvent> events = lifecycles(20);
        Table table = freshTable();
        DynamoEventLedger store = table.ledger();
        dynamo.transactions.clear();
        dynamo.batchGets.set(0);

        List<Applied> outcomes = table.ledger().applyAll(events, "delivery");

        assertEquals(Collections.nCopies(events.size(), Applied.APPLIED), outcomes);
        assertTrue(dynamo.transactions.size() >= 2, "160 markers alone need two transactions");
        for (List<TransactWriteItem> items : dynamo.transactions) {
            assertTrue(items.size() <= 100, "at most 100 items per transaction: " + items.size());
            Set<Object> keys = new HashSet<>();
            for (TransactWriteItem item : items) {
                Object key = item.put() != null ? Map.of(Keys.PK, item.put().item().get(Keys.PK), Keys.SK, item.put().item().get(Keys.SK))
                        : item.update() != null ? item.update().key() : item.delete().key();
                assertTrue(keys.add(key), "one operation per item and transaction: " + key);
            }
        }
        assertTrue(dynamo.transactions.size() <= 6, "grouped, not one transaction per event: " + dynamo.transactions.size());
        assertTrue(dynamo.batchGets.get() <= 3, "the states are read in a few batches: " + dynamo.batchGets.get());
        assertEquals(oneByOne(events), counters(table.counters()));
    }

    @Test
    void aDayWithManyBreakdownsIsSplitBeforeItsCounterExpressionOutgrowsDynamoDbsLimit() {
        // One lead described 90 times, each time by another source, campaign, form and owner: few items, but every
        // event adds counter names to the same day, and a day's names are one ADD expression (at most 4 KB).
        List<FunnelEvent> events = new ArrayList<>();
        Instant at = Instant.parse("2026-11-10T08:00:00Z");
        for (int n = 0; n < 90; n++) {
            events.add(new LeadCreated("P-" + n, at.plusSeconds(60L * n), "L-many",
                    new LeadProfile("source-" + n, "campaign-" + n, "form-" + n, "owner-" + n, Map.of())));
        }
        Table table = freshTable();
        DynamoEventLedger store = table.ledger();
        dynamo.transactions.clear();

        assertEquals(Collections.nCopies(events.size(), Applied.APPLIED), table.ledger().applyAll(events, "delivery"));

        assertTrue(dynamo.transactions.size() >= 2, "90 events fit 100 items, but not one expression");
        for (List<TransactWriteItem> items : dynamo.transactions) {
            for (TransactWriteItem item : items) {
                if (item.update() != null) assertTrue(item.update().updateExpression().length() <= 4096);
            }
        }
        assertEquals(oneByOne(events), counters(table.counters()));
    }

    @Test
    void concurrentDeliveriesOfTheSameEventsApplyEachOnceInAnyOrder() throws Exception {
        List<FunnelEvent> events = lifecycles(6);
        Map<String, BigDecimal> expected = oneByOne(events);
        for (int round = 0; round < 3; round++) {
            Table table = freshTable();
            DynamoEventLedger store = table.ledger();
            dynamo.cancelled.set(0);
            int senders = 4;
            CyclicBarrier start = new CyclicBarrier(senders);
            Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int s = 0; s < senders; s++) {
                    List<FunnelEvent> shuffled = new ArrayList<>(events);
                    Collections.shuffle(shuffled, new Random(47L * round + s));
                    done.add(pool.submit(() -> {
                        start.await();
                        // Deliveries of 10 events that overlap differently for each sender: some of a delivery's
                        // events were applied by another sender, and others touch leads another one is changing.
                        for (int from = 0; from < shuffled.size(); from += 10) {
                            List<FunnelEvent> delivery = shuffled.subList(from, Math.min(shuffled.size(), from + 10));
                            List<Applied> outcomes = table.ledger().applyAll(delivery, "sender");
                            for (int i = 0; i < delivery.size(); i++) {
                                if (outcomes.get(i) == Applied.APPLIED) {
                                    applied.computeIfAbsent(delivery.get(i).id(), id -> new AtomicInteger()).incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
            } finally {
                pool.shutdownNow();
            }
            for (FunnelEvent event : events) {
                assertEquals(1, applied.getOrDefault(event.id(), new AtomicInteger()).get(), "round " + round + ": " + event.id());
            }
            assertEquals(expected, counters(table.counters()), "round " + round);
            // Each sender learns of the events the others applied only from a cancelled transaction.
            assertTrue(dynamo.cancelled.get() >= senders - 1, "round " + round + ": " + dynamo.cancelled.get() + " cancelled");
        }
    }

    /** The real DynamoDB Local client, recording what the store sends it. */
    private static final class Recording implements DynamoDbClient {
        private final DynamoDbClient real;
        final List<List<TransactWriteItem>> transactions = new CopyOnWriteArrayList<>();
        final AtomicInteger batchGets = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();

        Recording(DynamoDbClient real) {
            this.real = real;
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            transactions.add(request.transactItems());
            try {
                return real.transactWriteItems(request);
            } catch (TransactionCanceledException e) {
                cancelled.incrementAndGet();
                throw e;
            }
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            batchGets.incrementAndGet();
            return real.batchGetItem(request);
        }

        @Override
        public software.amazon.awssdk.services.dynamodb.model.QueryResponse query(
                software.amazon.awssdk.services.dynamodb.model.QueryRequest request) {
            return real.query(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            // The real client is shared by every test.
        }
    }
}
