package io.leadloop.store.dynamodb;

import io.leadloop.ingest.backfill.OwnerDirectory;
import io.leadloop.report.OwnerNames;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The owner names of the funnel's table: one item per CRM, {@code OWNERS#{source}}, whose {@code names} map holds
 * every owner id the CRM listed with its name (docs/data-model.md). A history reader replaces a source's item whole;
 * a report reads every source's item in one BatchGetItem.
 */
public final class DynamoOwnerDirectory implements OwnerDirectory, OwnerNames {

    static final String NAMES = "names";

    private final DynamoDbClient dynamo;
    private final String table;
    private final List<String> sources;
    private final Clock clock;

    /** @param sources every sender whose names a report looks up (the webhook routes) */
    public DynamoOwnerDirectory(DynamoDbClient dynamo, String table, List<String> sources, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    /** One PutItem, after checking every name and the item's size: a refused list leaves the names known before. */
    @Override
    public void record(String source, Map<String, String> names) {
        Map<String, AttributeValue> byId = new LinkedHashMap<>();
        names.forEach((id, name) -> {
            if (id == null || id.isBlank() || chars(id) > StoreLimits.MAX_TEXT_CHARS) {
                throw new IllegalArgumentException(source + " owner id '" + id + "' must be 1 to " + StoreLimits.MAX_TEXT_CHARS
                        + " characters, as the owner values of its events are");
            }
            if (name == null || name.isBlank() || chars(name.strip()) > MAX_NAME_CHARS) {
                throw new IllegalArgumentException(source + " owner " + id + "'s name '" + name + "' must be 1 to " + MAX_NAME_CHARS + " characters");
            }
            byId.put(id, AttributeValue.fromS(name.strip()));
        });
        Map<String, AttributeValue> item = new HashMap<>(Keys.owners(source));
        item.put(NAMES, AttributeValue.fromM(byId));
        item.put("recorded_at", AttributeValue.fromS(clock.instant().toString()));
        long size = ItemSize.of(item);
        if (size > StoreLimits.MAX_ITEM_BYTES) {
            throw new IllegalArgumentException("the " + names.size() + " owner names of " + source + " take " + size
                    + " bytes, over DynamoDB's item limit of " + StoreLimits.MAX_ITEM_BYTES + "; nothing was recorded");
        }
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public Map<String, Map<String, String>> namesBySource() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        List<Map<String, AttributeValue>> keys = sources.stream().map(Keys::owners).toList();
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys)) {
            String source = item.get(Keys.PK).s().substring(Keys.OWNERS.length());
            Map<String, String> names = new LinkedHashMap<>();
            item.get(NAMES).m().forEach((id, name) -> names.put(id, name.s()));
            out.put(source, names);
        }
        return out;
    }

    private static int chars(String text) {
        return text.codePointCount(0, text.length());
    }
}
