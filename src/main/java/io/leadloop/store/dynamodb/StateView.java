package io.leadloop.store.dynamodb;

import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.LeadState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stored lead and deal states a delivery works on, each with the version it was read at, so that writes can be
 * guarded by it. {@link #prefetch} reads everything the events may touch with consistent BatchGetItem calls, in as
 * many rounds as the links need (a deal names its lead, a lead lists its deals); a state asked for that was not
 * prefetched is read on its own, so what the events see never depends on the prefetch having guessed right. With each
 * lead it reads whether the lead was erased ({@link LeadErasure}) and which stored deliveries named it.
 */
final class StateView {

    record Versioned<T>(T state, long version) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, Versioned<LeadState>> leads = new HashMap<>();
    private final Map<String, Versioned<DealState>> deals = new HashMap<>();
    private final Map<String, List<String>> leadDeliveries = new HashMap<>();
    private final Set<String> erased = new HashSet<>();

    StateView(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Reads the deals the events name and the leads they name, then the leads those deals belong to and the deals
     * those leads list, until nothing is missing: usually two rounds of one call each for a 100-event delivery.
     * States the view already holds are not read again, so a later call only adds what the events add.
     */
    void prefetch(Collection<FunnelEvent> events) {
        while (true) {
            Set<String> leadIds = new LinkedHashSet<>();
            Set<String> dealIds = new LinkedHashSet<>();
            for (FunnelEvent event : events) {
                String dealId = FunnelRules.dealIdOf(event);
                Versioned<DealState> deal = dealId == null ? null : deals.get(dealId);
                if (dealId != null && deal == null) dealIds.add(dealId);
                String leadId = FunnelRules.leadIdOf(event, deal == null ? null : deal.state());
                if (leadId == null) continue;
                Versioned<LeadState> lead = leads.get(leadId);
                if (lead == null) {
                    leadIds.add(leadId);
                } else {
                    for (String other : lead.state().dealIds()) {
                        if (!deals.containsKey(other)) dealIds.add(other);
                    }
                }
            }
            if (leadIds.isEmpty() && dealIds.isEmpty()) return;
            read(leadIds, dealIds);
        }
    }

    /** A view of an empty table that reads nothing: what applying events to leads and deals never seen would write. */
    static StateView nothingStored() {
        return new StateView(null, null);
    }

    Versioned<LeadState> lead(String leadId) {
        if (!leads.containsKey(leadId)) read(Set.of(leadId), Set.of());
        return leads.get(leadId);
    }

    Versioned<DealState> deal(String dealId) {
        if (!deals.containsKey(dealId)) read(Set.of(), Set.of(dealId));
        return deals.get(dealId);
    }

    /** Whether the lead was erased: events naming it are then dropped, so that nothing of it is stored again. */
    boolean erased(String leadId) {
        lead(leadId);
        return erased.contains(leadId);
    }

    /** The references of the stored deliveries that named the lead, oldest first ({@link LeadErasure#remember}). */
    List<String> deliveriesOf(String leadId) {
        lead(leadId);
        return leadDeliveries.getOrDefault(leadId, List.of());
    }

    /** What a committed transaction wrote: the state it put, one version on, and the deliveries it now names. */
    void wrote(String leadId, LeadState lead, List<String> deliveries) {
        leads.put(leadId, new Versioned<>(lead, leads.get(leadId).version() + 1));
        leadDeliveries.put(leadId, deliveries);
    }

    void wrote(String dealId, DealState deal) {
        deals.put(dealId, new Versioned<>(deal, deals.get(dealId).version() + 1));
    }

    /** Keys must be distinct: BatchGetItem rejects a request that names one twice. */
    private void read(Set<String> leadIds, Set<String> dealIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, String> tombstones = new HashMap<>();
        leadIds.forEach(id -> {
            keys.add(Keys.lead(id));
            keys.add(Keys.erased(id));
            tombstones.put(Keys.erased(id).get(Keys.PK).s(), id);
        });
        dealIds.forEach(id -> keys.add(Keys.deal(id)));
        // An item that is absent has never been written: its state is unknown and any write must create it.
        leadIds.forEach(id -> leads.put(id, new Versioned<>(LeadState.unknown(id), 0)));
        dealIds.forEach(id -> deals.put(id, new Versioned<>(DealState.unknown(id), 0)));
        if (dynamo == null) return;
        for (Map<String, AttributeValue> item : BatchReader.read(dynamo, table, keys)) {
            String pk = item.get(Keys.PK).s();
            if (pk.startsWith(Keys.ERASED)) {
                erased.add(tombstones.get(pk));
                continue;
            }
            long version = Long.parseLong(item.get(Keys.VERSION).n());
            if (pk.startsWith(Keys.LEAD)) {
                String leadId = pk.substring(Keys.LEAD.length());
                leads.put(leadId, new Versioned<>(StateCodec.decodeLead(item), version));
                leadDeliveries.put(leadId, LeadErasure.deliveries(item));
            } else {
                deals.put(pk.substring(Keys.DEAL.length()), new Versioned<>(StateCodec.decodeDeal(item), version));
            }
        }
    }
}
