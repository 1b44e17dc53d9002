package io.leadloop.store.dynamodb;

import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.LeadState;
import io.leadloop.ingest.EventLedger.Applied;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Erasing a lead: the stored deliveries that named it, its item (profile, attributes, stage times), its follow-up index
 * entry and its deals' link to it are deleted; what it added to the counters stays, anonymous. A tombstone, kept for
 * the retention period (as long as any delivery or applied-event marker that could bring the lead back), makes the
 * ledger drop every later event naming the lead: a late webhook, a replay or a backfill stores nothing of it again.
 *
 * <p>A lead item remembers the references of the last {@value #MAX_REMEMBERED} deliveries that named it; older ones
 * are not found here and leave the table with the retention period (a lead changed that often is rare). Each step is
 * idempotent: the deliveries go first, then the lead with its tombstone and the event's marker in one transaction, so
 * an erasure cut short is redone whole by the erasure's redelivery.
 */
final class LeadErasure {

    static final String DELIVERIES = "deliveries";
    /** About 100 × at most 300 bytes a reference: some 30 KB of the lead item's 400 KB. */
    static final int MAX_REMEMBERED = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FunnelRules rules;
    private final Duration retention;
    private final Clock clock;

    LeadErasure(DynamoDbClient dynamo, String table, FunnelRules rules, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.rules = rules;
        this.retention = retention;
        this.clock = clock;
    }

    /** The deliveries a lead item names, oldest first. */
    static List<String> deliveries(Map<String, AttributeValue> leadItem) {
        AttributeValue references = leadItem.get(DELIVERIES);
        return references == null ? List.of() : references.l().stream().map(AttributeValue::s).toList();
    }

    /** The references with {@code reference} added, the oldest dropped past the bound; none added for an empty one. */
    static List<String> remember(List<String> references, String reference) {
        if (reference.isEmpty() || references.contains(reference)) return references;
        List<String> remembered = new ArrayList<>(references.subList(Math.max(0, references.size() + 1 - MAX_REMEMBERED),
                references.size()));
        remembered.add(reference);
        return List.copyOf(remembered);
    }

    static AttributeValue attribute(List<String> references) {
        return AttributeValue.fromL(references.stream().map(AttributeValue::fromS).toList());
    }

    /**
     * Erases the event's lead.
     *
     * @param eventWrites the event's marker (first: its failed condition means the erasure was applied before) and
     *                    its counter updates, written in the erasure's last transaction
     */
    Applied erase(LeadErased event, List<TransactWriteItem> eventWrites) {
        for (int attempt = 1; ; attempt++) {
            StateView view = new StateView(dynamo, table);
            view.prefetch(List.of(event));
            StateView.Versioned<LeadState> lead = view.lead(event.leadId());
            view.deliveriesOf(event.leadId()).forEach(this::forgetDelivery);
            List<TransactWriteItem> writes = new ArrayList<>(eventWrites);
            writes.add(tombstone(event));
            List<TransactWriteItem> unlinks = new ArrayList<>();
            if (lead.version() > 0) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(Keys.lead(event.leadId()))
                        .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", Keys.VERSION))
                        .expressionAttributeValues(Map.of(":v", number(lead.version()))).build()).build());
                writes.addAll(FollowUpItems.writes(table, retention, rules.awaitingFollowUp(lead.state()), null));
                for (String dealId : lead.state().dealIds()) {
                    StateView.Versioned<DealState> deal = view.deal(dealId);
                    if (event.leadId().equals(deal.state().leadId())) unlinks.add(unlink(dealId, deal.version()));
                }
            }
            try {
                // Deals beyond the last transaction's room are unlinked before it; a retry finds them unlinked.
                while (!unlinks.isEmpty() && writes.size() + unlinks.size() > DynamoEventLedger.MAX_TRANSACTION_ITEMS) {
                    List<TransactWriteItem> first = unlinks.subList(0, Math.min(unlinks.size(), DynamoEventLedger.MAX_TRANSACTION_ITEMS));
                    dynamo.transactWriteItems(r -> r.transactItems(first));
                    first.clear();
                }
            } catch (TransactionCanceledException e) {
                if (attempt >= DynamoEventLedger.MAX_ATTEMPTS) throw e;
                continue;
            }
            writes.addAll(unlinks);
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return Applied.APPLIED;
            } catch (TransactionCanceledException e) {
                if (!e.cancellationReasons().isEmpty() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                    return Applied.DUPLICATE;
                }
                // Another delivery changed the lead or a deal meanwhile: read again and erase what it wrote too.
                if (attempt >= DynamoEventLedger.MAX_ATTEMPTS) throw e;
            }
        }
    }

    /** Deletes a stored delivery and its index entry, if it is still there. */
    void forgetDelivery(String reference) {
        String[] parts = reference.split("#", 2);
        if (parts.length < 2) return;
        Map<String, AttributeValue> key = Keys.delivery(parts[0], parts[1]);
        Map<String, AttributeValue> stored = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        if (stored == null || stored.isEmpty()) return;
        Map<String, AttributeValue> entry = DynamoDeliveryArchive.indexEntryKey(parts[0], parts[1],
                Instant.parse(stored.get("received_at").s()));
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(entry)).build()));
    }

    /** Holds no lead id, only its digest ({@link Keys#erased}). */
    private TransactWriteItem tombstone(LeadErased event) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.erased(event.leadId()));
        item.put("erased_at", AttributeValue.fromS(clock.instant().toString()));
        item.put(Keys.EXPIRES_AT, number(clock.instant().plus(retention).getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    /**
     * The deal stays, with its amount, owner and the lead's source, campaign, form and owner (its counted breakdowns):
     * only its link to the person and the copy of the person's attributes go. A deal closed after its lead's erasure
     * counts its attribute-derived breakdowns (size band, target account, analysis attributes) as unknown.
     */
    private TransactWriteItem unlink(String dealId, long version) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Keys.deal(dealId))
                .updateExpression("REMOVE lead_id, lead_attributes SET #v = :next").conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":v", number(version), ":next", number(version + 1))).build()).build();
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
