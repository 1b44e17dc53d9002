package io.leadloop.store;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Lead and deal states to and from DynamoDB attributes; absent values are simply not written. */
final class StateCodec {
    private StateCodec() {}

    private static final String REACHED = "reached_";

    static Map<String, AttributeValue> encode(LeadState lead) {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, "lead_id", lead.leadId());
        lead.reached().forEach((stage, at) -> put(item, REACHED + stage.wireName(), at));
        put(item, "disqualified_at", lead.disqualifiedAt());
        put(item, "disqualification_reason", lead.disqualificationReason());
        putProfile(item, "", lead.profile());
        put(item, "profile_at", lead.profileAt());
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
        return new LeadState(string(item, "lead_id"), reached, instant(item, "disqualified_at"),
                string(item, "disqualification_reason"), profile(item, ""), instant(item, "profile_at"),
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
        put(item, "owner", deal.owner());
        put(item, "created_at", deal.createdAt());
        put(item, "outcome", deal.outcome().name());
        put(item, "closed_at", deal.closedAt());
        put(item, "lost_reason", deal.lostReason());
        putProfile(item, "lead_", deal.leadProfile());
        put(item, "lead_created_at", deal.leadCreatedAt());
        return item;
    }

    static DealState decodeDeal(Map<String, AttributeValue> item) {
        AttributeValue amount = item.get("amount");
        return new DealState(string(item, "deal_id"), string(item, "lead_id"), string(item, "stage"),
                new Money(amount == null ? null : new BigDecimal(amount.n()), string(item, "currency")),
                string(item, "owner"), instant(item, "created_at"), DealOutcome.valueOf(string(item, "outcome")),
                instant(item, "closed_at"), string(item, "lost_reason"), profile(item, "lead_"),
                instant(item, "lead_created_at"));
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

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) item.put(name, AttributeValue.fromS(value));
    }

    private static void put(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) item.put(name, AttributeValue.fromS(value.toString()));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        return text == null ? null : Instant.parse(text);
    }
}
