package io.leadloop.store.dynamodb;

import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.Metric;
import io.leadloop.report.CounterHistory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The {@link CounterHistory} of the funnel's table: the counter items {@link DynamoEventLedger} adds each event's deltas to,
 * one shard of a day, of its week and of the all-time totals, read back in batches and summed over the shards.
 */
public final class DynamoCounterHistory implements CounterHistory {

    private final DynamoDbClient dynamo;
    private final String table;
    private final int counterShards;
    private final ZoneId zone;
    private final Clock clock;

    /** Once recorded, the marker never changes: read it once per container. */
    private volatile LocalDate weekRollupsFrom;
    private volatile boolean markerWarned;

    /** @param zone the reporting timezone, whose local days the counters are kept by */
    public DynamoCounterHistory(DynamoDbClient dynamo, String table, int counterShards, ZoneId zone, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.counterShards = counterShards;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public Map<CounterSpan, Map<String, BigDecimal>> countersOf(Collection<? extends CounterSpan> spans) {
        Map<String, CounterSpan> byPartition = new HashMap<>();
        for (CounterSpan span : spans) byPartition.put(Keys.counterPartition(span), span);
        Map<CounterSpan, Map<String, BigDecimal>> out = new HashMap<>();
        readCounters(byPartition.keySet(), null).forEach((partition, sums) -> out.put(byPartition.get(partition), sums));
        return out;
    }

    @Override
    public Map<String, BigDecimal> allTimeCounters() {
        return readCounters(List.of(Keys.counterPartition(null)), null).getOrDefault(Keys.counterPartition(null), Map.of());
    }

    /** Read as that one attribute of the day items, so the look-back costs little however many breakdowns a day holds. */
    @Override
    public Map<LocalDate, Long> eventsAppliedOn(Collection<LocalDate> days) {
        Map<String, LocalDate> byPartition = new HashMap<>();
        for (LocalDate day : days) byPartition.put(Keys.counterPartition(new CounterSpan.Day(day)), day);
        Map<LocalDate, Long> out = new TreeMap<>();
        readCounters(byPartition.keySet(), Metric.EVENTS_APPLIED).forEach((partition, sums) ->
                out.put(byPartition.get(partition), sums.getOrDefault(Metric.EVENTS_APPLIED, BigDecimal.ZERO).longValueExact()));
        return out;
    }

    /**
     * A table this version created has week roll-ups from the start ({@link TableSetup}); on a table written before
     * roll-ups existed, the first caller records the Monday after now (writers roll up from now on), and the weeks
     * before it are read day by day.
     */
    @Override
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

    static void recordWeekRollupsFrom(DynamoDbClient dynamo, String table, LocalDate monday) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.weekRollups());
        item.put("monday", AttributeValue.fromS(monday.toString()));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
    }

    /**
     * The local days on which some funnel event occurred (a day item with any counter but {@link Metric#EVENTS_APPLIED},
     * which counts ingestion days). A Scan of the table: for local mode's hints on small data, never for a function.
     */
    public SortedSet<LocalDate> daysWithEvents() {
        SortedSet<LocalDate> days = new TreeSet<>();
        dynamo.scanPaginator(r -> r.tableName(table).filterExpression("begins_with(PK, :day)")
                .expressionAttributeValues(Map.of(":day", AttributeValue.fromS(Keys.COUNTERS)))).items().forEach(item -> {
            String day = item.get(Keys.PK).s().substring(Keys.COUNTERS.length());
            boolean occurred = item.entrySet().stream().anyMatch(e -> e.getValue().n() != null
                    && !e.getKey().equals(Metric.EVENTS_APPLIED) && new BigDecimal(e.getValue().n()).signum() != 0);
            if (occurred && day.matches("\\d{4}-\\d{2}-\\d{2}")) days.add(LocalDate.parse(day));
        });
        return days;
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

    private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }
}
