package io.leadloop.store.dynamodb;

import io.leadloop.ingest.backfill.BackfillCursors;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One item per source and kind (docs/data-model.md), overwritten after every page: the last write is the position. */
public final class DynamoBackfillCursors implements BackfillCursors {

    private static final String CURSOR = "cursor";
    private static final String SINCE = "since";
    private static final String RUN_STARTED_AT = "run_started_at";
    private static final String LAST_RUN_AT = "last_run_at";
    private static final String THROUGH = "through";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBackfillCursors(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Position> get(String source, Kind kind) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Keys.backfillCursor(source, kind.wireName())).consistentRead(true)).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(new Position(StateCodec.string(item, CURSOR), StateCodec.instant(item, SINCE), StateCodec.instant(item, RUN_STARTED_AT),
                StateCodec.instant(item, LAST_RUN_AT), StateCodec.instant(item, THROUGH)));
    }

    @Override
    public void put(String source, Kind kind, Position position) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.backfillCursor(source, kind.wireName()));
        StateCodec.put(item, CURSOR, position.cursor());
        StateCodec.put(item, SINCE, position.since());
        StateCodec.put(item, RUN_STARTED_AT, position.runStartedAt());
        StateCodec.put(item, LAST_RUN_AT, position.lastRunAt());
        StateCodec.put(item, THROUGH, position.through());
        if (ItemSize.of(item) > StoreLimits.MAX_ITEM_BYTES) {
            throw new IllegalArgumentException(source + " " + kind.wireName() + " cursor of " + ItemSize.utf8(position.cursor())
                    + " bytes does not fit one DynamoDB item (" + StoreLimits.MAX_ITEM_BYTES + " bytes)");
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }
}
