package io.leadloop.store.dynamodb;

import io.leadloop.report.ReportLedger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The {@link ReportLedger} in the funnel's table: each (audience, period) is claimed with a conditional write that
 * also stores the report (a gzipped JSON snapshot, and the main ratios' counts), and recorded as sent with SES's
 * message id after. Alerts are claimed with a conditional put, once per audience, ratio and period.
 * Keys: docs/data-model.md.
 */
public final class DynamoReportLedger implements ReportLedger {

    private static final String STATUS = "status";
    /** The ids of the re-sends that went out: a string set, so a retried re-send finds its own id there. */
    private static final String RESENDS = "resend_ids";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public DynamoReportLedger(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Optional<Entry> get(String audience, String period) {
        Map<String, AttributeValue> item = item(Keys.report(audience, period));
        return item == null ? Optional.empty() : Optional.of(entry(item));
    }

    @Override
    public Claim claim(String audience, String period, String resendId, Duration lease, Contents contents) {
        boolean resend = resendId != null;
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Map<String, String> names = Map.of("#s", STATUS);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sending", AttributeValue.fromS(Status.SENDING.name()));
        values.put(":unsent", AttributeValue.fromS(Status.UNSENT.name()));
        values.put(":expired", AttributeValue.fromN(Long.toString(now.minus(lease).getEpochSecond())));
        values.put(":epoch", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        values.put(":id", AttributeValue.fromS(id));
        values.put(":now", AttributeValue.fromS(now.toString()));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":audience", AttributeValue.fromS(audience));
        values.put(":period", AttributeValue.fromS(period));
        values.put(":subject", AttributeValue.fromS(contents.subject()));
        values.put(":snapshot", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(contents.snapshotJson()))));
        values.put(":ratios", AttributeValue.fromM(encodeRatios(contents.ratios())));
        if (resend) {
            values.put(":sent", AttributeValue.fromS(Status.SENT.name()));
            values.put(":resend", AttributeValue.fromS(resendId));
        }
        String condition = "attribute_not_exists(PK) OR #s = :unsent OR (#s = :sending AND claimed_epoch < :expired)"
                + (resend ? " OR (#s = :sent AND NOT contains(" + RESENDS + ", :resend))" : "");
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(Keys.report(audience, period))
                    .updateExpression("SET #s = :sending, claim_id = :id, claimed_at = :now, claimed_epoch = :epoch, audience = :audience, "
                            + "period_label = :period, subject = :subject, snapshot_gzip = :snapshot, ratios = :ratios, "
                            + "updated_at = :now ADD attempts :one")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues("ALL_NEW")).attributes();
            return new Claim.Claimed(id, Integer.parseInt(after.get("attempts").n()));
        } catch (ConditionalCheckFailedException e) {
            Entry entry = get(audience, period).orElseThrow(() -> e);
            return entry.status() == Status.SENT ? new Claim.AlreadySent(entry) : new Claim.InProgress(entry);
        }
    }

    @Override
    public boolean markSent(String audience, String period, String claimId, String messageId, String resendId) {
        Instant now = clock.instant();
        Map<String, AttributeValue> send = new HashMap<>(Map.of("message_id", AttributeValue.fromS(messageId),
                "sent_at", AttributeValue.fromS(now.toString()), "resend", AttributeValue.fromBool(resendId != null)));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sent", AttributeValue.fromS(Status.SENT.name()),
                ":m", AttributeValue.fromS(messageId), ":now", AttributeValue.fromS(now.toString()),
                ":empty", AttributeValue.fromL(List.of()), ":id", AttributeValue.fromS(claimId)));
        String addResend = "";
        if (resendId != null) {
            send.put("resend_id", AttributeValue.fromS(resendId));
            values.put(":resend", AttributeValue.fromSs(List.of(resendId)));
            addResend = " ADD " + RESENDS + " :resend";
        }
        values.put(":send", AttributeValue.fromL(List.of(AttributeValue.fromM(send))));
        String update = "SET #s = :sent, message_id = :m, sent_at = :now, updated_at = :now, "
                + "sends = list_append(if_not_exists(sends, :empty), :send) REMOVE claim_id, last_error" + addResend;
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.report(audience, period))
                    .updateExpression(update)
                    .conditionExpression("claim_id = :id")
                    .expressionAttributeNames(Map.of("#s", STATUS))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void markUnsent(String audience, String period, String claimId, String error) {
        Instant now = clock.instant();
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.report(audience, period))
                    .updateExpression("SET #s = :unsent, last_error = :e, failed_at = :now, updated_at = :now REMOVE claim_id")
                    .conditionExpression("claim_id = :id")
                    .expressionAttributeNames(Map.of("#s", STATUS))
                    .expressionAttributeValues(Map.of(":unsent", AttributeValue.fromS(Status.UNSENT.name()),
                            ":e", AttributeValue.fromS(error.length() > 2000 ? error.substring(0, 2000) : error),
                            ":now", AttributeValue.fromS(now.toString()), ":id", AttributeValue.fromS(claimId))));
        } catch (ConditionalCheckFailedException lostClaim) {
            // Another invocation took over after the lease: its outcome is the one that counts.
        }
    }

    @Override
    public Optional<String> snapshot(String audience, String period) {
        Map<String, AttributeValue> item = item(Keys.report(audience, period));
        if (item == null || !item.containsKey("snapshot_gzip")) return Optional.empty();
        return Optional.of(gunzip(item.get("snapshot_gzip").b().asByteArray()));
    }

    @Override
    public Map<String, Map<String, long[]>> sentRatios(String audience, List<String> periods) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String period : periods) keys.add(Keys.report(audience, period));
        Map<String, Map<String, long[]>> out = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys)) {
            if (!Status.SENT.name().equals(text(item, STATUS)) || !item.containsKey("ratios")) continue;
            Map<String, long[]> ratios = new LinkedHashMap<>();
            item.get("ratios").m().forEach((kind, pair) -> ratios.put(kind,
                    new long[] {Long.parseLong(pair.l().get(0).n()), Long.parseLong(pair.l().get(1).n())}));
            out.put(text(item, "period_label"), ratios);
        }
        return out;
    }

    @Override
    public boolean claimAlert(String audience, String ratio, String period, String summary) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.alert(audience, ratio, period));
        item.put(STATUS, AttributeValue.fromS(Status.SENDING.name()));
        item.put("summary", AttributeValue.fromS(summary));
        item.put("claimed_at", AttributeValue.fromS(clock.instant().toString()));
        item.put(Keys.EXPIRES_AT, AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond())));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void markAlertSent(String audience, String ratio, String period, String messageId) {
        dynamo.updateItem(r -> r.tableName(table).key(Keys.alert(audience, ratio, period))
                .updateExpression("SET #s = :sent, message_id = :m, sent_at = :now")
                .expressionAttributeNames(Map.of("#s", STATUS))
                .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS(Status.SENT.name()),
                        ":m", AttributeValue.fromS(messageId), ":now", AttributeValue.fromS(clock.instant().toString()))));
    }

    @Override
    public void releaseAlert(String audience, String ratio, String period) {
        dynamo.deleteItem(r -> r.tableName(table).key(Keys.alert(audience, ratio, period)));
    }

    @Override
    public Optional<String> alertStatus(String audience, String ratio, String period) {
        Map<String, AttributeValue> item = item(Keys.alert(audience, ratio, period));
        return item == null ? Optional.empty() : Optional.ofNullable(text(item, STATUS));
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        String sentAt = text(item, "sent_at");
        String claimedAt = text(item, "claimed_at");
        AttributeValue attempts = item.get("attempts");
        AttributeValue sends = item.get("sends");
        return new Entry(text(item, "audience"), text(item, "period_label"), Status.valueOf(text(item, STATUS)),
                text(item, "subject"), text(item, "message_id"), sentAt == null ? null : Instant.parse(sentAt),
                attempts == null ? 0 : Integer.parseInt(attempts.n()), text(item, "last_error"),
                claimedAt == null ? null : Instant.parse(claimedAt), sends == null ? 0 : sends.l().size(),
                item.containsKey(RESENDS) ? java.util.Set.copyOf(item.get(RESENDS).ss()) : java.util.Set.of());
    }

    private static Map<String, AttributeValue> encodeRatios(Map<String, long[]> ratios) {
        Map<String, AttributeValue> out = new HashMap<>();
        ratios.forEach((kind, pair) -> out.put(kind, AttributeValue.fromL(List.of(
                AttributeValue.fromN(Long.toString(pair[0])), AttributeValue.fromN(Long.toString(pair[1]))))));
        return out;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
