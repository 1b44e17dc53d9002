package io.leadloop.store.dynamodb;

import io.leadloop.funnel.FollowUp;
import io.leadloop.report.FollowUpQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The {@link FollowUpQueue} of the funnel's table: the follow-up index {@link DynamoEventLedger} keeps in each event's
 * transaction, one item per waiting lead in one partition, sorted by the lead's creation time.
 */
public final class DynamoFollowUpQueue implements FollowUpQueue {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    /** @param retention how long index items live (their TTL): older ones are never read */
    public DynamoFollowUpQueue(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * One Query on the index's partition: the cost is the number of unworked qualified leads, never the number of
     * leads, and is capped at {@code max} items. The key range starts where the retention starts, because the oldest
     * items sort first: items past their TTL that DynamoDB has not deleted yet (it can take days) are never read,
     * rather than read and skipped page after page.
     */
    @Override
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
}
