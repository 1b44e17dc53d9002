package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.Problem;
import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each kind of HubSpot event becomes, with HubSpot's defaults and with configured mappings. */
@Unit
class HubSpotMappingTest {

    private static final Instant AT = Instant.parse("2026-11-18T09:30:00Z");
    private static final String LEAD = "hubspot:24681357:contact:501";
    private static final String DEAL = "hubspot:24681357:deal:9001";

    private final HubSpotMapping defaults = mapping(Map.of());

    @Test
    void theFunnelEventIdIsMadeUniqueBeyondHubSpotsEventId() {
        FunnelEvent created = defaults.translate(event("contact.creation", 501, Map.of())).event();

        assertEquals(new LeadCreated("hubspot:24681357:2510001:4100001:" + AT.toEpochMilli(), AT, LEAD, LeadProfile.EMPTY), created);
    }

    @Test
    void hubSpotsLifecycleStagesReachTheFunnelStages() {
        Map<String, Stage> expected = Map.of("subscriber", Stage.LEAD, "lead", Stage.LEAD, "marketingqualifiedlead", Stage.MQL,
                "salesqualifiedlead", Stage.SQL, "opportunity", Stage.OPPORTUNITY, "customer", Stage.CUSTOMER,
                "evangelist", Stage.CUSTOMER);
        expected.forEach((value, stage) -> assertEquals(stage,
                ((LeadStageReached) defaults.translate(contactChange("lifecyclestage", value)).event()).stage(), value));
    }

    @Test
    void anUnmappedLifecycleStageNamesTheSettingThatMapsIt() {
        HubSpotMapping.Outcome other = defaults.translate(contactChange("lifecyclestage", "1034578213"));

        assertNull(other.event());
        assertTrue(other.unmappedReason().contains("LEADLOOP_CONFIG.hubspot.lifecycle_stages.1034578213"), other.unmappedReason());
        assertEquals(new LeadStageReached(key(), AT, LEAD, Stage.MQL),
                mapping(Map.of("lifecycle_stages", Map.of("1034578213", "mql")))
                        .translate(contactChange("lifecyclestage", "1034578213")).event());
    }

    @Test
    void disqualifyingLeadStatusesGiveTheirReason() {
        HubSpotMapping configured = mapping(Map.of("disqualified_lead_statuses", Map.of("BAD_TIMING", "bad timing")));

        assertEquals(new LeadDisqualified(key(), AT, LEAD, "UNQUALIFIED"),
                configured.translate(contactChange("hs_lead_status", "UNQUALIFIED")).event());
        assertEquals(new LeadDisqualified(key(), AT, LEAD, "bad timing"),
                configured.translate(contactChange("hs_lead_status", "BAD_TIMING")).event());
        assertNull(configured.translate(contactChange("hs_lead_status", "IN_PROGRESS")).event());
    }

    @Test
    void profilePropertiesDescribeTheLead() {
        HubSpotMapping configured = mapping(Map.of("contact_properties", Map.of("segment__c", "attributes.segment")));

        assertEquals(new LeadProfile("PAID_SEARCH", null, null, null, Map.of()), profileOf(configured, "hs_analytics_source", "PAID_SEARCH"));
        assertEquals(new LeadProfile(null, "q4-brand", null, null, Map.of()), profileOf(configured, "hs_analytics_source_data_1", "q4-brand"));
        assertEquals(new LeadProfile(null, null, null, "71234567", Map.of()), profileOf(configured, "hubspot_owner_id", "71234567"));
        assertEquals(new LeadProfile(null, null, null, null, Map.of("employees", "240")), profileOf(configured, "numemployees", "240"));
        assertEquals(new LeadProfile(null, null, null, null, Map.of("segment", "mid-market")), profileOf(configured, "segment__c", "mid-market"));
        assertNull(configured.translate(contactChange("firstname", "Ana")).event());
    }

    @Test
    void dealStagesCloseOrMoveTheDealAsConfigured() {
        HubSpotMapping configured = mapping(Map.of("deal_stages", Map.of("9348812", "won", "contractsent", "lost")));

        assertEquals(new DealWon(key(), AT, DEAL, null, Money.UNKNOWN, null), defaults.translate(dealChange("dealstage", "closedwon")).event());
        assertEquals(new DealLost(key(), AT, DEAL, null, Money.UNKNOWN, null, null), defaults.translate(dealChange("dealstage", "closedlost")).event());
        assertEquals(new DealStageChanged(key(), AT, DEAL, null, "qualifiedtobuy"), defaults.translate(dealChange("dealstage", "qualifiedtobuy")).event());
        assertEquals(new DealWon(key(), AT, DEAL, null, Money.UNKNOWN, null), configured.translate(dealChange("dealstage", "9348812")).event());
        assertEquals(new DealLost(key(), AT, DEAL, null, Money.UNKNOWN, null, null), configured.translate(dealChange("dealstage", "contractsent")).event());

        HubSpotMapping.Outcome unknown = defaults.translate(dealChange("dealstage", "9348812"));
        assertNull(unknown.event());
        assertTrue(unknown.unmappedReason().contains("LEADLOOP_CONFIG.hubspot.deal_stages.9348812"), unknown.unmappedReason());
    }

    @Test
    void closedFlagsCloseTheDealOnlyWhenTheySayHow() {
        assertEquals(new DealWon(key(), AT, DEAL, null, Money.UNKNOWN, null), defaults.translate(dealChange("hs_is_closed_won", "true")).event());
        assertEquals(new DealLost(key(), AT, DEAL, null, Money.UNKNOWN, null, null), defaults.translate(dealChange("hs_is_closed_lost", "true")).event());
        assertNull(defaults.translate(dealChange("hs_is_closed_won", "false")).event());
        assertNull(defaults.translate(dealChange("hs_is_closed", "true")).event());
    }

