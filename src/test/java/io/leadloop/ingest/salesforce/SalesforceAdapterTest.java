package io.leadloop.ingest.salesforce;

import static io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest.LEAD_MESSAGE;
import static io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest.OPPORTUNITY_MESSAGE;
import static io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest.SAMPLE_SETTINGS;
import static io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest.TEST_ORG_ID;
import static io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest.TEST_ORG_ID_18;
import static io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest.TEST_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the adapter makes of Outbound Messages, and how its settings fail; no store involved. */
@Unit
class SalesforceAdapterTest {

    private static final String PREFIX = "salesforce:" + TEST_ORG_ID + ":";
    private static final String LEAD_QD = PREFIX + "lead:00Q5g00000Nb1QdEAJ";

    private final CrmAdapter adapter = adapter(SAMPLE_SETTINGS);

    @Test
    void aConvertedLeadReachesSqlAndIsLinkedToItsOpportunity() throws Exception {
        String notification = PREFIX + "04l5g00000A7kQ4AAJ";

        List<FunnelEvent> events = eventsWithPrefix(read(LEAD_MESSAGE), notification);

        assertEquals(List.of(
                new LeadCreated(notification + ":created", Instant.parse("2026-11-16T09:30:00Z"), LEAD_QD, LeadProfile.EMPTY),
                new LeadCreated(notification + ":profile", Instant.parse("2026-11-18T08:30:00Z"), LEAD_QD, new LeadProfile(
                        "Web", "q4-ai-webinar", "demo-request", "0055g00000AhR2xAAF",
                        Map.of("industry", "Technology", "employees", "410", "country", "Spain", "company", "Datavento"))),
                new LeadStageReached(notification + ":stage", Instant.parse("2026-11-18T08:30:00Z"), LEAD_QD, Stage.SQL),
                new DealUpdated(notification + ":converted", Instant.parse("2026-11-18T08:30:00Z"),
                        PREFIX + "opportunity:0065g00000Xc7TaAAJ", LEAD_QD, Money.UNKNOWN, null)),
                events);
    }

    @Test
    void anUnmappedStatusStillCountsTheLeadAndNamesTheSettingToFixIt() throws Exception {
        String notification = PREFIX + "04l5g00000A7kQ7AAJ";

        Batch batch = read(LEAD_MESSAGE);

        assertEquals(1, batch.unmapped().size(), batch.unmapped().toString());
        Batch.Unmapped unmapped = batch.unmapped().get(0);
        assertEquals(notification + ":stage", unmapped.reference());
        assertTrue(unmapped.reason().contains("'Nurturing'") && unmapped.reason().contains("LEADLOOP_CONFIG.salesforce.lead_statuses"),
                unmapped.reason());
        assertEquals(List.of(notification + ":created", notification + ":profile"),
                eventsWithPrefix(batch, notification).stream().map(FunnelEvent::id).toList(), "the lead and its profile");
    }

    @Test
    void closedDealsCountOnTheirCloseDate() throws Exception {
        Batch batch = read(OPPORTUNITY_MESSAGE);

        // Last edited on its Close Date: the edit gives the time of day.
        assertEquals(List.of(new DealWon(PREFIX + "04l5g00000B2mR1AAJ:closed", Instant.parse("2026-11-20T15:20:00Z"),
                PREFIX + "opportunity:0065g00000Xc7TaAAJ", null, Money.UNKNOWN, null)),
                closing(batch, "04l5g00000B2mR1AAJ"));
        // Its amount and owner are the record's as last modified, beside the win.
        assertTrue(batch.events().contains(new DealUpdated(PREFIX + "04l5g00000B2mR1AAJ:values", Instant.parse("2026-11-20T15:20:00Z"),
                PREFIX + "opportunity:0065g00000Xc7TaAAJ", null, new Money(new BigDecimal("18500.0"), "EUR"), "0055g00000AhR2xAAF")),
                batch.events().toString());
        // Won on Tuesday 17th but last edited on Monday 23rd: counted from the start of the 17th in Madrid.
        assertEquals(Instant.parse("2026-11-16T23:00:00Z"), closing(batch, "04l5g00000B2mR4AAJ").get(0).occurredAt());
        DealLost lost = (DealLost) closing(batch, "04l5g00000B2mR2AAJ").get(0);
        assertEquals("Chose competitor", lost.reason());
    }

