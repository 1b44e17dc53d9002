package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.DealOutcome;
import io.leadloop.funnel.DealState;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.LeadState;
import io.leadloop.funnel.Stage;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Per-field times survive the store, compactly, and items written before them still read as they were applied. */
@Unit
class StateCodecTest {

    private static final Instant CREATED = Instant.parse("2026-11-16T09:00:00Z");
    private static final Instant OWNER_CHANGED = Instant.parse("2026-11-18T10:30:00Z");

    @Test
    void aLeadsFieldTimesRoundTripWithOnlyTheDifferingOnesWritten() {
        LeadState lead = LeadState.unknown("L1").reach(Stage.LEAD, CREATED)
                .describe(new LeadProfile("webinar", "q4", "demo", "111", Map.of("industry", "retail")), CREATED)
                .describe(new LeadProfile(null, null, null, "222", Map.of()), OWNER_CHANGED);

        Map<String, AttributeValue> item = StateCodec.encode(lead);

        assertEquals(lead, StateCodec.decodeLead(item));
        assertEquals(AttributeValue.fromS(OWNER_CHANGED.toString()), item.get("profile_at"), "the latest field's time");
        assertEquals(java.util.Set.of("source", "campaign", "form", "attributes.industry"), item.get("field_at").m().keySet(),
                "the owner is as of profile_at, so only the four older fields carry a time of their own");
    }

    @Test
    void aLeadWhoseFieldsShareOneTimeWritesNoFieldTimes() {
        LeadState lead = LeadState.unknown("L1").describe(new LeadProfile("webinar", null, null, "111", Map.of()), CREATED);

        Map<String, AttributeValue> item = StateCodec.encode(lead);

        assertFalse(item.containsKey("field_at"));
        assertEquals(lead, StateCodec.decodeLead(item));
    }

    /**
     * The cost of per-field times: a lead whose 4 fields and 40 attributes all changed at different times (the worst
     * case) grows by one short entry per field, a few KB, far below DynamoDB's 400 KB item limit.
     */
    @Test
    void perFieldTimesCostOneShortEntryPerField() {
        LeadState lead = LeadState.unknown("hubspot:24681357:contact:501").reach(Stage.LEAD, CREATED)
                .describe(new LeadProfile("PAID_SEARCH", "q4-brand", "demo-request", "71234567", Map.of()), CREATED);
        for (int i = 0; i < 40; i++) {
            lead = lead.describe(new LeadProfile(null, null, null, null, Map.of("attribute_" + i, "value number " + i)),
                    CREATED.plusSeconds(60L * (i + 1)));
        }
        Map<String, AttributeValue> item = StateCodec.encode(lead);

        long fieldTimes = size(item.get("field_at").m());
        assertEquals(44, item.get("field_at").m().size() + 1, "all but the latest field carry their own time");
        assertTrue(fieldTimes < 2_000, fieldTimes + " characters of field times");
        assertTrue(size(item) < 4_000, "the whole item: " + size(item));
    }

    private static long size(Map<String, AttributeValue> attributes) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) {
            AttributeValue v = e.getValue();
            n += e.getKey().length() + (v.s() != null ? v.s().length() : v.hasM() ? size(v.m()) : v.hasSs()
                    ? v.ss().stream().mapToLong(String::length).sum() : 8);
        }
        return n;
    }

    /** An item the previous version wrote: the profile and one profile_at; each field reads as of it. */
    @Test
    void aLeadWrittenBeforePerFieldTimesReadsEachFieldAsOfItsProfileTime() {
        Map<String, AttributeValue> legacy = Map.of(
                "lead_id", AttributeValue.fromS("L1"),
                "reached_lead", AttributeValue.fromS(CREATED.toString()),
                "source", AttributeValue.fromS("webinar"),
                "owner", AttributeValue.fromS("111"),
                "attributes", AttributeValue.fromM(Map.of("industry", AttributeValue.fromS("retail"))),
                "profile_at", AttributeValue.fromS(OWNER_CHANGED.toString()));

        LeadState lead = StateCodec.decodeLead(legacy);

        assertEquals(Map.of("source", OWNER_CHANGED, "owner", OWNER_CHANGED, "attributes.industry", OWNER_CHANGED), lead.profileTimes());
        assertEquals("111", lead.describe(new LeadProfile(null, null, null, "999", Map.of()), CREATED).profile().owner(),
                "an older change delivered now does not replace what the old item knew");
        assertEquals("222", lead.describe(new LeadProfile(null, null, null, "222", Map.of()), OWNER_CHANGED.plusSeconds(60)).profile().owner());
    }

    @Test
    void aDealsFieldTimesRoundTrip() {
        DealState deal = DealState.unknown("D1").created(CREATED, "L1", new Money(new BigDecimal("10000"), "EUR"), "ana")
                .movedTo("Demo scheduled", null, OWNER_CHANGED)
                .closed(DealOutcome.WON, Instant.parse("2026-11-20T15:00:00Z"), null, new Money(new BigDecimal("12500"), null), "ben", null);

        Map<String, AttributeValue> item = StateCodec.encode(deal);

        assertEquals(deal, StateCodec.decodeDeal(item));
        assertEquals(java.util.Set.of("stage", "currency"), item.get("field_at").m().keySet(),
                "amount and owner are as of the win (closed_at, the base); stage and currency keep their own times");
    }

    @Test
    void aDealWrittenBeforePerFieldTimesReadsItsFieldsAsOfItsLastCreationOrClose() {
        Instant closed = Instant.parse("2026-11-20T15:00:00Z");
        Map<String, AttributeValue> legacy = Map.of(
                "deal_id", AttributeValue.fromS("D1"),
                "amount", AttributeValue.fromN("12500"),
                "currency", AttributeValue.fromS("EUR"),
                "owner", AttributeValue.fromS("ana"),
                "created_at", AttributeValue.fromS(CREATED.toString()),
                "outcome", AttributeValue.fromS("WON"),
                "closed_at", AttributeValue.fromS(closed.toString()));

        DealState deal = StateCodec.decodeDeal(legacy);

        assertEquals(Map.of("amount", closed, "currency", closed, "owner", closed), deal.fieldTimes());
        DealState late = deal.updated(null, new Money(new BigDecimal("11000"), null), null, Instant.parse("2026-11-19T11:00:00Z"));
        assertEquals(new BigDecimal("12500"), late.amount().amount(), "an amount older than the win does not replace it");
        assertTrue(StateCodec.encode(deal).keySet().stream().noneMatch("field_at"::equals), "nothing differs from the base");
    }
}
