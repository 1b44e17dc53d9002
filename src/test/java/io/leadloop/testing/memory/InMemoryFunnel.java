package io.leadloop.testing.memory;

import io.leadloop.funnel.Counter;
import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.FunnelRules.Transition;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Metric;
import io.leadloop.report.CounterHistory;
import io.leadloop.report.FollowUpQueue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The funnel in memory, as the report reads it: events applied one by one through the real {@link FunnelRules}, their
 * counter deltas kept per day, per ISO week and for all time (as the DynamoDB store keeps them, without shards), and
 * the follow-up queue derived from the leads' states. Each event is counted as applied on the clock's day.
 */
public final class InMemoryFunnel implements CounterHistory, FollowUpQueue {

    private final FunnelRules rules;
    private final Clock clock;
    private final Map<String, LeadState> leads = new HashMap<>();
    private final Map<String, DealState> deals = new HashMap<>();
    private final Map<CounterSpan, Map<String, BigDecimal>> counters = new HashMap<>();
    private final Map<String, BigDecimal> allTime = new TreeMap<>();
    private int countersReads;

    public InMemoryFunnel(FunnelRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    public synchronized void apply(List<FunnelEvent> events) {
        for (FunnelEvent event : events) {
            String dealId = FunnelRules.dealIdOf(event);
            DealState deal = dealId == null ? null : deal(dealId);
            String leadId = FunnelRules.leadIdOf(event, deal);
            LeadState lead = leadId == null ? null : leads.getOrDefault(leadId, LeadState.unknown(leadId));
            List<DealState> others = lead == null ? List.of()
                    : lead.dealIds().stream().filter(id -> !id.equals(dealId)).map(this::deal).toList();
            Transition transition = rules.apply(event, lead, deal, others);
            if (transition.lead() != null) leads.put(leadId, transition.lead());
            if (transition.deal() != null) deals.put(dealId, transition.deal());
            transition.otherDeals().forEach(other -> deals.put(other.dealId(), other));
            transition.counterDeltas().forEach(this::add);
            add(new Counter(LocalDate.ofInstant(clock.instant(), rules.zone()), Metric.EVENTS_APPLIED), BigDecimal.ONE);
        }
    }

    private DealState deal(String dealId) {
        return deals.getOrDefault(dealId, DealState.unknown(dealId));
    }

    private void add(Counter counter, BigDecimal delta) {
        if (counter.isAllTime()) {
            allTime.merge(counter.name(), delta, BigDecimal::add);
            return;
        }
        for (CounterSpan span : List.of(new CounterSpan.Day(counter.day()), CounterSpan.weekOf(counter.day()))) {
            counters.computeIfAbsent(span, s -> new TreeMap<>()).merge(counter.name(), delta, BigDecimal::add);
        }
    }

    @Override
    public synchronized Map<CounterSpan, Map<String, BigDecimal>> countersOf(Collection<? extends CounterSpan> spans) {
        countersReads++;
        Map<CounterSpan, Map<String, BigDecimal>> out = new HashMap<>();
        for (CounterSpan span : spans) {
            Map<String, BigDecimal> nonZero = nonZero(counters.getOrDefault(span, Map.of()));
            if (!nonZero.isEmpty()) out.put(span, nonZero);
        }
        return out;
    }

    /** How many times {@link #countersOf} was called: a report's main cost, one read in DynamoDB. */
    public synchronized int countersReads() {
        return countersReads;
    }

    @Override
    public synchronized Map<String, BigDecimal> allTimeCounters() {
        return nonZero(allTime);
    }

    @Override
    public synchronized Map<LocalDate, Long> eventsAppliedOn(Collection<LocalDate> days) {
        Map<LocalDate, Long> out = new TreeMap<>();
        for (LocalDate day : days) {
            BigDecimal applied = counters.getOrDefault(new CounterSpan.Day(day), Map.of()).get(Metric.EVENTS_APPLIED);
            if (applied != null) out.put(day, applied.longValueExact());
        }
        return out;
    }

    /** Every week is rolled up as it is written, as on a table this version created. */
    @Override
    public LocalDate weekRollupsFrom() {
        return LocalDate.EPOCH;
    }

    @Override
    public synchronized FollowUps awaitingFollowUp(Instant before, int max) {
        List<FollowUp> waiting = leads.values().stream().map(rules::awaitingFollowUp).filter(Objects::nonNull)
                .filter(f -> f.since().isBefore(before))
                .sorted(Comparator.comparing(FollowUp::since).thenComparing(FollowUp::leadId)).toList();
        return new FollowUps(waiting.subList(0, Math.min(max, waiting.size())), waiting.size() > max);
    }

    private static Map<String, BigDecimal> nonZero(Map<String, BigDecimal> counters) {
        Map<String, BigDecimal> out = new TreeMap<>(counters);
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }
}
