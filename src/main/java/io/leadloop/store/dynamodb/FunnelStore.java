package io.leadloop.store.dynamodb;

import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Metric;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads of what {@link DynamoEventLedger} writes to the funnel's table: the counters of days, weeks and all time
 * summed over their shards ({@link CounterItems}), the follow-up index ({@link FollowUpItems}), and single leads and
 * deals. Nothing here writes funnel state; the one write is the week roll-up marker, recorded once per table.
 */
public final class FunnelStore {

    private final DynamoDbClient dynamo;
    private final String table;
    /** Where the report's days and weeks begin. */
    private final ZoneId zone;
    private final int counterShards;
    private final Duration retention;
    private final Clock clock;

    public FunnelStore(DynamoDbClient dynamo, String table, ZoneId zone, int counterShards, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.zone = zone;
        this.counterShards = counterShards;
        this.retention = retention;
        this.clock = clock;
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
        LocalDate next = CounterSpan.weekOf(LocalDate.ofInstant(clock.instant(), zone)).monday().plusWeeks(1);
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

    /**
     * The local days on which some funnel event occurred (a day item with any counter but {@link Metric#EVENTS_APPLIED},
     * which counts ingestion days). A Scan of the table: for local mode's hints on small data, never for a function.
     */
    public java.util.SortedSet<LocalDate> daysWithEvents() {
        java.util.SortedSet<LocalDate> days = new java.util.TreeSet<>();
        dynamo.scanPaginator(r -> r.tableName(table).filterExpression("begins_with(PK, :day)")
                .expressionAttributeValues(Map.of(":day", AttributeValue.fromS(Keys.COUNTERS)))).items().forEach(item -> {
            String day = item.get(Keys.PK).s().substring(Keys.COUNTERS.length());
            boolean occurred = item.entrySet().stream().anyMatch(e -> e.getValue().n() != null
                    && !e.getKey().equals(Metric.EVENTS_APPLIED) && new BigDecimal(e.getValue().n()).signum() != 0);
            if (occurred && day.matches("\\d{4}-\\d{2}-\\d{2}")) days.add(LocalDate.parse(day));
        });
        return days;
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
        Map<String, Map<String, BigDecimal>> sumsByPartition = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, CounterItems.shardKeys(partitions, counterShards),
                onlyCounter == null ? null : List.of(Keys.PK, onlyCounter))) {
            Map<String, BigDecimal> sums = sumsByPartition.computeIfAbsent(item.get(Keys.PK).s(), p -> new HashMap<>());
            item.forEach((name, value) -> {
                if (value.n() != null) sums.merge(name, canonical(new BigDecimal(value.n())), BigDecimal::add);
            });
        }
        // A count moved to another day leaves +1 and −1 on this one's shards: no value, so no key.
        sumsByPartition.values().forEach(sums -> sums.values().removeIf(v -> v.signum() == 0));
        return sumsByPartition;
    }

    /**
     * A stored number without its trailing zeros: DynamoDB Local keeps the scale an ADD happened to leave (9250.0 or
     * 9250, by delivery order) where DynamoDB normalises, and a report must not depend on either.
     */
    private static BigDecimal canonical(BigDecimal stored) {
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
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
        String oldestKept = FollowUpItems.sortableInstant(clock.instant().minus(retention));
        if (oldestKept.compareTo(FollowUpItems.sortableInstant(before)) >= 0) return new FollowUps(out, false);
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table)
                    .keyConditionExpression("PK = :pk AND SK BETWEEN :kept AND :before")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.FOLLOW_UP),
                            ":kept", AttributeValue.fromS(oldestKept), ":before", AttributeValue.fromS(FollowUpItems.sortableInstant(before))))
                    .exclusiveStartKey(from)
                    .limit(Math.min(1000, max - out.size() + 1)));
            for (Map<String, AttributeValue> item : page.items()) {
                if (out.size() == max) return new FollowUps(out, true);
                out.add(FollowUpItems.followUp(item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new FollowUps(out, false);
    }

    public LeadState lead(String leadId) {
        StateView.Versioned<LeadState> lead = new StateView(dynamo, table).lead(leadId);
        return lead.version() == 0 ? null : lead.state();
    }

    public DealState deal(String dealId) {
        StateView.Versioned<DealState> deal = new StateView(dynamo, table).deal(dealId);
        return deal.version() == 0 ? null : deal.state();
    }

    private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }
}
