package io.leadloop.store.dynamodb;

import io.leadloop.funnel.FollowUp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The follow-up index, as the ledger keeps it and a reader queries it: one item per qualified lead nobody has worked
 * yet, in one partition, sorted by how long the lead has waited.
 */
final class FollowUpItems {
    private FollowUpItems() {}

    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Second-precision UTC instants sort as text, so the index's sort key orders leads by age. */
    static String sortableInstant(Instant at) {
        return SORTABLE.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Removes, moves or rewrites the lead's follow-up index item when what it would hold changed. */
    static List<TransactWriteItem> writes(String table, Duration retention, FollowUp before, FollowUp after) {
        if (Objects.equals(before, after)) return List.of();
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

    /** The lead an index item holds, as {@link #writes} wrote it. */
    static FollowUp followUp(Map<String, AttributeValue> item) {
        return new FollowUp(text(item, "lead_id"), Instant.parse(text(item, "since")), text(item, "owner"),
                text(item, "source"), text(item, "campaign"), text(item, "form"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
