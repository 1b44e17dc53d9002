package io.leadloop.store.dynamodb;

import io.leadloop.ingest.DeliveryArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The delivery archive in the funnel's table: one item per delivery, its body gzipped to stay far below DynamoDB's
 * 400 KB item limit (a 100-event batch compresses to a few KB), and one index entry per delivery in a partition per
 * source and UTC day, sorted by reception, for replay.
 */
public final class DynamoDeliveryArchive implements DeliveryArchive {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public DynamoDeliveryArchive(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    /** @throws TooLarge when the delivery, with its body gzipped, exceeds DynamoDB's item size */
    @Override
    public String record(Delivery delivery) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.delivery(delivery.source(), delivery.deliveryId()));
        Map<String, AttributeValue> headers = new HashMap<>();
        delivery.headers().forEach((k, v) -> headers.put(k, AttributeValue.fromS(v)));
        item.put("source", AttributeValue.fromS(delivery.source()));
        item.put("received_at", AttributeValue.fromS(clock.instant().toString()));
        item.put("headers", AttributeValue.fromM(headers));
        item.put("body_gzip", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(delivery.body()))));
        item.put("status", AttributeValue.fromS("RECEIVED"));
        item.put(Keys.EXPIRES_AT, AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond())));
        long bytes = ItemSize.of(item);
        if (bytes > StoreLimits.MAX_ITEM_BYTES) {
            throw new TooLarge("the delivery is " + delivery.body().length + " bytes, " + bytes + " stored even gzipped; one stored"
                    + " delivery holds at most " + StoreLimits.MAX_ITEM_BYTES + " bytes (DynamoDB's 400 KB item limit)");
        }
        Map<String, AttributeValue> entry = new HashMap<>(indexEntryKey(delivery.source(), delivery.deliveryId(),
                Instant.parse(item.get("received_at").s())));
        entry.put("delivery_id", AttributeValue.fromS(delivery.deliveryId()));
        entry.put(Keys.EXPIRES_AT, item.get(Keys.EXPIRES_AT));
        // One request, so a stored delivery is always found by its index entry.
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(entry)).build()));
        return delivery.source() + "#" + delivery.deliveryId();
    }

    /** The index entry of a delivery received at that time. */
    static Map<String, AttributeValue> indexEntryKey(String source, String deliveryId, Instant receivedAt) {
        // At most 31 + 1 + 273 UTF-16 units of 3 bytes or fewer (a generic id: webhook-id and digest), within 1024 bytes.
        return Keys.key(Keys.deliveriesOf(source, utcDay(receivedAt)), sortable(receivedAt) + "#" + deliveryId);
    }

    /**
     * Reads one day's index partition after another; index entries whose delivery has already expired (TTL deletes
     * them one by one) are counted, not returned.
     */
    @Override
    public Page received(String source, Instant from, Instant until, String cursor, int max, BooleanSupplier more) {
        String after = cursor == null ? sortable(from) : cursor;
        Instant position = cursor == null ? from : cursorInstant(cursor);
        if (position.isBefore(from) || !position.isBefore(until.plusNanos(1))) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not within the range asked for; pass the cursor"
                    + " of the previous answer with the same source, from and to");
        }
        List<Stored> found = new ArrayList<>();
        int expired = 0;
        String last = after;
        for (LocalDate day = utcDay(position); !day.isAfter(utcDay(until)); day = day.plusDays(1)) {
            if (found.size() + expired >= max || !more.getAsBoolean()) return new Page(found, expired, last);
            String partition = Keys.deliveriesOf(source, day);
            String lower = last;
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true).exclusiveStartKey(start)
                        .keyConditionExpression("PK = :pk AND SK BETWEEN :lo AND :hi")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                                ":lo", AttributeValue.fromS(lower), ":hi", AttributeValue.fromS(sortable(until))))
                        .limit(max - found.size() - expired + 1).build();
                QueryResponse response = dynamo.query(query);
                for (Map<String, AttributeValue> entry : response.items()) {
                    String sk = entry.get(Keys.SK).s();
                    if (sk.equals(lower)) continue;
                    Optional<Stored> stored = read(source, entry.get("delivery_id").s());
                    if (stored.isPresent()) found.add(stored.get());
                    else expired++;
                    last = sk;
                    if (found.size() + expired >= max) return new Page(found, expired, last);
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (start != null);
            last = sortable(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return new Page(found, expired, null);
    }

    /** One stored delivery, its body gunzipped; empty once it has expired. */
    private Optional<Stored> read(String source, String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Keys.delivery(source, deliveryId))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        Map<String, String> headers = new HashMap<>();
        item.get("headers").m().forEach((k, v) -> headers.put(k, v.s()));
        return Optional.of(new Stored(source, deliveryId, Instant.parse(item.get("received_at").s()), headers,
                gunzip(item.get("body_gzip").b().asByteArray())));
    }

    @Override
    public void replayed(Stored delivery, Outcome outcome) {
        setOutcome(delivery.source(), delivery.deliveryId(), outcome, Map.of("replay_applied", outcome.applied()), "replayed_at");
    }

    /** Fixed-width, so that index entries sort by time as strings ({@code Instant.toString} drops zero fractions). */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    private static Instant cursorInstant(String cursor) {
        try {
            return SORTABLE.parse(cursor.split("#", 2)[0], Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one this replay returned; pass the \"cursor\""
                    + " of the previous answer unchanged, or none to start from the beginning");
        }
    }

    private static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public void complete(Delivery delivery, Outcome outcome) {
        setOutcome(delivery.source(), delivery.deliveryId(), outcome,
                Map.of("applied", outcome.applied(), "duplicates", outcome.duplicates()), "completed_at");
    }

    /** The status that the unmapped events give, those counts, and now as {@code timeAttribute}. */
    private void setOutcome(String source, String deliveryId, Outcome outcome, Map<String, Integer> counts, String timeAttribute) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":s", AttributeValue.fromS(outcome.unmapped() > 0 ? "PARTIALLY_MAPPED" : "APPLIED"),
                ":u", AttributeValue.fromN(Integer.toString(outcome.unmapped())),
                ":t", AttributeValue.fromS(clock.instant().toString())));
        StringBuilder expression = new StringBuilder("SET #s = :s, unmapped = :u, " + timeAttribute + " = :t");
        counts.forEach((name, count) -> {
            expression.append(", ").append(name).append(" = :").append(name);
            values.put(":" + name, AttributeValue.fromN(Integer.toString(count)));
        });
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.delivery(source, deliveryId)).updateExpression(expression.toString())
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // It named an erased lead and was deleted while it was applied (LeadErasure): there is nothing to update.
        }
    }

    private static byte[] gunzip(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
