package io.leadloop.funnel;

import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.CustomerChurned;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one event changes a lead, a deal and the counters. The counters are derived from state, never
 * incremented blindly: a transition's deltas are what the new states contribute minus what the old ones did,
 * so an event that arrives late and moves a stage to an earlier day moves its count (and every breakdown,
 * cohort and duration derived from it) with it.
 */
public final class FunnelRules {

    private final ZoneId zone;
    private final Qualification qualification;
    private final Segmentation segmentation;
    private final CurrencyRates rates;

    /** Amounts have at most 6 decimals (docs/webhooks.md); a converted one is rounded back to that. */
    private static final int AMOUNT_SCALE = 6;

    public FunnelRules(ZoneId zone, Qualification qualification, Segmentation segmentation, CurrencyRates rates) {
        this.zone = zone;
        this.qualification = qualification;
        this.segmentation = segmentation;
        this.rates = rates;
    }

    public FunnelRules(ZoneId zone, Qualification qualification, Segmentation segmentation) {
        this(zone, qualification, segmentation, CurrencyRates.DEFAULT);
    }

    public FunnelRules(ZoneId zone) {
        this(zone, Qualification.NONE, Segmentation.DEFAULT);
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The new states (null where the event does not concern one), the lead's other deals as re-attributed to the
     * lead's new profile, and the counter changes all of that implies.
     */
    public record Transition(LeadState lead, DealState deal, List<DealState> otherDeals, Map<Counter, BigDecimal> counterDeltas) {}

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
        if (event instanceof CustomerChurned e) return e.leadId();
        if (event instanceof DealCreated e) return e.leadId();
        if (event instanceof DealStageChanged e) return e.leadId();
        if (event instanceof DealUpdated e) return e.leadId();
        if (event instanceof DealWon e) return e.leadId();
        if (event instanceof DealLost e) return e.leadId();
        if (event instanceof ActivityLogged e) return e.leadId();
        if (event instanceof LeadErased e) return e.leadId();
        return null;
    }

    /**
     * @param lead the lead's current state, {@link LeadState#unknown} if never seen, null if the event names none
     * @param deal the deal's current state, {@link DealState#unknown} if never seen, null for non-deal events
     */
    public Transition apply(FunnelEvent event, LeadState lead, DealState deal) {
        return apply(event, lead, deal, List.of());
    }

    /**
     * @param otherDeals the lead's known deals other than {@code deal} ({@link LeadState#dealIds}), so that a change
     *                   to the lead moves their breakdowns too, whichever arrived first
     */
    public Transition apply(FunnelEvent event, LeadState lead, DealState deal, List<DealState> otherDeals) {
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
        } else if (event instanceof CustomerChurned e) {
            nextLead = lead.churned(at);
        } else if (event instanceof DealCreated e) {
            nextDeal = deal.created(at, e.leadId(), e.amount(), e.owner());
        } else if (event instanceof DealStageChanged e) {
            nextDeal = deal.movedTo(e.stage(), e.leadId(), at);
        } else if (event instanceof DealUpdated e) {
            nextDeal = deal.updated(e.leadId(), e.amount(), e.owner(), at);
        } else if (event instanceof DealWon e) {
            nextDeal = deal.closed(DealOutcome.WON, at, e.leadId(), e.amount(), e.owner(), null);
        } else if (event instanceof DealLost e) {
            nextDeal = deal.closed(DealOutcome.LOST, at, e.leadId(), e.amount(), e.owner(), e.reason());
        } else if (event instanceof ActivityLogged e) {
            nextLead = lead == null ? null : lead.touchedBy(at);
            LocalDate day = day(at);
            add(deltas, Map.of(new Counter(day, Metric.ACTIVITIES), BigDecimal.ONE,
                    new Counter(day, Counter.named(Metric.ACTIVITIES, Dimension.REP, e.rep())), BigDecimal.ONE));
        }
        if (nextDeal != null && nextLead != null) {
            nextLead = reachedThrough(nextDeal, nextLead).withDeal(nextDeal.dealId());
            nextDeal = nextDeal.attributedTo(nextLead);
        }
        if (nextDeal != null) nextDeal = priced(nextDeal);
        List<DealState> reattributed = new ArrayList<>();
        for (DealState other : otherDeals) {
            reattributed.add(nextLead == null ? other : priced(other.attributedTo(nextLead)));
            subtract(deltas, contributions(other));
            add(deltas, contributions(reattributed.get(reattributed.size() - 1)));
        }