    @Test
    void anOpenOpportunityMovesToItsStage() throws Exception {
        List<FunnelEvent> events = eventsWithPrefix(read(OPPORTUNITY_MESSAGE), PREFIX + "04l5g00000B2mR3AAJ");

        assertEquals(new DealStageChanged(PREFIX + "04l5g00000B2mR3AAJ:stage", Instant.parse("2026-11-20T11:10:00Z"),
                PREFIX + "opportunity:0065g00000Xc7TcAAJ", null, "Proposal/Price Quote"), events.get(2));
    }

    @Test
    void aConfiguredLeadLookupLinksTheOpportunityToItsLead() throws Exception {
        CrmAdapter linking = adapter(SAMPLE_SETTINGS + ", \"opportunity_lead_field\": \"Lead__c\"");
        String body = message("""
                <Notification><Id>04l5g00000C3nS1AAJ</Id><sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                  <sf:Id>0065g00000Xc8UaAAJ</sf:Id><sf:IsClosed>false</sf:IsClosed><sf:IsWon>false</sf:IsWon>
                  <sf:Lead__c>00Q5g00000Nb1QdEAJ</sf:Lead__c><sf:CreatedDate>2026-11-18T08:31:00.000Z</sf:CreatedDate>
                </sObject></Notification>""");

        FunnelEvent.DealCreated created = (FunnelEvent.DealCreated) linking.read(request(body)).events().get(0);

        assertEquals(LEAD_QD, created.leadId());
    }

    @Test
    void missingTimesAreTheTimeOfReceipt() throws Exception {
        String body = message("""
                <Notification><Id>04l5g00000C3nS2AAJ</Id><sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                  <sf:Id>00Q5g00000Nb1RaEAJ</sf:Id><sf:Status>Working - Contacted</sf:Status>
                </sObject></Notification>""");

        List<FunnelEvent> events = adapter.read(request(body)).events();

        assertEquals(List.of(Fixtures.SIGNED_AT, Fixtures.SIGNED_AT), events.stream().map(FunnelEvent::occurredAt).toList());
    }

    @Test
    void aNilFieldIsAbsent() throws Exception {
        String body = message("""
                <Notification><Id>04l5g00000C3nS3AAJ</Id><sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                  <sf:Id>00Q5g00000Nb1RbEAJ</sf:Id><sf:Status>Closed - Converted</sf:Status><sf:IsConverted>true</sf:IsConverted>
                  <sf:ConvertedOpportunityId xsi:nil="true"/><sf:LeadSource xsi:nil="true"/>
                </sObject></Notification>""");

        List<FunnelEvent> events = adapter.read(request(body)).events();

        assertEquals(List.of(LeadCreated.class, LeadStageReached.class), events.stream().map(Object::getClass).toList(),
                "a lead converted without an opportunity links no deal");
        assertNull(((LeadCreated) events.get(0)).profile().source());
    }

    @Test
    void anotherObjectTypeIsAcknowledgedButUnmapped() throws Exception {
        String body = message("""
                <Notification><Id>04l5g00000C3nS4AAJ</Id><sObject xsi:type="sf:Contact" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                  <sf:Id>0035g00000Jq4KaAAJ</sf:Id><sf:Email>marta@datavento.example</sf:Email>
                </sObject></Notification>""");

        Batch batch = adapter.read(request(body));

        assertEquals(List.of(), batch.events());
        assertEquals(PREFIX + "04l5g00000C3nS4AAJ", batch.unmapped().get(0).reference());
        assertTrue(batch.unmapped().get(0).reason().contains("sObject type 'Contact' is not read"), batch.unmapped().get(0).reason());
    }

