package io.leadloop.store.dynamodb;

import io.leadloop.ingest.backfill.BackfillCursors;
import io.leadloop.report.HistoryStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item per source and kind (docs/data-model.md), overwritten after every page: the last write is the position.
 * A report reads every source's two items in one BatchGetItem.
 */
public final class DynamoBackfillCursors implements BackfillCursors, HistoryStatus {

    private static final String CURSOR = "cursor";
    private static final String SINCE = "since";
    private static final String RUN_STARTED_AT = "run_started_at";
    private static final String LAST_RUN_AT = "last_run_at";
    private static final String THROUGH = "through";
    private static final String OLDEST_EVENT_AT = "oldest_event_at";

    private final DynamoDbClient dynamo;
    private final String table;
    private final List<String> sources;

    /** @param sources every sender whose history a report asks about (the webhook routes) */
    public DynamoBackfillCursors(DynamoDbClient dynamo, String table, List<String> sources) {
        this.dynamo = dynamo;
        this.table = table;
        this.sources = List.copyOf(sources);
    }

    @Override
    public Optional<Position> get(String source, Kind kind) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Keys.backfillCursor(source, kind.wireName())).consistentRead(true)).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(position(item));
    }

    private static Position position(Map<String, AttributeValue> item) {
        return new Position(StateCodec.string(item, CURSOR), StateCodec.instant(item, SINCE), StateCodec.instant(item, RUN_STARTED_AT),
                StateCodec.instant(item, LAST_RUN_AT), StateCodec.instant(item, THROUGH), StateCodec.instant(item, OLDEST_EVENT_AT));
    }

    @Override
    public void put(String source, Kind kind, Position position) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.backfillCursor(source, kind.wireName()));
        StateCodec.put(item, CURSOR, position.cursor());
        StateCodec.put(item, SINCE, position.since());
        StateCodec.put(item, RUN_STARTED_AT, position.runStartedAt());
        StateCodec.put(item, LAST_RUN_AT, position.lastRunAt());
        StateCodec.put(item, THROUGH, position.through());
        StateCodec.put(item, OLDEST_EVENT_AT, position.oldestEventAt());
        if (ItemSize.of(item) > StoreLimits.MAX_ITEM_BYTES) {
            throw new IllegalArgumentException(source + " " + kind.wireName() + " cursor of " + ItemSize.utf8(position.cursor())
                    + " bytes does not fit one DynamoDB item (" + StoreLimits.MAX_ITEM_BYTES + " bytes)");
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public List<HistoryStatus.Source> sources() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String source : sources) {
            for (Kind kind : Kind.values()) keys.add(Keys.backfillCursor(source, kind.wireName()));
        }
        Map<String, Position> byKey = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys)) byKey.put(item.get(Keys.PK).s(), position(item));
        List<HistoryStatus.Source> out = new ArrayList<>();
        for (String source : sources) {
            Position backfill = byKey.get(Keys.backfillCursor(source, Kind.BACKFILL.wireName()).get(Keys.PK).s());
            Position reconcile = byKey.get(Keys.backfillCursor(source, Kind.RECONCILE.wireName()).get(Keys.PK).s());
            if (backfill == null && reconcile == null) continue;
            out.add(new HistoryStatus.Source(source, runs(backfill), runs(reconcile), backfill == null ? null : backfill.oldestEventAt()));
        }
        return out;
    }

    private static HistoryStatus.Runs runs(Position position) {
        return position == null ? null : new HistoryStatus.Runs(position.inProgress() ? position.runStartedAt() : null,
                position.lastRunAt(), position.through());
    }
}
