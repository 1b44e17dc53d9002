package io.leadloop.funnel;

import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * How one event changes a lead, a deal and the daily counters. The counters are derived from state, never
 * incremented blindly: a transition's deltas are what the new states contribute minus what the old ones did,
 * so an event that arrives late and moves a stage to an earlier day moves its count with it.
 */
public final class FunnelRules {

    private final ZoneId zone;

    public FunnelRules(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The new states (null where the event does not concern one) and the counter changes they imply. */
    public record Transition(LeadState lead, DealState deal, Map<Counter, BigDecimal> counterDeltas) {}

    public static String dealIdOf(FunnelEvent event) {
        if (event instanceof DealCreated e) return e.dealId();
        if (event instanceof DealStageChanged e) return e.dealId();
        if (event instanceof DealUpdated e) return e.dealId();
        if (event instanceof DealWon e) return e.dealId();
        if (event instanceof DealLost e) return e.dealId();
        return null;
    }

    /** The lead an event concerns; for deal events, the one the event names or else the one the deal knows. */
    public static String leadIdOf(FunnelEvent event, DealState deal) {
        String named = namedLeadId(event);
        if (named != null) return named;
        return deal == null ? null : deal.leadId();
    }

    private static String namedLeadId(FunnelEvent event) {
        if (event instanceof LeadCreated e) return e.leadId();
        if (event instanceof LeadStageReached e) return e.leadId();
        if (event instanceof LeadDisqualified e) return e.leadId();
        if (event instanceof DealCreated e) return e.leadId();
        if (event instanceof DealStageChanged e) return e.leadId();
        if (event instanceof DealUpdated e) return e.leadId();
        if (event instanceof DealWon e) return e.leadId();
        if (event instanceof DealLost e) return e.leadId();
        if (event instanceof ActivityLogged e) return e.leadId();
        return null;
    }

    /**
     * @param lead the lead's current state, {@link LeadState#unknown} if never seen, null if the event names none
     * @param deal the deal's current state, {@link DealState#unknown} if never seen, null for non-deal events
     */
    public Transition apply(FunnelEvent event, LeadState lead, DealState deal) {
        Instant at = event.occurredAt();
        LeadState nextLead = lead;
        DealState nextDeal = deal;
        Map<Counter, BigDecimal> deltas = new HashMap<>();

        if (event instanceof LeadCreated e) {
            nextLead = lead.reach(Stage.LEAD, at).describe(e.profile(), at);
        } else if (event instanceof LeadStageReached e) {
            nextLead = lead.reach(e.stage(), at);
        } else if (event instanceof LeadDisqualified e) {
            nextLead = lead.disqualify(at, e.reason());
        } else if (event instanceof DealCreated e) {
            nextDeal = deal.created(at, e.leadId(), e.amount(), e.owner());
        } else if (event instanceof DealStageChanged e) {
            nextDeal = deal.movedTo(e.stage(), e.leadId());
        } else if (event instanceof DealUpdated e) {
            nextDeal = deal.updated(e.leadId(), e.amount(), e.owner());
        } else if (event instanceof DealWon e) {
            nextDeal = deal.closed(DealOutcome.WON, at, e.leadId(), e.amount(), e.owner(), null);
        } else if (event instanceof DealLost e) {
            nextDeal = deal.closed(DealOutcome.LOST, at, e.leadId(), e.amount(), e.owner(), e.reason());
        } else if (event instanceof ActivityLogged e) {
            nextLead = lead == null ? null : lead.touchedBy(at);
            LocalDate day = day(at);
            deltas.merge(new Counter(day, Metric.ACTIVITIES), BigDecimal.ONE, BigDecimal::add);
            deltas.merge(new Counter(day, Counter.named(Metric.ACTIVITIES, "rep", e.rep())), BigDecimal.ONE, BigDecimal::add);
        }
        if (nextDeal != null && nextLead != null) {
            nextLead = reachedThrough(nextDeal, nextLead);
            nextDeal = nextDeal.attributedTo(nextLead.profile());
        }

        subtract(deltas, contributions(lead));
        subtract(deltas, contributions(deal));
        add(deltas, contributions(nextLead));
        add(deltas, contributions(nextDeal));
        deltas.values().removeIf(v -> v.signum() == 0);
        return new Transition(nextLead, nextDeal, deltas);
    }

    /**
     * A deal moves its lead along: an opened deal means the lead reached opportunity, a won one that it became
     * a customer. Derived from the deal's state, so it holds whichever of the two arrives first.
     */
    private static LeadState reachedThrough(DealState deal, LeadState lead) {
        LeadState reached = lead;
        if (deal.createdAt() != null) reached = reached.reach(Stage.OPPORTUNITY, deal.createdAt());
        if (deal.outcome() == DealOutcome.WON) reached = reached.reach(Stage.CUSTOMER, deal.closedAt());
        return reached;
    }

    /** What one lead adds to the daily counters in its present state. */
    public Map<Counter, BigDecimal> contributions(LeadState lead) {
        Map<Counter, BigDecimal> out = new HashMap<>();
        if (lead == null) return out;
        LeadProfile p = lead.profile();
        for (Map.Entry<Stage, Instant> reached : lead.reached().entrySet()) {
            countWithLeadDimensions(out, day(reached.getValue()), Metric.of(reached.getKey()), p, BigDecimal.ONE);
        }
        Instant mqlAt = lead.reachedAt(Stage.MQL);
        if (mqlAt != null && lead.reachedAt(Stage.SQL) != null) {
            countWithLeadDimensions(out, day(mqlAt), Metric.MQL_COHORT_SQL, p, BigDecimal.ONE);
        }
        if (lead.disqualifiedAt() != null) {
            LocalDate day = day(lead.disqualifiedAt());
            countWithLeadDimensions(out, day, Metric.DISQUALIFIED, p, BigDecimal.ONE);
            out.merge(new Counter(day, Counter.named(Metric.DISQUALIFIED, "reason", lead.disqualificationReason())),
                    BigDecimal.ONE, BigDecimal::add);
        }
        return out;
    }

    /** What one deal adds to the daily counters in its present state. */
    public Map<Counter, BigDecimal> contributions(DealState deal) {
        Map<Counter, BigDecimal> out = new HashMap<>();
        if (deal == null) return out;
        if (deal.createdAt() != null) {
            countWithDealDimensions(out, day(deal.createdAt()), Metric.DEALS_CREATED, deal, BigDecimal.ONE);
        }
        if (deal.outcome() == DealOutcome.WON) {
            LocalDate day = day(deal.closedAt());
            countWithDealDimensions(out, day, Metric.WON, deal, BigDecimal.ONE);
            if (deal.amount().amount() != null) {
                countWithDealDimensions(out, day, Metric.WON_VALUE, deal, deal.amount().amount());
            }
        } else if (deal.outcome() == DealOutcome.LOST) {
            LocalDate day = day(deal.closedAt());
            countWithDealDimensions(out, day, Metric.LOST, deal, BigDecimal.ONE);
            out.merge(new Counter(day, Counter.named(Metric.LOST, "reason", deal.lostReason())),
                    BigDecimal.ONE, BigDecimal::add);
        }
        return out;
    }

    private static void countWithLeadDimensions(Map<Counter, BigDecimal> out, LocalDate day, String metric,
                                                LeadProfile p, BigDecimal amount) {
        out.merge(new Counter(day, metric), amount, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(metric, "source", p.source())), amount, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(metric, "campaign", p.campaign())), amount, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(metric, "form", p.form())), amount, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(metric, "owner", p.owner())), amount, BigDecimal::add);
    }

    private static void countWithDealDimensions(Map<Counter, BigDecimal> out, LocalDate day, String metric,
                                                DealState deal, BigDecimal amount) {
        out.merge(new Counter(day, metric), amount, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(metric, "source", deal.leadProfile().source())), amount, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(metric, "owner", deal.owner())), amount, BigDecimal::add);
    }

    private LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    private static void add(Map<Counter, BigDecimal> into, Map<Counter, BigDecimal> values) {
        values.forEach((k, v) -> into.merge(k, v, BigDecimal::add));
    }

    private static void subtract(Map<Counter, BigDecimal> into, Map<Counter, BigDecimal> values) {
        values.forEach((k, v) -> into.merge(k, v.negate(), BigDecimal::add));
    }
}
