package io.leadloop.store.dynamodb;

import io.leadloop.funnel.Counter;
import io.leadloop.funnel.CounterSpan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The counter items, as the ledger adds to them and the readers sum them: each counter partition (a day, its ISO
 * week, or the all-time totals) is split into shards, so that one busy day does not make one hot item.
 */
final class CounterItems {
    private CounterItems() {}

    /** The counter partitions a counter is added to: its day and the day's week, or the all-time totals. */
    static List<String> partitions(Counter counter) {
        if (counter.isAllTime()) return List.of(Keys.counterPartition(null));
        return List.of(Keys.counterPartition(new CounterSpan.Day(counter.day())), Keys.counterPartition(CounterSpan.weekOf(counter.day())));
    }

    /** The keys of every shard of these partitions: what a reader sums. */
    static List<Map<String, AttributeValue>> shardKeys(Collection<String> partitions, int shards) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String partition : partitions) {
            for (int shard = 0; shard < shards; shard++) {
                keys.add(Keys.counters(partition, shard));
            }
        }
        return keys;
    }

    /**
     * One ADD per affected counter item: each day's deltas on one shard of that day, the same deltas summed into one
     * shard of the day's ISO week (a transaction may touch an item only once, so two days of one week become one
     * update), and the all-time totals. The shard is a hash of {@code shardKey} (an event id), not a random draw:
     * under SnapStart every container restored from one snapshot would draw the same random sequence and pick the
     * same shards.
     */
    static List<TransactWriteItem> updates(String table, int shards, Map<Counter, BigDecimal> deltas, String shardKey) {
        Map<String, Map<String, BigDecimal>> byPartition = new HashMap<>();
        deltas.forEach((counter, delta) -> partitions(counter).forEach(partition ->
                byPartition.computeIfAbsent(partition, p -> new TreeMap<>()).merge(counter.name(), delta, BigDecimal::add)));
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
            int shard = Math.floorMod((shardKey + '|' + partition).hashCode(), shards);
            updates.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(Keys.counters(partition, shard)).updateExpression(expression.toString())
                    .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
        });
        return updates;
    }
}