        subtract(deltas, contributions(lead));
        subtract(deltas, contributions(deal));
        add(deltas, contributions(nextLead));
        add(deltas, contributions(nextDeal));
        deltas.values().removeIf(v -> v.signum() == 0);
        return new Transition(nextLead, nextDeal, reattributed, deltas);
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

    /**
     * The deal at the rate of the day its amount counts on: a closed deal's close day, an open one's creation day. The
     * rate is kept with the state, so what a deal added is what it takes back, even after the configured rates changed;
     * a rate configured later reaches a deal counted before at the deal's next change.
     */
    private DealState priced(DealState deal) {
        Instant countedAt = deal.closedAt() != null ? deal.closedAt() : deal.createdAt();
        if (countedAt == null) return deal;
        return deal.countedAt(rates.rate(deal.amount(), day(countedAt)).orElse(null));
    }

    /** The deal's amount in the reporting currency, or null when it has none or no rate converted it. */
    private static BigDecimal converted(DealState deal) {
        BigDecimal amount = deal.amount().amount();
        if (amount == null || deal.rate() == null) return null;
        BigDecimal value = amount.multiply(deal.rate());
        return value.scale() > AMOUNT_SCALE ? value.setScale(AMOUNT_SCALE, RoundingMode.HALF_EVEN) : value;
    }

    /**
     * An amount no rate converted is not summed with the others: it is counted apart, by its currency, as a deal
     * ({@code countMetric}) and an amount ({@code valueMetric}) in that currency, on {@code day} (null: all-time), so
     * the report can say what is missing.
     */
    private void countUnconverted(Map<Counter, BigDecimal> out, LocalDate day, String countMetric, String valueMetric,
                                  DealState deal) {
        if (deal.amount().amount() == null || deal.rate() != null) return;
        String currency = rates.currencyOf(deal.amount());
        out.merge(new Counter(day, Counter.named(countMetric, Dimension.CURRENCY, currency)), BigDecimal.ONE, BigDecimal::add);
        out.merge(new Counter(day, Counter.named(valueMetric, Dimension.CURRENCY, currency)), deal.amount().amount(), BigDecimal::add);
    }

    /** Whether a lead met the qualified-lead definition in force on the day it was created. */
    public boolean qualified(LeadProfile profile, Instant createdAt) {
        return createdAt != null && qualification.qualifies(profile, day(createdAt));
    }

    /**
     * The follow-up a lead is waiting for, or null: a lead is waiting while it is qualified (by the definition in
     * force on its creation day) and nobody has worked it yet — no activity logged, not disqualified, not accepted
     * as an SQL, no deal. Derived from state, so the store keeps its index item in the event's own transaction.
     */
    public FollowUp awaitingFollowUp(LeadState lead) {
        if (lead == null) return null;
        Instant created = lead.reachedAt(Stage.LEAD);
        if (created == null || lead.lastActivityAt() != null || lead.disqualifiedAt() != null
                || lead.reachedAt(Stage.SQL) != null || !lead.dealIds().isEmpty()) {
            return null;
        }
        if (!qualified(lead.profile(), created)) return null;
        LeadProfile p = lead.profile();
        return new FollowUp(lead.leadId(), created, p.owner(), p.source(), p.campaign(), p.form());
    }

