package io.leadloop.store.dynamodb;

import io.leadloop.funnel.CounterSpan;
import io.leadloop.ingest.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every key pattern of the single table; docs/data-model.md lists them with their access patterns. */
final class Keys {
    private Keys() {}

    static final String PK = "PK";
    static final String SK = "SK";
    static final String EXPIRES_AT = "expires_at";
    static final String VERSION = "version";

    static Map<String, AttributeValue> delivery(String source, String deliveryId) {
        return key("DELIVERY#" + source + "#" + deliveryId, "RAW");
    }

    /** The sparse index of one source's deliveries received on one UTC day, sorted by reception: see {@link DynamoDeliveryArchive}. */
    static String deliveriesOf(String source, java.time.LocalDate day) {
        return "DELIVERIES#" + source + "#" + day;
    }

    static Map<String, AttributeValue> appliedEvent(String eventId) {
        return key("EVENT#" + eventId, "APPLIED");
    }

    static final String LEAD = "LEAD#";
    static final String DEAL = "DEAL#";

    static Map<String, AttributeValue> lead(String leadId) {
        return key(LEAD + leadId, "STATE");
    }

    static Map<String, AttributeValue> deal(String dealId) {
        return key(DEAL + dealId, "STATE");
    }

    static final String ERASED = "ERASED#";

    /**
     * The tombstone of an erased lead. It is keyed by a digest of the lead id, so that it does not hold the id itself
     * (a generic sender's id may be an email address); whoever knows the id finds it all the same.
     */
    static Map<String, AttributeValue> erased(String leadId) {
        return key(ERASED + Hmac.digestHex(leadId.getBytes(StandardCharsets.UTF_8)), "TOMBSTONE");
    }

    /** The partition of a day's or a week's counters, or with a null span the all-time running totals. */
    static String counterPartition(CounterSpan span) {
        if (span == null) return COUNTERS + ALL_TIME;
        if (span instanceof CounterSpan.Week week) return COUNTERS + "W" + week.monday();
        return COUNTERS + ((CounterSpan.Day) span).day();
    }

    static Map<String, AttributeValue> counters(String partition, int shard) {
        return key(partition, "SHARD#" + shard);
    }

    /** Where {@link DynamoCounterHistory#weekRollupsFrom} is recorded: the first Monday whose week roll-up is complete. */
    static Map<String, AttributeValue> weekRollups() {
        return key(COUNTERS + "WEEKS", "SINCE");
    }

    /** The follow-up index: one partition, sorted by when each waiting lead was created. */
    static final String FOLLOW_UP = "FOLLOW_UP";

    static Map<String, AttributeValue> followUp(String sortableSince, String leadId) {
        return key(FOLLOW_UP, sortableSince + "#" + leadId);
    }

    /** One audience's report of one period: the send-once record and the snapshot of its numbers. */
    static Map<String, AttributeValue> report(String audience, String periodLabel) {
        return key("REPORT#" + audience + "#" + periodLabel, "SENT");
    }

    /** One off-cycle alert: a ratio of an audience out of its band in a period, sent at most once. */
    static Map<String, AttributeValue> alert(String audience, String ratio, String periodLabel) {
        return key("ALERT#" + audience + "#" + ratio + "#" + periodLabel, "SENT");
    }

    /** The owner names one CRM listed: see {@link DynamoOwnerDirectory}. */
    static final String OWNERS = "OWNERS#";

    static Map<String, AttributeValue> owners(String source) {
        return key(OWNERS + source, "NAMES");
    }

    /** Where one source's backfill or reconciliation stands: see {@link DynamoBackfillCursors}. */
    static Map<String, AttributeValue> backfillCursor(String source, String kind) {
        return key("BACKFILL#" + source + "#" + kind, "CURSOR");
    }

    static final String COUNTERS = "COUNTERS#";
    static final String ALL_TIME = "ALL";

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }
}
