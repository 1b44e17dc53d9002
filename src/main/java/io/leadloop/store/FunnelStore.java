package io.leadloop.store;

import io.leadloop.funnel.Counter;
import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.FunnelRules.Transition;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Metric;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The funnel's state in one DynamoDB table. Each event is applied in one transaction that records the event id
 * (so a redelivery changes nothing), writes the lead and deal it changes (guarded by their versions, so
 * concurrent deliveries cannot lose an update) and adds its counter deltas to a randomly chosen shard of each
 * affected day (so one busy day does not make one hot item). The same transaction counts the event on the day it
 * was applied ({@link Metric#EVENTS_APPLIED}, for the report's data-health check) and keeps the follow-up index: one
 * item per qualified lead nobody has worked yet ({@link FunnelRules#awaitingFollowUp}).
 */
public final class FunnelStore {

    /** What became of one event. */
    public enum Applied { APPLIED, DUPLICATE }

    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FunnelRules rules;
    private final int counterShards;
    private final Duration retention;
    private final Clock clock;

    public FunnelStore(DynamoDbClient dynamo, String table, FunnelRules rules, int counterShards, Duration retention,
                       Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.rules = rules;
        this.counterShards = counterShards;
        this.retention = retention;
        this.clock = clock;
    }

    public Applied apply(FunnelEvent event, String deliveryRef) {
        for (int attempt = 1; ; attempt++) {
            String dealId = FunnelRules.dealIdOf(event);
            Versioned<DealState> deal = dealId == null ? null : readDeal(dealId);
            String leadId = FunnelRules.leadIdOf(event, deal == null ? null : deal.state());
            Versioned<LeadState> lead = leadId == null ? null : readLead(leadId);
            Map<String, Versioned<DealState>> others = new HashMap<>();
            if (lead != null) {
                for (String otherId : lead.state().dealIds()) {
                    if (!otherId.equals(dealId)) others.put(otherId, readDeal(otherId));
                }
            }
            Transition transition = rules.apply(event, lead == null ? null : lead.state(),
                    deal == null ? null : deal.state(), others.values().stream().map(Versioned::state).toList());

            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(markApplied(event, deliveryRef));
            if (deal != null && !transition.deal().equals(deal.state())) {
                writes.add(versionedPut(Keys.deal(dealId), StateCodec.encode(transition.deal()), deal.version()));
            }
            if (lead != null && !transition.lead().equals(lead.state())) {
                writes.add(versionedPut(Keys.lead(leadId), StateCodec.encode(transition.lead()), lead.version()));
            }
            for (DealState other : transition.otherDeals()) {
                Versioned<DealState> before = others.get(other.dealId());
                if (!other.equals(before.state())) {
                    writes.add(versionedPut(Keys.deal(other.dealId()), StateCodec.encode(other), before.version()));
                }
            }
            writes.addAll(followUpWrites(lead == null ? null : rules.awaitingFollowUp(lead.state()),
                    transition.lead() == null ? null : rules.awaitingFollowUp(transition.lead())));
            Map<Counter, BigDecimal> deltas = new HashMap<>(transition.counterDeltas());
            deltas.merge(new Counter(LocalDate.ofInstant(clock.instant(), rules.zone()), Metric.EVENTS_APPLIED), BigDecimal.ONE, BigDecimal::add);
            writes.addAll(counterUpdates(deltas));
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return Applied.APPLIED;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return Applied.DUPLICATE;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                // A concurrent delivery changed the same lead, deal or counter shard: re-read and recompute.
                backOff(attempt);
            }
        }
    }

    /** Each span's counters, summed over shards; spans without any are absent. */
    public Map<CounterSpan, Map<String, BigDecimal>> countersOf(Collection<? extends CounterSpan> spans) {
        Map<String, CounterSpan> byPartition = new HashMap<>();
        for (CounterSpan span : spans) byPartition.put(Keys.counterPartition(span), span);
        Map<CounterSpan, Map<String, BigDecimal>> out = new HashMap<>();
        readCounters(byPartition.keySet(), null).forEach((partition, sums) -> out.put(byPartition.get(partition), sums));
        return out;
    }

    /** The all-time running totals (open pipeline, active customers), summed over shards. */
    public Map<String, BigDecimal> allTimeCounters() {
        return readCounters(List.of(Keys.counterPartition(null)), null).getOrDefault(Keys.counterPartition(null), Map.of());
    }

    /**
     * Events applied on each day ({@link Metric#EVENTS_APPLIED}), read as that one attribute of the day items, so
     * the data-health check's look-back costs little however many breakdowns a day holds.
     */
    public Map<LocalDate, Long> eventsAppliedOn(Collection<LocalDate> days) {
        Map<String, LocalDate> byPartition = new HashMap<>();
        for (LocalDate day : days) byPartition.put(Keys.counterPartition(new CounterSpan.Day(day)), day);
        Map<LocalDate, Long> out = new TreeMap<>();
        readCounters(byPartition.keySet(), Metric.EVENTS_APPLIED).forEach((partition, sums) ->
                out.put(byPartition.get(partition), sums.getOrDefault(Metric.EVENTS_APPLIED, BigDecimal.ZERO).longValueExact()));
        return out;
    }

    /**
     * The first Monday from which every week's roll-up is complete. A table this version created has them from
     * the start ({@link TableSetup}); on a table written before roll-ups existed, the first caller records the
     * Monday after now (writers roll up from now on), and the weeks before it are read day by day.
     */
    public LocalDate weekRollupsFrom() {
        LocalDate known = weekRollupsFrom;
        if (known != null) return known;
        Map<String, AttributeValue> item = getItem(Keys.weekRollups());
        if (item != null) return weekRollupsFrom = LocalDate.parse(item.get("monday").s());
        LocalDate next = CounterSpan.weekOf(LocalDate.ofInstant(clock.instant(), rules.zone())).monday().plusWeeks(1);
        try {
            recordWeekRollupsFrom(dynamo, table, next);
            return weekRollupsFrom = next;
        } catch (ConditionalCheckFailedException concurrentlyRecorded) {
            return weekRollupsFrom = LocalDate.parse(getItem(Keys.weekRollups()).get("monday").s());
        } catch (RuntimeException notRecorded) {
            // The marker only saves reads: a report that cannot record it (throttled, or a SnapStart rehearsal,
            // which sends no write) trusts weeks from next Monday all the same, and a later one records it.
            if (!markerWarned) System.err.println("leadloop: week roll-up marker not recorded (" + notRecorded.getClass().getSimpleName() + "); reading earlier weeks as days");
            markerWarned = true;
            return next;
        }
    }

    /** Once recorded, the marker never changes: read it once per container. */
    private volatile LocalDate weekRollupsFrom;
    private volatile boolean markerWarned;

    static void recordWeekRollupsFrom(DynamoDbClient dynamo, String table, LocalDate monday) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.weekRollups());
        item.put("monday", AttributeValue.fromS(monday.toString()));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
    }

    /** Partition → counters summed over its shards; only {@code onlyCounter} when given. */
    private Map<String, Map<String, BigDecimal>> readCounters(Collection<String> partitions, String onlyCounter) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String partition : partitions) {
            for (int shard = 0; shard < counterShards; shard++) {
                keys.add(Keys.counters(partition, shard));
            }
        }
        Map<String, Map<String, BigDecimal>> sumsByPartition = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys, onlyCounter == null ? null : List.of(Keys.PK, onlyCounter))) {
            Map<String, BigDecimal> sums = sumsByPartition.computeIfAbsent(item.get(Keys.PK).s(), p -> new HashMap<>());
            item.forEach((name, value) -> {
                if (value.n() != null) sums.merge(name, new BigDecimal(value.n()), BigDecimal::add);
            });
        }
        return sumsByPartition;
    }

    /** Qualified leads nobody has worked, created before {@code before}, oldest first; at most {@code max} of them. */
    public record FollowUps(List<FollowUp> leads, boolean truncated) {
        public FollowUps {
            leads = List.copyOf(leads);
        }
    }

    /**
     * Reads the follow-up index (one Query on its partition): the cost is the number of unworked qualified leads,
     * never the number of leads, and is capped at {@code max} items. The key range starts where the retention
     * starts, because the oldest items sort first: items past their TTL that DynamoDB has not deleted yet (it can
     * take days) are never read, rather than read and skipped page after page.
     */
    public FollowUps awaitingFollowUp(Instant before, int max) {
        List<FollowUp> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        String oldestKept = sortableInstant(clock.instant().minus(retention));
        if (oldestKept.compareTo(sortableInstant(before)) >= 0) return new FollowUps(out, false);
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table)
                    .keyConditionExpression("PK = :pk AND SK BETWEEN :kept AND :before")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.FOLLOW_UP),
                            ":kept", AttributeValue.fromS(oldestKept), ":before", AttributeValue.fromS(sortableInstant(before))))
                    .exclusiveStartKey(from)
                    .limit(Math.min(1000, max - out.size() + 1)));
            for (Map<String, AttributeValue> item : page.items()) {
                if (out.size() == max) return new FollowUps(out, true);
                out.add(new FollowUp(text(item, "lead_id"), Instant.parse(text(item, "since")), text(item, "owner"),
                        text(item, "source"), text(item, "campaign"), text(item, "form")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new FollowUps(out, false);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    /** Second-precision UTC instants sort as text, so the index's sort key orders leads by age. */
    static String sortableInstant(Instant at) {
        return SORTABLE.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Removes, moves or rewrites the lead's follow-up index item when what it would hold changed. */
    private List<TransactWriteItem> followUpWrites(FollowUp before, FollowUp after) {
        if (java.util.Objects.equals(before, after)) return List.of();
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> beforeKey = before == null ? null : Keys.followUp(sortableInstant(before.since()), before.leadId());
        Map<String, AttributeValue> afterKey = after == null ? null : Keys.followUp(sortableInstant(after.since()), after.leadId());
        if (beforeKey != null && !beforeKey.equals(afterKey)) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(beforeKey).build()).build());
        }
        if (afterKey != null) {
            Map<String, AttributeValue> item = new HashMap<>(afterKey);
            item.put("lead_id", AttributeValue.fromS(after.leadId()));
            item.put("since", AttributeValue.fromS(after.since().toString()));
            for (Map.Entry<String, String> e : Map.of("owner", nz(after.owner()), "source", nz(after.source()),
                    "campaign", nz(after.campaign()), "form", nz(after.form())).entrySet()) {
                if (!e.getValue().isEmpty()) item.put(e.getKey(), AttributeValue.fromS(e.getValue()));
            }
            item.put(Keys.EXPIRES_AT, AttributeValue.fromN(Long.toString(after.since().plus(retention).getEpochSecond())));
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
        }
        return writes;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public LeadState lead(String leadId) {
        Versioned<LeadState> lead = readLead(leadId);
        return lead.version() == 0 ? null : lead.state();
    }

    public DealState deal(String dealId) {
        Versioned<DealState> deal = readDeal(dealId);
        return deal.version() == 0 ? null : deal.state();
    }

    private record Versioned<T>(T state, long version) {}

    private Versioned<LeadState> readLead(String leadId) {
        Map<String, AttributeValue> item = getItem(Keys.lead(leadId));
        return item == null ? new Versioned<>(LeadState.unknown(leadId), 0)
                : new Versioned<>(StateCodec.decodeLead(item), Long.parseLong(item.get(Keys.VERSION).n()));
    }

    private Versioned<DealState> readDeal(String dealId) {
        Map<String, AttributeValue> item = getItem(Keys.deal(dealId));
        return item == null ? new Versioned<>(DealState.unknown(dealId), 0)
                : new Versioned<>(StateCodec.decodeDeal(item), Long.parseLong(item.get(Keys.VERSION).n()));
    }

    private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private TransactWriteItem markApplied(FunnelEvent event, String deliveryRef) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.appliedEvent(event.id()));
        item.put("applied_at", AttributeValue.fromS(clock.instant().toString()));
        item.put("occurred_at", AttributeValue.fromS(event.occurredAt().toString()));
        item.put("delivery", AttributeValue.fromS(deliveryRef));
        item.put(Keys.EXPIRES_AT, AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond())));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)").build()).build();
    }

    private TransactWriteItem versionedPut(Map<String, AttributeValue> key, Map<String, AttributeValue> attributes,
                                           long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key);
        item.put(Keys.VERSION, AttributeValue.fromN(Long.toString(expectedVersion + 1)));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion))));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /**
     * One ADD per affected counter item: each day's deltas on a random shard of that day, the same deltas summed
     * into a random shard of the day's ISO week (a transaction may touch an item only once, so two days of one week
     * become one update), and the all-time totals.
     */
    private List<TransactWriteItem> counterUpdates(Map<Counter, BigDecimal> deltas) {
        Map<String, Map<String, BigDecimal>> byPartition = new HashMap<>();
        deltas.forEach((counter, delta) -> {
            CounterSpan day = counter.isAllTime() ? null : new CounterSpan.Day(counter.day());
            byPartition.computeIfAbsent(Keys.counterPartition(day), p -> new TreeMap<>()).merge(counter.name(), delta, BigDecimal::add);
            if (day != null) {
                byPartition.computeIfAbsent(Keys.counterPartition(CounterSpan.weekOf(counter.day())), p -> new TreeMap<>())
                        .merge(counter.name(), delta, BigDecimal::add);
            }
        });
        List<TransactWriteItem> updates = new ArrayList<>();
        byPartition.forEach((partition, counters) -> {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder expression = new StringBuilder("ADD ");
            int i = 0;
            for (Map.Entry<String, BigDecimal> c : counters.entrySet()) {
                if (i > 0) expression.append(", ");
                expression.append("#c").append(i).append(" :c").append(i);
                names.put("#c" + i, c.getKey());
                values.put(":c" + i, AttributeValue.fromN(c.getValue().toPlainString()));
                i++;
            }
            int shard = ThreadLocalRandom.current().nextInt(counterShards);
            updates.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(Keys.counters(partition, shard)).updateExpression(expression.toString())
                    .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
        });
        return updates;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting write", e);
        }
    }
}