    @Test
    void amountAndOwnerUpdateTheDeal() {
        HubSpotMapping inEuros = mapping(Map.of("currency", "EUR"));

        assertEquals(new DealUpdated(key(), AT, DEAL, null, new Money(new BigDecimal("18500.50"), "EUR"), null),
                inEuros.translate(dealChange("amount", "18500.50")).event());
        assertEquals(new DealUpdated(key(), AT, DEAL, null, Money.UNKNOWN, "71234567"),
                defaults.translate(dealChange("hubspot_owner_id", "71234567")).event());
        assertNull(defaults.translate(dealChange("amount", "n/a")).event());
    }

    @Test
    void dealContactAssociationsLinkTheDealToItsLeadFromEitherSideAndInEitherFormat() {
        DealUpdated linked = new DealUpdated(key(), AT, DEAL, LEAD, Money.UNKNOWN, null);

        assertEquals(linked, defaults.translate(association("deal.associationChange", Map.of(
                "associationType", "DEAL_TO_CONTACT", "fromObjectId", 9001, "toObjectId", 501, "associationRemoved", false))).event());
        assertEquals(linked, defaults.translate(association("contact.associationChange", Map.of(
                "associationType", "CONTACT_TO_DEAL", "fromObjectId", 501, "toObjectId", 9001, "associationRemoved", false))).event());
        assertEquals(linked, defaults.translate(association("object.associationChange", Map.of("fromObjectTypeId", "0-3",
                "fromObjectId", 9001, "toObjectTypeId", "0-1", "toObjectId", 501, "associationRemoved", false))).event());
        assertNull(defaults.translate(association("deal.associationChange", Map.of(
                "associationType", "DEAL_TO_CONTACT", "fromObjectId", 9001, "toObjectId", 501, "associationRemoved", true))).event());
        assertNull(defaults.translate(association("contact.associationChange", Map.of(
                "associationType", "CONTACT_TO_COMPANY", "fromObjectId", 501, "toObjectId", 77, "associationRemoved", false))).event());
    }

    @Test
    void genericObjectEventsAreReadByTheirObjectType() {
        assertEquals(new LeadCreated(key(), AT, LEAD, LeadProfile.EMPTY),
                defaults.translate(event("object.creation", 501, Map.of("objectTypeId", "0-1"))).event());
        assertEquals(new DealCreated(key(), AT, DEAL, null, Money.UNKNOWN, null),
                defaults.translate(event("object.creation", 9001, Map.of("objectTypeId", "0-3"))).event());
        assertEquals(new LeadStageReached(key(), AT, LEAD, Stage.SQL), defaults.translate(event("object.propertyChange", 501,
                Map.of("objectTypeId", "0-1", "propertyName", "lifecyclestage", "propertyValue", "salesqualifiedlead"))).event());
        assertNull(defaults.translate(event("object.creation", 77, Map.of("objectTypeId", "0-2"))).event());
    }

    @Test
    void aDeletedContactIsErasedWhetherDeletedForPrivacyOrNot() {
        assertEquals(new LeadErased(key(), AT, LEAD),
                defaults.translate(event("contact.privacyDeletion", 501, Map.of())).event());
        assertEquals(new LeadErased(key(), AT, LEAD),
                defaults.translate(event("contact.deletion", 501, Map.of("changeFlag", "DELETED"))).event());
        assertEquals(new LeadErased(key(), AT, LEAD),
                defaults.translate(event("object.deletion", 501, Map.of("objectTypeId", "0-1", "changeFlag", "DELETED"))).event());
    }

    @Test
    void otherDeletionsAreNotPartOfTheFunnel() {
        HubSpotMapping.Outcome deleted = defaults.translate(event("deal.deletion", 9001, Map.of("changeFlag", "DELETED")));

        assertNull(deleted.event());
        assertEquals("deletions are not part of the funnel", deleted.unmappedReason());
    }

    private static String key() {
        return "hubspot:24681357:2510001:4100001:" + AT.toEpochMilli();
    }

    private static LeadProfile profileOf(HubSpotMapping mapping, String property, String value) {
        return ((LeadCreated) mapping.translate(contactChange(property, value)).event()).profile();
    }

    private static HubSpotEvent contactChange(String property, String value) {
        return event("contact.propertyChange", 501, Map.of("propertyName", property, "propertyValue", value));
    }

    private static HubSpotEvent dealChange(String property, String value) {
        return event("deal.propertyChange", 9001, Map.of("propertyName", property, "propertyValue", value));
    }

    private static HubSpotEvent association(String type, Map<String, Object> fields) {
        return event(type, (Integer) fields.get("fromObjectId"), fields);
    }

    /** An event as HubSpot sends it, read the way the adapter reads it. */
    private static HubSpotEvent event(String subscriptionType, int objectId, Map<String, Object> fields) {
        Map<String, Object> json = new HashMap<>(Map.of("eventId", 4100001, "subscriptionId", 2510001, "portalId", 24681357,
                "appId", 1234567, "occurredAt", AT.toEpochMilli(), "subscriptionType", subscriptionType, "attemptNumber", 0,
                "objectId", objectId, "changeSource", "CRM_UI"));
        json.putAll(fields);
        List<Problem.FieldError> errors = new ArrayList<>();
        HubSpotEvent event = HubSpotEvent.read(json, "/0", errors);
        assertEquals(List.of(), errors);
        return event;
    }

    private static HubSpotMapping mapping(Map<String, Object> hubspot) {
        Config config = new Config(Map.of(Section.DOCUMENT, Json.compact(Map.of(HubSpotAdapter.SECTION, hubspot))), name -> null);
        return HubSpotMapping.from(Section.root(config).section(HubSpotAdapter.SECTION));
    }
}
