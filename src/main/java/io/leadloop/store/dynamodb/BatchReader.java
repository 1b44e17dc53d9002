package io.leadloop.store.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** BatchGetItem in chunks of 100 keys, following UnprocessedKeys until every key is read. */
final class BatchReader {
    private BatchReader() {}

    private static final int MAX_KEYS = 100;

    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        return read(dynamo, table, keys, null);
    }

    /** Only the {@code attributes} named, when they are given. */
    static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys,
                                                  List<String> attributes) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        if (attributes != null) {
            for (int i = 0; i < attributes.size(); i++) names.put("#a" + i, attributes.get(i));
        }
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            KeysAndAttributes.Builder chunk = KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS))).consistentRead(true);
            if (attributes != null) chunk.projectionExpression(String.join(", ", new TreeMap<>(names).keySet())).expressionAttributeNames(names);
            Map<String, KeysAndAttributes> pending = Map.of(table, chunk.build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(request));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.unprocessedKeys();
            }
        }
        return items;
    }
}
