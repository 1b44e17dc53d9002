package io.leadloop.funnel;

import io.leadloop.funnel.FunnelEvent.Money;
import java.time.Instant;

/**
 * One deal. Its outcome is that of the latest closing event by occurrence time, so a deal reopened and lost
 * after being won ends lost, whatever order the CRM delivered the two events in.
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
        Instant leadCreatedAt) {

    public DealState {
        amount = amount == null ? Money.UNKNOWN : amount;
        outcome = outcome == null ? DealOutcome.OPEN : outcome;
        leadProfile = leadProfile == null ? LeadProfile.EMPTY : leadProfile;
    }

    public static DealState unknown(String dealId) {
        return new DealState(dealId, null, null, Money.UNKNOWN, null, null, DealOutcome.OPEN, null, null, null, null);
    }

    public DealState created(Instant at, String lead, Money value, String dealOwner) {
        return new DealState(dealId, firstNonNull(leadId, lead), stage, fill(amount, value), firstNonNull(owner, dealOwner),
                Times.earliest(createdAt, at), outcome, closedAt, lostReason, leadProfile, leadCreatedAt);
    }

    public DealState movedTo(String newStage, String lead) {
        return new DealState(dealId, firstNonNull(leadId, lead), firstNonNull(newStage, stage), amount, owner, createdAt, outcome, closedAt,
                lostReason, leadProfile, leadCreatedAt);
    }

    public DealState closed(DealOutcome closing, Instant at, String lead, Money value, String closer, String reason) {
        String knownLead = firstNonNull(leadId, lead);
        if (closedAt != null && at.isBefore(closedAt)) {
            return new DealState(dealId, knownLead, stage, fill(amount, value), firstNonNull(owner, closer), createdAt,
                    outcome, closedAt, lostReason, leadProfile, leadCreatedAt);
        }
        Money finalAmount = value.amount() != null ? value : amount;
        return new DealState(dealId, knownLead, stage, finalAmount, firstNonNull(closer, owner), createdAt, closing, at,
                closing == DealOutcome.LOST ? reason : null, leadProfile, leadCreatedAt);
    }

    /** Facts newer than what is known: a lead link fills in, a known amount or owner replaces the old one. */
    public DealState updated(String lead, Money value, String newOwner) {
        return new DealState(dealId, firstNonNull(leadId, lead), stage, value.amount() != null ? value : amount,
                firstNonNull(newOwner, owner), createdAt, outcome, closedAt, lostReason, leadProfile, leadCreatedAt);
    }

    /** The deal carries its lead's profile and creation time, so its counters break down like the lead's. */
    public DealState attributedTo(LeadState lead) {
        return new DealState(dealId, leadId, stage, amount, owner, createdAt, outcome, closedAt, lostReason, lead.profile(),
                lead.reachedAt(Stage.LEAD));
    }

    private static Money fill(Money known, Money offered) {
        return known.amount() != null ? known : offered;
    }

    private static String firstNonNull(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }
}
