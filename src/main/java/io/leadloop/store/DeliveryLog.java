package io.leadloop.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Raw webhook deliveries, stored before anything is applied or acknowledged, so that nothing a CRM sent is
 * lost and any delivery can be re-applied after a mapping fix. Bodies are gzipped to stay far below
 * DynamoDB's 400 KB item limit (a 100-event batch compresses to a few KB).
 */
public final class DeliveryLog {

    /** A delivery as received: which CRM, its id, the headers that matter and the exact bytes. */
    public record Delivery(String source, String deliveryId, Map<String, String> headers, byte[] body) {}

    /** How a stored delivery was applied. */
    public record Outcome(int applied, int duplicates, int unmapped) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public DeliveryLog(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    /** A delivery that cannot be one item, even gzipped; thrown before anything is written. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Returns the reference the applied events point back to.
     *
     * @throws TooLarge when the delivery, with its body gzipped, exceeds DynamoDB's item size
     */
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
        dynamo.putItem(r -> r.tableName(table).item(item));
        return delivery.source() + "#" + delivery.deliveryId();
    }

    public void complete(Delivery delivery, Outcome outcome) {
        dynamo.updateItem(r -> r.tableName(table).key(Keys.delivery(delivery.source(), delivery.deliveryId()))
                .updateExpression("SET #s = :s, applied = :a, duplicates = :d, unmapped = :u, completed_at = :t")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(
                        ":s", AttributeValue.fromS(outcome.unmapped() > 0 ? "PARTIALLY_MAPPED" : "APPLIED"),
                        ":a", AttributeValue.fromN(Integer.toString(outcome.applied())),
                        ":d", AttributeValue.fromN(Integer.toString(outcome.duplicates())),
                        ":u", AttributeValue.fromN(Integer.toString(outcome.unmapped())),
                        ":t", AttributeValue.fromS(clock.instant().toString()))));
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
