package io.leadloop.testing.memory;

import io.leadloop.funnel.Counter;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.FunnelRules.Transition;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.LeadState;
import io.leadloop.ingest.EventLedger;
import io.leadloop.store.dynamodb.StoreLimits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event ledger in maps, for tests of the services that write through it: each event goes through the real
 * {@link FunnelRules} once (an event id seen before is a duplicate), the leads, deals and counter totals it leads to are
 * kept, and the violations are the real field bounds ({@link StoreLimits#fieldViolations}). An erasure forgets the lead
 * and its deals' link to it, and drops the events naming it later, as the DynamoDB adapter does. Item sizes, shards,
 * transactions and the stored deliveries are the DynamoDB adapter's, tested against DynamoDB Local.
 */
public final class InMemoryEventLedger implements EventLedger {

    private final FunnelRules rules;
    private final Map<String, LeadState> leads = new HashMap<>();
    private final Map<String, DealState> deals = new HashMap<>();
    private final Map<Counter, BigDecimal> counters = new HashMap<>();
    private final Set<String> erased = new HashSet<>();
    /** Event id → the origin it was applied from, in the order of application. */
    private final Map<String, String> applied = new LinkedHashMap<>();

    public InMemoryEventLedger(FunnelRules rules) {
        this.rules = rules;
    }

    @Override
    public List<Violation> violations(List<FunnelEvent> events) {
        return StoreLimits.fieldViolations(events);
    }

    @Override
    public synchronized List<Applied> applyAll(List<FunnelEvent> events, String origin) {
        List<Applied> outcomes = new ArrayList<>();
        for (FunnelEvent event : events) {
            if (applied.containsKey(event.id())) {
                outcomes.add(Applied.DUPLICATE);
                continue;
            }
            String dealId = FunnelRules.dealIdOf(event);
            DealState deal = dealId == null ? null : deals.getOrDefault(dealId, DealState.unknown(dealId));
            String leadId = FunnelRules.leadIdOf(event, deal);
            if (leadId != null && erased.contains(leadId)) {
                outcomes.add(Applied.ERASED);
                continue;
            }
            applied.put(event.id(), origin);
            outcomes.add(Applied.APPLIED);
            if (event instanceof FunnelEvent.LeadErased) {
                erase(leadId);
                continue;
            }
            LeadState lead = leadId == null ? null : leads.getOrDefault(leadId, LeadState.unknown(leadId));
            List<DealState> others = lead == null ? List.of() : lead.dealIds().stream().filter(id -> !id.equals(dealId))
                    .map(id -> deals.getOrDefault(id, DealState.unknown(id))).toList();
            Transition transition = rules.apply(event, lead, deal, others);
            if (lead != null) leads.put(leadId, transition.lead());
            if (deal != null) deals.put(dealId, transition.deal());
            transition.otherDeals().forEach(other -> deals.put(other.dealId(), other));
            transition.counterDeltas().forEach((counter, delta) -> counters.merge(counter, delta, BigDecimal::add));
        }
        return outcomes;
    }

    private void erase(String leadId) {
        erased.add(leadId);
        LeadState lead = leads.remove(leadId);
        if (lead == null) return;
        for (String dealId : lead.dealIds()) {
            DealState d = deals.get(dealId);
            if (d == null || !leadId.equals(d.leadId())) continue;
            LeadProfile p = d.leadProfile();
            deals.put(dealId, new DealState(dealId, null, d.stage(), d.amount(), d.owner(), d.createdAt(), d.outcome(), d.closedAt(),
                    d.lostReason(), new LeadProfile(p.source(), p.campaign(), p.form(), p.owner(), Map.of()), d.leadCreatedAt(),
                    d.fieldTimes(), d.rate()));
        }
    }

    /** The lead's state, or null if no event concerned it. */
    public synchronized LeadState lead(String leadId) {
        return leads.get(leadId);
    }

    /** Every counter's total over all events applied, zeros left out (a count moved to another day). */
    public synchronized Map<Counter, BigDecimal> counters() {
        Map<Counter, BigDecimal> out = new HashMap<>(counters);
        out.values().removeIf(total -> total.signum() == 0);
        return out;
    }

    /** The origin each applied event came from, by event id, in the order they were applied. */
    public synchronized Map<String, String> applied() {
        return new LinkedHashMap<>(applied);
    }
}
