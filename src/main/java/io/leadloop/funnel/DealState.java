package io.leadloop.funnel;

import io.leadloop.funnel.FunnelEvent.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * One deal. Its outcome is that of the latest closing event by occurrence time, so a deal reopened and lost
 * after being won ends lost, whatever order the CRM delivered the two events in. Its stage, amount, currency and
 * owner each keep the value of their own latest occurrence, with that time in {@link #fieldTimes}: a closing event's
 * amount or owner is one more occurrence, so an older change delivered after the win leaves the won amount, and a
 * correction made after the win corrects it.
 *
 * <p>{@link #rate} is what one unit of the amount's currency was worth in the reporting currency when the deal's
 * counters were last derived ({@link CurrencyRates}), null when no rate was known and the amount was counted apart.
 * Kept with the state so that the counters a deal added are exactly what it takes back on its next change, whatever
 * rates are configured by then; the amount itself stays in the CRM's currency.
 */
public record DealState(
        String dealId,
        String leadId,
        String stage,
        Money amount,
        String owner,
        Instant createdAt,
        DealOutcome outcome,
        Instant closedAt,
        String lostReason,
        LeadProfile leadProfile,
        Instant leadCreatedAt,
        Map<String, Instant> fieldTimes,
        BigDecimal rate) {

    /** The names of {@link #fieldTimes}. */
    public static final String STAGE = "stage";
    public static final String AMOUNT = "amount";
    public static final String CURRENCY = "currency";
    public static final String OWNER = "owner";

    /** Two closings at the same instant: the one greater by outcome, then reason, stands, whichever came first. */
    private static final Comparator<DealState> CLOSING = Comparator.comparing(DealState::outcome)
            .thenComparing(DealState::lostReason, Comparator.nullsFirst(Comparator.naturalOrder()));

    public DealState {
        amount = amount == null ? Money.UNKNOWN : amount;
        outcome = outcome == null ? DealOutcome.OPEN : outcome;
        leadProfile = leadProfile == null ? LeadProfile.EMPTY : leadProfile;
        fieldTimes = fieldTimes == null ? Map.of() : Map.copyOf(fieldTimes);
    }

    public static DealState unknown(String dealId) {
        return new DealState(dealId, null, null, Money.UNKNOWN, null, null, DealOutcome.OPEN, null, null, null, null, Map.of(), BigDecimal.ONE);
    }

    public DealState created(Instant at, String lead, Money value, String dealOwner) {
        return new DealState(dealId, firstNonNull(leadId, lead), stage, amount, owner, Times.earliest(createdAt, at), outcome,
                closedAt, lostReason, leadProfile, leadCreatedAt, fieldTimes, rate).occurred(at, null, value, dealOwner);
    }

    public DealState movedTo(String newStage, String lead, Instant at) {
        return linkedTo(lead).occurred(at, newStage, Money.UNKNOWN, null);
    }

    public DealState closed(DealOutcome closing, Instant at, String lead, Money value, String closer, String reason) {
        DealState valued = linkedTo(lead).occurred(at, null, value, closer);
        DealState closed = new DealState(dealId, valued.leadId, valued.stage, valued.amount, valued.owner, createdAt, closing, at,
                closing == DealOutcome.LOST ? reason : null, leadProfile, leadCreatedAt, valued.fieldTimes, rate);
        boolean latest = closedAt == null || at.isAfter(closedAt) || (at.equals(closedAt) && CLOSING.compare(closed, this) > 0);
        return latest ? closed : valued;
    }

    /** Facts that neither create nor close the deal: a lead link fills in; an amount or owner counts as of {@code at}. */
    public DealState updated(String lead, Money value, String newOwner, Instant at) {
        return linkedTo(lead).occurred(at, null, value, newOwner);
    }

    /** The deal carries its lead's profile and creation time, so its counters break down like the lead's. */
    public DealState attributedTo(LeadState lead) {
        return new DealState(dealId, leadId, stage, amount, owner, createdAt, outcome, closedAt, lostReason, lead.profile(),
                lead.reachedAt(Stage.LEAD), fieldTimes, rate);
    }

    /** The deal with its amount counted at {@code newRate} (null: no rate, counted apart in its own currency). */
    public DealState countedAt(BigDecimal newRate) {
        return new DealState(dealId, leadId, stage, amount, owner, createdAt, outcome, closedAt, lostReason, leadProfile,
                leadCreatedAt, fieldTimes, newRate);
    }

    private DealState linkedTo(String lead) {
        return new DealState(dealId, firstNonNull(leadId, lead), stage, amount, owner, createdAt, outcome, closedAt, lostReason,
                leadProfile, leadCreatedAt, fieldTimes, rate);
    }

    /** Each offered field (null: not offered) as of {@code at}, where it is the latest occurrence of that field. */
    private DealState occurred(Instant at, String newStage, Money value, String newOwner) {
        Map<String, Instant> times = new HashMap<>(fieldTimes);
        String nextStage = latest(times, STAGE, at, newStage, stage);
        BigDecimal nextAmount = latest(times, AMOUNT, at, value.amount(), amount.amount());
        String nextCurrency = latest(times, CURRENCY, at, value.currency(), amount.currency());
        String nextOwner = latest(times, OWNER, at, newOwner, owner);
        return new DealState(dealId, leadId, nextStage, new Money(nextAmount, nextCurrency), nextOwner, createdAt, outcome,
                closedAt, lostReason, leadProfile, leadCreatedAt, times, rate);
    }

    private static <T extends Comparable<? super T>> T latest(Map<String, Instant> times, String field, Instant at, T offered, T known) {
        if (!Times.replaces(at, offered, times.get(field), known)) return known;
        times.put(field, at);
        return offered;
    }

    private static String firstNonNull(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }
}