    /** What one lead adds to the counters in its present state. */
    public Map<Counter, BigDecimal> contributions(LeadState lead) {
        Map<Counter, BigDecimal> out = new HashMap<>();
        if (lead == null) return out;
        Map<String, String> dims = segmentation.dimensions(lead.profile(), qualified(lead.profile(), lead.reachedAt(Stage.LEAD)));
        Stage previous = null;
        for (Stage stage : Stage.values()) {
            Instant reachedAt = lead.reachedAt(stage);
            if (reachedAt == null) continue;
            count(out, day(reachedAt), Metric.of(stage), dims, BigDecimal.ONE);
            if (previous != null) {
                histogram(out, day(reachedAt), Metric.daysTo(stage), lead.reachedAt(previous), reachedAt);
            }
            previous = stage;
        }
        Instant mqlAt = lead.reachedAt(Stage.MQL);
        if (mqlAt != null && lead.reachedAt(Stage.SQL) != null) {
            count(out, day(mqlAt), Metric.MQL_COHORT_SQL, dims, BigDecimal.ONE);
        } else if (mqlAt != null && lead.disqualifiedAt() != null) {
            count(out, day(mqlAt), Metric.MQL_COHORT_DISQUALIFIED, dims, BigDecimal.ONE);
        }
        if (lead.disqualifiedAt() != null) {
            LocalDate day = day(lead.disqualifiedAt());
            count(out, day, Metric.DISQUALIFIED, dims, BigDecimal.ONE);
            out.merge(new Counter(day, Counter.named(Metric.DISQUALIFIED, Dimension.REASON, lead.disqualificationReason())),
                    BigDecimal.ONE, BigDecimal::add);
        }
        if (lead.churnedAt() != null) {
            count(out, day(lead.churnedAt()), Metric.CHURNED, dims, BigDecimal.ONE);
        } else if (lead.reachedAt(Stage.CUSTOMER) != null) {
            out.merge(Counter.allTime(Metric.ACTIVE_CUSTOMERS), BigDecimal.ONE, BigDecimal::add);
        }
        return out;
    }

    /** What one deal adds to the counters in its present state. */
    public Map<Counter, BigDecimal> contributions(DealState deal) {
        Map<Counter, BigDecimal> out = new HashMap<>();
        if (deal == null) return out;
        Map<String, String> dims = segmentation.dimensions(deal.leadProfile(), qualified(deal.leadProfile(), deal.leadCreatedAt()));
        dims.put(Dimension.LEAD_OWNER, dims.get(Dimension.OWNER));
        dims.put(Dimension.OWNER, deal.owner());
        BigDecimal amount = converted(deal);
        if (deal.createdAt() != null) {
            count(out, day(deal.createdAt()), Metric.DEALS_CREATED, dims, BigDecimal.ONE);
        }
        if (deal.outcome() == DealOutcome.OPEN) {
            if (deal.createdAt() != null) {
                out.merge(Counter.allTime(Metric.OPEN_DEALS), BigDecimal.ONE, BigDecimal::add);
                if (amount != null) out.merge(Counter.allTime(Metric.OPEN_PIPELINE_VALUE), amount, BigDecimal::add);
                countUnconverted(out, null, Metric.OPEN_DEALS_UNCONVERTED, Metric.OPEN_PIPELINE_VALUE_UNCONVERTED, deal);
            }
            return out;
        }
        for (String attribute : segmentation.analysisAttributes()) {
            dims.put(attribute, deal.leadProfile().value(attribute));
        }
        LocalDate day = day(deal.closedAt());
        if (deal.outcome() == DealOutcome.WON) {
            count(out, day, Metric.WON, dims, BigDecimal.ONE);
            if (amount != null) count(out, day, Metric.WON_VALUE, dims, amount);
            countUnconverted(out, day, Metric.WON_UNCONVERTED, Metric.WON_VALUE_UNCONVERTED, deal);
            histogram(out, day, Metric.DAYS_TO_WON, deal.leadCreatedAt(), deal.closedAt());
        } else {
            count(out, day, Metric.LOST, dims, BigDecimal.ONE);
            out.merge(new Counter(day, Counter.named(Metric.LOST, Dimension.REASON, deal.lostReason())), BigDecimal.ONE, BigDecimal::add);
        }
        return out;
    }

    private static void count(Map<Counter, BigDecimal> out, LocalDate day, String metric, Map<String, String> dims,
                              BigDecimal amount) {
        out.merge(new Counter(day, metric), amount, BigDecimal::add);
        dims.forEach((dimension, value) -> out.merge(new Counter(day, Counter.named(metric, dimension, value)), amount, BigDecimal::add));
    }

    /** Whole days from {@code from} to {@code to}, capped, counted on the day the later stage was reached. */
    private static void histogram(Map<Counter, BigDecimal> out, LocalDate day, String metric, Instant from, Instant to) {
        if (from == null || to == null) return;
        long days = Math.min(Metric.MAX_DAYS, Math.max(0, Duration.between(from, to).toDays()));
        out.merge(new Counter(day, Counter.named(metric, Dimension.DAYS, Long.toString(days))), BigDecimal.ONE, BigDecimal::add);
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
