package io.leadloop.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDbClient that keeps what the real {@code DynamoEventLedger.apply} writes in memory instead of sending it, so a
 * long history can be produced by the store's own code (items in exactly its shapes, whatever they are today) at
 * memory speed and then bulk-loaded with BatchWriteItem. One writer per instance; conditions are not evaluated
 * (each lead's events are applied once, in order, by one thread).
 *
 * <p>Items written with Put (leads, deals, markers, follow-ups…) collect in {@link #puts} until the caller flushes
 * them; items only ever changed by {@code ADD} updates (the daily counter shards) accumulate in {@link #sums} for the
 * whole load. Any other update form fails loudly, so a change in the store's writes cannot go unnoticed.
 */
final class CapturingDynamo implements DynamoDbClient {

    private static final Pattern ADD = Pattern.compile("^\\s*ADD\\s+(.+)$", Pattern.CASE_INSENSITIVE);

    /** Put items by "PK|SK", in write order. */
    final Map<String, Map<String, AttributeValue>> puts = new LinkedHashMap<>();
    /** ADD-only items by "PK|SK": their key attributes and summed numbers. */
    final Map<String, Map<String, AttributeValue>> sumKeys = new HashMap<>();
    final Map<String, Map<String, BigDecimal>> sums = new HashMap<>();

    private static String id(Map<String, AttributeValue> key) {
        return key.get("PK").s() + "|" + key.get("SK").s();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        Map<String, AttributeValue> item = puts.get(id(request.key()));
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    /** As {@link #getItem}, key by key (the store's prefetch of a delivery's leads and deals). */
    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        request.requestItems().forEach((table, keys) -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (Map<String, AttributeValue> key : keys.keys()) {
                Map<String, AttributeValue> item = puts.get(id(key));
                if (item != null) items.add(item);
            }
            found.put(table, items);
        });
        return BatchGetItemResponse.builder().responses(found).build();
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        puts.put(id(request.item()), new HashMap<>(request.item()));
        return PutItemResponse.builder().build();
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        update(request.key(), request.updateExpression(), request.expressionAttributeNames(), request.expressionAttributeValues());
        return UpdateItemResponse.builder().build();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        for (TransactWriteItem w : request.transactItems()) {
            if (w.put() != null) {
                puts.put(id(w.put().item()), new HashMap<>(w.put().item()));
            } else if (w.delete() != null) {
                puts.remove(id(w.delete().key()));
            } else if (w.update() != null) {
                Update u = w.update();
                update(u.key(), u.updateExpression(), u.expressionAttributeNames(), u.expressionAttributeValues());
            } else if (w.conditionCheck() == null) {
                throw new UnsupportedOperationException("unknown transaction item " + w);
            }
        }
        return TransactWriteItemsResponse.builder().build();
    }

    private void update(Map<String, AttributeValue> key, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        Matcher m = ADD.matcher(expression);
        if (!m.matches()) {
            throw new UnsupportedOperationException("the bench's capturing client only understands ADD updates; the store now writes '"
                    + expression + "' (update bench/src/main/java/io/leadloop/bench/CapturingDynamo.java)");
        }
        String id = id(key);
        sumKeys.putIfAbsent(id, key);
        Map<String, BigDecimal> item = sums.computeIfAbsent(id, k -> new HashMap<>());
        for (String part : m.group(1).split(",")) {
            String[] nameValue = part.strip().split("\\s+");
            String name = names.getOrDefault(nameValue[0], nameValue[0]);
            item.merge(name, new BigDecimal(values.get(nameValue[1]).n()), BigDecimal::add);
        }
    }

    /** The accumulated ADD items as whole items (zero sums left out). */
    Map<String, AttributeValue> sumItem(String id) {
        Map<String, AttributeValue> item = new HashMap<>(sumKeys.get(id));
        sums.get(id).forEach((name, value) -> {
            if (value.signum() != 0) item.put(name, AttributeValue.fromN(value.toPlainString()));
        });
        return item;
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
