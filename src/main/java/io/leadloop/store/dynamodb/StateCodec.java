package io.leadloop.store.dynamodb;

import io.leadloop.funnel.DealOutcome;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Stage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lead and deal states to and from DynamoDB attributes; absent values are simply not written. Per-field occurrence
 * times are kept compactly: a base time ({@code profile_at} for a lead, the later of {@code created_at} and
 * {@code closed_at} for a deal) and, in {@code field_at}, only the fields whose time differs from it. An item written
 * before per-field times has no {@code field_at}, so each of its fields reads as of that base, as it was then applied.
 */
final class StateCodec {
    private StateCodec() {}

    private static final String REACHED = "reached_";
    private static final String FIELD_AT = "field_at";

    static Map<String, AttributeValue> encode(LeadState lead) {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, "lead_id", lead.leadId());
        lead.reached().forEach((stage, at) -> put(item, REACHED + stage.wireName(), at));
        put(item, "disqualified_at", lead.disqualifiedAt());
        put(item, "disqualification_reason", lead.disqualificationReason());
        putProfile(item, "", lead.profile());
        put(item, "profile_at", lead.profileAt());
        putFieldTimes(item, lead.profileTimes(), lead.profileAt());
        put(item, "last_activity_at", lead.lastActivityAt());
        put(item, "churned_at", lead.churnedAt());
        if (!lead.dealIds().isEmpty()) item.put("deal_ids", AttributeValue.fromSs(List.copyOf(lead.dealIds())));
        return item;
    }

    static LeadState decodeLead(Map<String, AttributeValue> item) {
        Map<Stage, Instant> reached = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            Instant at = instant(item, REACHED + stage.wireName());
            if (at != null) reached.put(stage, at);
        }
        LeadProfile profile = profile(item, "");
        return new LeadState(string(item, "lead_id"), reached, instant(item, "disqualified_at"),
                string(item, "disqualification_reason"), profile,
                fieldTimes(item, profile.fields().keySet(), instant(item, "profile_at")),
                instant(item, "last_activity_at"), instant(item, "churned_at"),
                item.containsKey("deal_ids") ? Set.copyOf(item.get("deal_ids").ss()) : Set.of());
    }

    static Map<String, AttributeValue> encode(DealState deal) {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, "deal_id", deal.dealId());
        put(item, "lead_id", deal.leadId());
        put(item, "stage", deal.stage());
        if (deal.amount().amount() != null) item.put("amount", AttributeValue.fromN(deal.amount().amount().toPlainString()));
        put(item, "currency", deal.amount().currency());
        if (deal.rate() == null) item.put("rate", AttributeValue.fromNul(true));
        else if (deal.rate().compareTo(BigDecimal.ONE) != 0) item.put("rate", AttributeValue.fromN(deal.rate().toPlainString()));
        put(item, "owner", deal.owner());
        put(item, "created_at", deal.createdAt());
        put(item, "outcome", deal.outcome().name());
        put(item, "closed_at", deal.closedAt());
        put(item, "lost_reason", deal.lostReason());
        putProfile(item, "lead_", deal.leadProfile());
        put(item, "lead_created_at", deal.leadCreatedAt());
        putFieldTimes(item, deal.fieldTimes(), dealBase(deal.createdAt(), deal.closedAt()));
        return item;
    }

    static DealState decodeDeal(Map<String, AttributeValue> item) {
        AttributeValue amount = item.get("amount");
        Money money = new Money(amount == null ? null : new BigDecimal(amount.n()), string(item, "currency"));
        String stage = string(item, "stage");
        String owner = string(item, "owner");
        Instant createdAt = instant(item, "created_at");
        Instant closedAt = instant(item, "closed_at");
        Set<String> known = new HashSet<>();
        if (stage != null) known.add(DealState.STAGE);
        if (money.amount() != null) known.add(DealState.AMOUNT);
        if (money.currency() != null) known.add(DealState.CURRENCY);
        if (owner != null) known.add(DealState.OWNER);
        return new DealState(string(item, "deal_id"), string(item, "lead_id"), stage, money, owner, createdAt,
                DealOutcome.valueOf(string(item, "outcome")), closedAt, string(item, "lost_reason"), profile(item, "lead_"),
                instant(item, "lead_created_at"), fieldTimes(item, known, dealBase(createdAt, closedAt)), rate(item.get("rate")));
    }

    /**
     * The rate the deal's amount was counted at: NULL when none converted it; absent for 1, the reporting currency's,
     * and what every amount was counted at before currencies were converted, so such a deal takes back what it added.
     */
    private static BigDecimal rate(AttributeValue rate) {
        if (rate == null) return BigDecimal.ONE;
        return Boolean.TRUE.equals(rate.nul()) ? null : new BigDecimal(rate.n());
    }

    private static Instant dealBase(Instant createdAt, Instant closedAt) {
        if (createdAt == null) return closedAt;
        return closedAt != null && closedAt.isAfter(createdAt) ? closedAt : createdAt;
    }

    private static void putFieldTimes(Map<String, AttributeValue> item, Map<String, Instant> times, Instant base) {
        Map<String, AttributeValue> differing = new HashMap<>();
        times.forEach((field, at) -> {
            if (!at.equals(base)) differing.put(field, AttributeValue.fromS(at.toString()));
        });
        if (!differing.isEmpty()) item.put(FIELD_AT, AttributeValue.fromM(differing));
    }

    /** The time of each known field: its own where written, else the base (null when there is none either). */
    private static Map<String, Instant> fieldTimes(Map<String, AttributeValue> item, Set<String> known, Instant base) {
        AttributeValue stored = item.get(FIELD_AT);
        Map<String, Instant> times = new HashMap<>();
        for (String field : known) {
            AttributeValue own = stored == null ? null : stored.m().get(field);
            Instant at = own != null ? Instant.parse(own.s()) : base;
            if (at != null) times.put(field, at);
        }
        return times;
    }

    private static void putProfile(Map<String, AttributeValue> item, String prefix, LeadProfile p) {
        put(item, prefix + "source", p.source());
        put(item, prefix + "campaign", p.campaign());
        put(item, prefix + "form", p.form());
        put(item, prefix + "owner", p.owner());
        if (!p.attributes().isEmpty()) {
            Map<String, AttributeValue> attributes = new HashMap<>();
            p.attributes().forEach((k, v) -> attributes.put(k, AttributeValue.fromS(v)));
            item.put(prefix + "attributes", AttributeValue.fromM(attributes));
        }
    }

    private static LeadProfile profile(Map<String, AttributeValue> item, String prefix) {
        Map<String, String> attributes = new HashMap<>();
        AttributeValue stored = item.get(prefix + "attributes");
        if (stored != null) stored.m().forEach((k, v) -> attributes.put(k, v.s()));
        return new LeadProfile(string(item, prefix + "source"), string(item, prefix + "campaign"),
                string(item, prefix + "form"), string(item, prefix + "owner"), attributes);
    }

    static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) item.put(name, AttributeValue.fromS(value));
    }

    static void put(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) item.put(name, AttributeValue.fromS(value.toString()));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        return text == null ? null : Instant.parse(text);
    }
}
