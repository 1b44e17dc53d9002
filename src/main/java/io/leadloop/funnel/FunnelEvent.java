package io.leadloop.funnel;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One thing that happened in a CRM, already translated to the funnel. Every adapter produces these;
 * {@link #id()} is globally unique (adapters prefix it with their source), so it is the deduplication key.
 */
public sealed interface FunnelEvent {

    String id();

    Instant occurredAt();

    record LeadCreated(String id, Instant occurredAt, String leadId, LeadProfile profile) implements FunnelEvent {}

    record LeadStageReached(String id, Instant occurredAt, String leadId, Stage stage) implements FunnelEvent {}

    record LeadDisqualified(String id, Instant occurredAt, String leadId, String reason) implements FunnelEvent {}

    /** {@code leadId} may be null: a deal whose lead is not known. */
    record DealCreated(String id, Instant occurredAt, String dealId, String leadId, Money amount, String owner)
            implements FunnelEvent {}

    record DealStageChanged(String id, Instant occurredAt, String dealId, String leadId, String stage)
            implements FunnelEvent {}

    /**
     * New facts about a deal that neither create nor close it: the lead it belongs to (CRMs often link deals
     * to contacts in a separate event), its amount or its owner. Null parts leave what is known.
     */
    record DealUpdated(String id, Instant occurredAt, String dealId, String leadId, Money amount, String owner)
            implements FunnelEvent {}

    record DealWon(String id, Instant occurredAt, String dealId, String leadId, Money amount, String owner)
            implements FunnelEvent {}

    record DealLost(String id, Instant occurredAt, String dealId, String leadId, Money amount, String owner,
                    String reason) implements FunnelEvent {}

    /** A customer (the lead that became one) cancelled; churn rate counts these against customers at period start. */
    record CustomerChurned(String id, Instant occurredAt, String leadId, String reason) implements FunnelEvent {}

    /** {@code leadId} may be null: activity not tied to a lead still counts for the rep. */
    record ActivityLogged(String id, Instant occurredAt, String rep, String activityType, String leadId)
            implements FunnelEvent {}

    /**
     * The person behind a lead is to be forgotten (a CRM deleted them, or they asked to be erased): the lead's data goes
     * and events naming it later are dropped; what it already added to the counters stays, as anonymous totals.
     */
    record LeadErased(String id, Instant occurredAt, String leadId) implements FunnelEvent {}

    /** An amount in a currency; either part may be unknown (null). */
    record Money(BigDecimal amount, String currency) {
        public static final Money UNKNOWN = new Money(null, null);
    }
}
