package io.leadloop.store.dynamodb;

import io.leadloop.funnel.Counter;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.FunnelRules.Transition;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Metric;
import io.leadloop.ingest.EventLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The event ledger in the funnel's DynamoDB table. Each event is applied in a transaction that records the event id
 * (so a redelivery changes nothing), writes the lead and deal it changes (guarded by their versions, so
 * concurrent deliveries cannot lose an update) and adds its counter deltas to one shard (picked by event id) of each
 * affected day and of its week ({@link CounterItems}); consecutive events of a delivery share one such
 * transaction ({@link #applyAll}). The same transaction counts the event on the day it
 * was applied ({@link Metric#EVENTS_APPLIED}, for the report's data-health check) and keeps the follow-up index: one
 * item per qualified lead nobody has worked yet ({@link FunnelRules#awaitingFollowUp}, {@link FollowUpItems}).
 * What it wrote is read back by {@link DynamoCounterHistory} and {@link DynamoFollowUpQueue}.
 */
public final class DynamoEventLedger implements EventLedger {

    /** DynamoDB's limits on one TransactWriteItems call, and on one expression in it. */
    static final int MAX_TRANSACTION_ITEMS = 100;
    private static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    private static final int MAX_EXPRESSION_CHARS = 4096;
    /**
     * Counter names one transaction adds to one counter item (a day, its week, or the all-time totals).
     * {@link CounterItems#updates} writes an item's names as one ADD expression of about 13 characters a name, and
     * DynamoDB's 4 KB expression limit allows some 300.
     */
    private static final int MAX_COUNTERS_PER_ITEM = 250;
    /** Conflicting attempts at one event before the delivery fails (it is stored: a redelivery applies the rest). */
    static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FunnelRules rules;
    private final int counterShards;
    private final Duration retention;
    private final Clock clock;
    private final LeadErasure erasure;

    public DynamoEventLedger(DynamoDbClient dynamo, String table, FunnelRules rules, int counterShards, Duration retention,
                             Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.rules = rules;
        this.counterShards = counterShards;
        this.retention = retention;
        this.clock = clock;
        this.erasure = new LeadErasure(dynamo, table, rules, retention, clock);
    }

    public Applied apply(FunnelEvent event, String deliveryRef) {
        return applyAll(List.of(event), deliveryRef).get(0);
    }

    /**
     * Why some of a delivery's events could not be applied as they are, checked before anything is stored: the field
     * bounds of {@link StoreLimits}, then the size of every item applying them would write. For that, the events are
     * simulated in their order as {@link #applyAll} would apply them, building the same writes, on leads and deals
     * that start unknown (nothing is read: the check is pure, so what is already stored does not count).
     *
     * @return the violations, each with the index of its event; empty when the delivery can be applied
     */
    @Override
    public List<Violation> violations(List<FunnelEvent> events) {
        List<Violation> violations = StoreLimits.fieldViolations(events);
        if (!violations.isEmpty()) return violations;
        StateView nothingStored = StateView.nothingStored();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            if (!ids.add(events.get(i).id())) continue;
            Group group = new Group(nothingStored, "");
            group.tryAdd(events.get(i));
            for (TransactWriteItem write : group.writes()) {
                long bytes = bytes(write);
                if (bytes > StoreLimits.MAX_ITEM_BYTES) {
                    String pk = (write.put() != null ? write.put().item() : write.update().key()).get(Keys.PK).s();
                    violations.add(new Violation(i, null, "applying it would write the item "
                            + (pk.length() > 40 ? pk.substring(0, 40) + "…" : pk) + " at " + bytes + " bytes; DynamoDB stores at most "
                            + StoreLimits.MAX_ITEM_BYTES + " (400 KB) per item: send fewer or shorter attributes"));
                }
            }
            group.committed();
        }
        return violations;
    }

    /**
     * Applies a delivery's events in their order, each at most once. The states they touch are read up front
     * ({@link StateView#prefetch}); consecutive events are then simulated on those states and written together, in
     * as few transactions as DynamoDB's limits allow ({@link #plan}). Each event keeps its own conditional marker,
     * so a transaction that holds an event applied before is cancelled: the events whose markers failed are
     * duplicates and are dropped, and the rest is redone from freshly read state. A version conflict (another
     * delivery changed one of the leads or deals) is retried the same way after a back-off, with half as many
     * events, down to one per transaction if conflicts persist, so one contended lead holds up only its own events.
     * An erasure ({@link LeadErased}) is applied on its own, after the events before it ({@link LeadErasure}); events
     * naming an erased lead are dropped ({@link Applied#ERASED}), and a delivery naming one is not kept.
     *
     * @return what became of each event, index-aligned with {@code events}
     */
    @Override
    public List<Applied> applyAll(List<FunnelEvent> events, String deliveryRef) {
        Applied[] outcomes = new Applied[events.size()];
        List<Integer> run = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        boolean namesErased = false;
        for (int i = 0; i < events.size(); i++) {
            if (!ids.add(events.get(i).id())) {
                // An id repeated within the delivery is the same event again; one transaction cannot hold its marker twice.
                outcomes[i] = Applied.DUPLICATE;
            } else if (events.get(i) instanceof LeadErased erased) {
                // The events before it are applied first, so that it erases what they wrote.
                namesErased |= applyRun(events, run, outcomes, deliveryRef);
                run = new ArrayList<>();
                List<TransactWriteItem> eventWrites = new ArrayList<>(List.of(markApplied(erased, deliveryRef)));
                eventWrites.addAll(CounterItems.updates(table, counterShards, Map.of(eventsAppliedToday(), BigDecimal.ONE), erased.id()));
                outcomes[i] = erasure.erase(erased, eventWrites);
                namesErased = true;
            } else {
                run.add(i);
            }
        }
        namesErased |= applyRun(events, run, outcomes, deliveryRef);
        // The delivery names an erased lead (the erasure itself, a late webhook, a replay): it is not kept either.
        if (namesErased) erasure.forgetDelivery(deliveryRef);
        return List.of(outcomes);
    }

    /**
     * Applies the events at {@code pending} (consecutive ones without an erasure), recording each outcome.
     *
     * @return whether some of them were dropped because they name an erased lead
     */
    private boolean applyRun(List<FunnelEvent> events, List<Integer> pending, Applied[] outcomes, String deliveryRef) {
        boolean namesErased = false;
        int limit = pending.size();
        StateView view = new StateView(dynamo, table);
        int conflicts = 0;
        int singleConflicts = 0;
        boolean contended = false;
        while (!pending.isEmpty()) {
            List<FunnelEvent> next = pending.stream().map(events::get).toList();
            // Reads, in batches, only the states the next group may need and the view does not hold yet.
            view.prefetch(next.subList(0, Math.min(limit, next.size())));
            if (dropErased(view, events, pending, outcomes, limit)) {
                namesErased = true;
                continue;
            }
            Planned planned = plan(view, next, Math.min(limit, next.size()), deliveryRef);
            Group group = planned.group();
            try {
                dynamo.transactWriteItems(r -> r.transactItems(planned.writes()));
                group.committed();
                List<Integer> done = pending.subList(0, group.size());
                done.forEach(i -> outcomes[i] = Applied.APPLIED);
                done.clear();
                conflicts = 0;
                singleConflicts = 0;
                limit = Math.min(events.size(), 2 * limit);
                // Another delivery is changing the same leads: what was read before this group is likely stale too.
                if (contended) view = new StateView(dynamo, table);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean conflict = reasons.isEmpty();
                // Backwards, so that removing one does not shift the positions of the others.
                for (int i = reasons.size() - 1; i >= 0; i--) {
                    String code = reasons.get(i).code();
                    if (i < group.size() && "ConditionalCheckFailed".equals(code)) {
                        outcomes[pending.remove(i)] = Applied.DUPLICATE;
                    } else if (code != null && !"None".equals(code)) {
                        conflict = true;
                    }
                }
                if (conflict) {
                    // A smaller group touches fewer leads and is exposed for less time, so it is less likely to
                    // conflict again; down to one event per transaction, which fails the delivery after as many
                    // attempts as it always did.
                    if (group.size() == 1 && ++singleConflicts >= MAX_ATTEMPTS) throw e;
                    limit = Math.max(1, group.size() / 2);
                    contended = true;
                    backOff(++conflicts);
                }
                // Whoever applied the duplicates or won the conflict changed the states they touched.
                view = new StateView(dynamo, table);
            }
        }
        return namesErased;
    }

    /** Drops the first {@code limit} pending events that name an erased lead; the view holds their leads. */
    private static boolean dropErased(StateView view, List<FunnelEvent> events, List<Integer> pending, Applied[] outcomes,
                                      int limit) {
        boolean dropped = false;
        for (int i = Math.min(limit, pending.size()) - 1; i >= 0; i--) {
            FunnelEvent event = events.get(pending.get(i));
            String dealId = FunnelRules.dealIdOf(event);
            String leadId = FunnelRules.leadIdOf(event, dealId == null ? null : view.deal(dealId).state());
            if (leadId != null && view.erased(leadId)) {
                outcomes[pending.remove(i)] = Applied.ERASED;
                dropped = true;
            }
        }
        return dropped;
    }

    private Counter eventsAppliedToday() {
        return new Counter(LocalDate.ofInstant(clock.instant(), rules.zone()), Metric.EVENTS_APPLIED);
    }

    /**
     * The longest run of leading events, at most {@code maxEvents}, whose writes fit one transaction. The groups
     * are cut by an exact count of items as they are simulated ({@link Group#tryAdd}); the writes are then checked
     * against every limit, since counter updates and large states are only known once built, and a group that
     * does not fit is cut shorter and simulated again.
     */
    private Planned plan(StateView view, List<FunnelEvent> events, int maxEvents, String deliveryRef) {
        for (int limit = maxEvents; ; ) {
            Group group = new Group(view, deliveryRef);
            for (FunnelEvent event : events.subList(0, limit)) {
                if (!group.tryAdd(event)) break;
            }
            List<TransactWriteItem> writes = group.writes();
            if (group.size() == 1 || fitsOneTransaction(writes)) return new Planned(group, writes);
            int excess = writes.size() - MAX_TRANSACTION_ITEMS;
            limit = Math.max(1, excess > 0 ? group.size() - excess : group.size() / 2);
        }
    }

    /** A group and the writes it was checked with: the ones sent, so that cancellation reasons line up with them. */
    private record Planned(Group group, List<TransactWriteItem> writes) {}

    private static boolean fitsOneTransaction(List<TransactWriteItem> writes) {
        if (writes.size() > MAX_TRANSACTION_ITEMS) return false;
        long bytes = 0;
        for (TransactWriteItem write : writes) {
            if (write.update() != null && write.update().updateExpression().length() > MAX_EXPRESSION_CHARS) return false;
            bytes += bytes(write);
        }
        return bytes <= MAX_TRANSACTION_BYTES;
    }

    /** What one write sends, as DynamoDB counts it: an item put whole, or an update's key, expression and values. */
    private static long bytes(TransactWriteItem write) {
        if (write.put() != null) return ItemSize.of(write.put().item());
        if (write.update() != null) {
            long bytes = ItemSize.of(write.update().key()) + write.update().updateExpression().length()
                    + ItemSize.of(write.update().expressionAttributeValues());
            for (String name : write.update().expressionAttributeNames().values()) bytes += ItemSize.utf8(name);
            return bytes;
        }
        return write.delete() != null ? ItemSize.of(write.delete().key()) : 0;
    }

    /**
     * Consecutive events of one delivery, simulated on the view's states and written in one transaction: one
     * marker per event, one versioned put per lead or deal that changed (against the version read, however many
     * of the group's events changed it), the follow-up index items from each lead's first state to its last, and
     * the counter deltas summed over the events, so that no item appears twice, as DynamoDB requires.
     */
    private final class Group {
        private final StateView view;
        private final String deliveryRef;
        private final List<FunnelEvent> events = new ArrayList<>();
        private final Map<String, LeadState> leads = new LinkedHashMap<>();
        private final Map<String, DealState> deals = new LinkedHashMap<>();
        private final Map<Counter, BigDecimal> deltas = new HashMap<>();
        /** Writes each lead and deal needs so far, and their sum with the markers and one update per counter item. */
        private final Map<String, Integer> leadItems = new HashMap<>();
        private final Map<String, Integer> dealItems = new HashMap<>();
        private final Map<String, Integer> countersPerItem = new HashMap<>();
        private int items;

        Group(StateView view, String deliveryRef) {
            this.view = view;
            this.deliveryRef = deliveryRef;
        }

        int size() {
            return events.size();
        }

        private LeadState lead(String leadId) {
            LeadState lead = leads.get(leadId);
            return lead != null ? lead : view.lead(leadId).state();
        }

        private DealState deal(String dealId) {
            DealState deal = deals.get(dealId);
            return deal != null ? deal : view.deal(dealId).state();
        }

        /** Adds the event unless the group would then exceed one transaction's items (a first event always fits). */
        boolean tryAdd(FunnelEvent event) {
            String dealId = FunnelRules.dealIdOf(event);
            DealState deal = dealId == null ? null : deal(dealId);
            String leadId = FunnelRules.leadIdOf(event, deal);
            LeadState lead = leadId == null ? null : lead(leadId);
            List<DealState> others = lead == null ? List.of()
                    : lead.dealIds().stream().filter(id -> !id.equals(dealId)).map(this::deal).toList();
            Transition transition = rules.apply(event, lead, deal, others);
            Map<Counter, BigDecimal> eventDeltas = new HashMap<>(transition.counterDeltas());
            eventDeltas.merge(eventsAppliedToday(), BigDecimal.ONE, BigDecimal::add);

            Map<String, Integer> nextLeadItems = new HashMap<>();
            Map<String, Integer> nextDealItems = new HashMap<>();
            if (lead != null) nextLeadItems.put(leadId, itemsFor(leadId, transition.lead()));
            if (deal != null) nextDealItems.put(dealId, itemsFor(transition.deal()));
            for (DealState other : transition.otherDeals()) nextDealItems.put(other.dealId(), itemsFor(other));
            Map<String, Integer> newCounters = new HashMap<>();
            for (Counter counter : eventDeltas.keySet()) {
                if (!deltas.containsKey(counter)) CounterItems.partitions(counter).forEach(p -> newCounters.merge(p, 1, Integer::sum));
            }
            int next = items + 1;
            for (Map.Entry<String, Integer> e : nextLeadItems.entrySet()) next += e.getValue() - leadItems.getOrDefault(e.getKey(), 0);
            for (Map.Entry<String, Integer> e : nextDealItems.entrySet()) next += e.getValue() - dealItems.getOrDefault(e.getKey(), 0);
            boolean crowdedItem = false;
            for (Map.Entry<String, Integer> e : newCounters.entrySet()) {
                int before = countersPerItem.getOrDefault(e.getKey(), 0);
                if (before == 0) next++;
                crowdedItem |= before + e.getValue() > MAX_COUNTERS_PER_ITEM;
            }
            if (!events.isEmpty() && (next > MAX_TRANSACTION_ITEMS || crowdedItem)) return false;

            events.add(event);
            if (lead != null) leads.put(leadId, transition.lead());
            if (deal != null) deals.put(dealId, transition.deal());
            transition.otherDeals().forEach(other -> deals.put(other.dealId(), other));
            leadItems.putAll(nextLeadItems);
            dealItems.putAll(nextDealItems);
            newCounters.forEach((partition, n) -> countersPerItem.merge(partition, n, Integer::sum));
            eventDeltas.forEach((counter, delta) -> deltas.merge(counter, delta, BigDecimal::add));
            items = next;
            return true;
        }

        /** A lead is written when it changed, or to remember a delivery that named it ({@link LeadErasure}). */
        private boolean changed(String leadId, LeadState now) {
            return !now.equals(view.lead(leadId).state()) || !remembered(leadId).equals(view.deliveriesOf(leadId));
        }

        private List<String> remembered(String leadId) {
            return LeadErasure.remember(view.deliveriesOf(leadId), deliveryRef);
        }

        private int itemsFor(String leadId, LeadState now) {
            LeadState before = view.lead(leadId).state();
            return (changed(leadId, now) ? 1 : 0)
                    + FollowUpItems.writes(table, retention, rules.awaitingFollowUp(before), rules.awaitingFollowUp(now)).size();
        }

        private int itemsFor(DealState now) {
            return now.equals(view.deal(now.dealId()).state()) ? 0 : 1;
        }

        /** The markers come first, in the events' order: a cancellation reason at position i is then event i's. */
        List<TransactWriteItem> writes() {
            List<TransactWriteItem> writes = new ArrayList<>();
            events.forEach(event -> writes.add(markApplied(event, deliveryRef)));
            leads.forEach((leadId, now) -> {
                if (changed(leadId, now)) {
                    Map<String, AttributeValue> item = new HashMap<>(StateCodec.encode(now));
                    item.put(LeadErasure.DELIVERIES, LeadErasure.attribute(remembered(leadId)));
                    writes.add(versionedPut(Keys.lead(leadId), item, view.lead(leadId).version()));
                }
            });
            deals.forEach((dealId, now) -> {
                StateView.Versioned<DealState> before = view.deal(dealId);
                if (!now.equals(before.state())) {
                    writes.add(versionedPut(Keys.deal(dealId), StateCodec.encode(now), before.version()));
                }
            });
            leads.forEach((leadId, now) -> writes.addAll(FollowUpItems.writes(table, retention, 
                    rules.awaitingFollowUp(view.lead(leadId).state()), rules.awaitingFollowUp(now))));
            Map<Counter, BigDecimal> summed = new HashMap<>(deltas);
            summed.values().removeIf(delta -> delta.signum() == 0);
            writes.addAll(CounterItems.updates(table, counterShards, summed, events.get(0).id()));
            return writes;
        }

        /** After the transaction: what it wrote is what the view now holds, one version on. */
        void committed() {
            leads.forEach((leadId, now) -> {
                if (changed(leadId, now)) view.wrote(leadId, now, remembered(leadId));
            });
            deals.forEach((dealId, now) -> {
                if (!now.equals(view.deal(dealId).state())) view.wrote(dealId, now);
            });
        }
    }

    private TransactWriteItem markApplied(FunnelEvent event, String deliveryRef) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.appliedEvent(event.id()));
        item.put("applied_at", AttributeValue.fromS(clock.instant().toString()));
        item.put("occurred_at", AttributeValue.fromS(event.occurredAt().toString()));
        item.put("delivery", AttributeValue.fromS(deliveryRef));
        item.put(Keys.EXPIRES_AT, AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond())));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)").build()).build();
    }

    private TransactWriteItem versionedPut(Map<String, AttributeValue> key, Map<String, AttributeValue> attributes,
                                           long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key);
        item.put(Keys.VERSION, AttributeValue.fromN(Long.toString(expectedVersion + 1)));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expectedVersion))));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static void backOff(int attempt) {
        try {
            // Seeded from the clock, not from init: containers restored from one SnapStart snapshot must not back off in step.
            Thread.sleep(new SplittableRandom(System.nanoTime()).nextLong(5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting write", e);
        }
    }

    /** The lead as applied so far, or null: for tools and tests, which look at one lead (the ledger never needs to). */
    public LeadState lead(String leadId) {
        StateView.Versioned<LeadState> lead = new StateView(dynamo, table).lead(leadId);
        return lead.version() == 0 ? null : lead.state();
    }

    public DealState deal(String dealId) {
        StateView.Versioned<DealState> deal = new StateView(dynamo, table).deal(dealId);
        return deal.version() == 0 ? null : deal.state();
    }
}