    @Test
    void anUnreadableValueLeavesTheWholeNotificationUnmapped() throws Exception {
        String body = message("""
                <Notification><Id>04l5g00000C3nS5AAJ</Id><sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                  <sf:Id>0065g00000Xc8UbAAJ</sf:Id><sf:IsClosed>true</sf:IsClosed><sf:IsWon>true</sf:IsWon><sf:Amount>lots</sf:Amount>
                </sObject></Notification>""");

        Batch batch = adapter.read(request(body));

        assertEquals(List.of(), batch.events());
        assertTrue(batch.unmapped().get(0).reason().contains("Amount is 'lots'"), batch.unmapped().get(0).reason());
    }

    @Test
    void theDeliveryIdIsTheBodysSha256() throws Exception {
        WebhookRequest request = WebhookHandler.toRequest(Fixtures.httpEvent(LEAD_MESSAGE));

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body()));

        assertEquals(expected, adapter.read(request).deliveryId());
    }

    @Test
    void theEighteenCharacterOrgIdIsTheSameOrg() throws Exception {
        CrmAdapter eighteen = adapter("\"organization_ids\": [\"" + TEST_ORG_ID_18 + "\"]");

        assertEquals(read(LEAD_MESSAGE).events().size(), eighteen.read(WebhookHandler.toRequest(Fixtures.httpEvent(LEAD_MESSAGE))).events().size());
    }

    @Test
    void moreNotificationsThanSalesforceSendsAreRefused() {
        String one = """
                <Notification><Id>04l5g00000C3nS6AAJ</Id><sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                  <sf:Id>00Q5g00000Nb1RcEAJ</sf:Id><sf:Status>Open - Not Contacted</sf:Status></sObject></Notification>
                """;

        WebhookRejected rejected = assertThrows(WebhookRejected.class, () -> adapter.read(request(message(one.repeat(101)))));

        assertEquals(400, rejected.problem().status());
        assertTrue(rejected.getMessage().contains("at most 100"), rejected.getMessage());
    }

    @Test
    void withoutTokenOrSettingsThereIsNoSalesforceRoute() {
        assertTrue(SalesforceAdapter.fromConfig(config(Map.of()), Fixtures.clockAt(Fixtures.SIGNED_AT)).isEmpty());
    }

    @Test
    void theTokenMayComeFromParameterStore() {
        Map<String, String> values = Map.of(
                SalesforceAdapter.TOKEN + "_PARAM", "/leadloop/salesforce-token",
                Section.DOCUMENT, "{\"salesforce\": {\"organization_ids\": [\"" + TEST_ORG_ID + "\"]}}");
        Config fromSsm = new Config(values, name -> name.equals("/leadloop/salesforce-token") ? TEST_TOKEN : null);

        assertTrue(SalesforceAdapter.fromConfig(fromSsm, Fixtures.clockAt(Fixtures.SIGNED_AT)).isPresent());
    }

    @Test
    void aMisspelledSettingIsNamed() {
        assertConfigError("\"organisation_ids\": [\"" + TEST_ORG_ID + "\"]", "LEADLOOP_CONFIG.salesforce.organisation_ids: is not a known setting");
    }

    @Test
    void anUnknownStatusTargetIsNamed() {
        assertConfigError(SAMPLE_SETTINGS + ", \"lead_statuses\": {\"Qualified\": \"sq1\"}",
                "LEADLOOP_CONFIG.salesforce.lead_statuses.Qualified: must be one of lead, mql, sql, opportunity, customer or disqualified; was 'sq1'");
    }

    @Test
    void aFieldLabelInsteadOfItsApiNameIsNamed() {
        assertConfigError(SAMPLE_SETTINGS.replace("Loss_Reason__c", "Loss Reason"),
                "LEADLOOP_CONFIG.salesforce.loss_reason_field: 'Loss Reason' is not a field API name");
    }

    @Test
    void missingOrganizationIdsAreNamed() {
        assertConfigError("\"campaign_field\": \"UTM_Campaign__c\"", "LEADLOOP_CONFIG.salesforce.organization_ids: is not set");
    }

    @Test
    void aMalformedOrganizationIdIsNamed() {
        assertConfigError("\"organization_ids\": [\"005g000004XyZa\"]", "LEADLOOP_CONFIG.salesforce.organization_ids: '005g000004XyZa' is not a Salesforce Organization ID");
    }

    @Test
    void settingsWithoutATokenAreNamed() {
        ConfigException error = assertThrows(ConfigException.class, () -> SalesforceAdapter.fromConfig(
                config(Map.of(Section.DOCUMENT, "{\"salesforce\": {" + SAMPLE_SETTINGS + "}}")), Fixtures.clockAt(Fixtures.SIGNED_AT)));

        assertTrue(error.getMessage().startsWith("LEADLOOP_SALESFORCE_TOKEN: is not set although LEADLOOP_CONFIG.salesforce is"), error.getMessage());
    }

    @Test
    void aGuessableTokenIsRefused() {
        ConfigException error = assertThrows(ConfigException.class, () -> SalesforceAdapter.fromConfig(config(Map.of(
                SalesforceAdapter.TOKEN, "salesforce", Section.DOCUMENT, "{\"salesforce\": {" + SAMPLE_SETTINGS + "}}")),
                Fixtures.clockAt(Fixtures.SIGNED_AT)));

        assertTrue(error.getMessage().startsWith("LEADLOOP_SALESFORCE_TOKEN: must be a random token of at least 32"), error.getMessage());
    }

    private static void assertConfigError(String settings, String expectedStart) {
        ConfigException error = assertThrows(ConfigException.class, () -> adapter(settings));
        assertTrue(error.getMessage().startsWith(expectedStart), error.getMessage());
    }

    private static CrmAdapter adapter(String settings) {
        return SalesforceAdapter.fromConfig(config(Map.of(
                        StoreSettings.TIMEZONE, "Europe/Madrid",
                        SalesforceAdapter.TOKEN, TEST_TOKEN,
                        Section.DOCUMENT, "{\"salesforce\": {" + settings + "}}")),
                Fixtures.clockAt(Fixtures.SIGNED_AT)).orElseThrow();
    }

    private static Config config(Map<String, String> values) {
        return new Config(values, name -> {
            throw new IllegalStateException("this test reads no SSM parameter, yet asked for " + name);
        });
    }

    private Batch read(String file) throws WebhookRejected {
        return adapter.read(WebhookHandler.toRequest(Fixtures.httpEvent(file)));
    }

    private static List<FunnelEvent> eventsWithPrefix(Batch batch, String prefix) {
        return batch.events().stream().filter(e -> e.id().startsWith(prefix + ":")).toList();
    }

    private static List<FunnelEvent> closing(Batch batch, String notificationId) {
        return batch.events().stream().filter(e -> e.id().equals(PREFIX + notificationId + ":closed")).toList();
    }

    /** An Outbound Message from the sample org holding {@code notifications}. */
    private static String message(String notifications) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <ActionId>04k5g000000KfRtAAK</ActionId>
                   <SessionId xsi:nil="true"/>
                   <EnterpriseUrl>https://nubia.my.salesforce.com/services/Soap/c/62.0/%s</EnterpriseUrl>
                   <PartnerUrl>https://nubia.my.salesforce.com/services/Soap/u/62.0/%s</PartnerUrl>
                %s
                  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(TEST_ORG_ID_18, TEST_ORG_ID, TEST_ORG_ID, notifications);
    }

    private static WebhookRequest request(String body) {
        return new WebhookRequest("POST", "abc123.execute-api.eu-west-1.amazonaws.com", "/webhooks/salesforce", "token=" + TEST_TOKEN,
                Map.of("content-type", "text/xml; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
    }
}
