package io.leadloop.ingest.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Stage;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.EventLedger.Applied;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.backfill.HistorySource.HistoryPage;
import io.leadloop.ingest.backfill.HistorySource.Owners;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.testing.Contract;
import io.leadloop.testing.CrmFake;
import io.leadloop.testing.CrmFake.Answer;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Histories;
import io.leadloop.testing.PlainCrmHttp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Salesforce's history through the REST query API, against a local server answering as Salesforce's REST API guide shows. */
@Contract
class SalesforceHistoryTest {

    static final String CLIENT_ID = "3MVG9rZjd7MXFdLhQ8kWm2oBv5Nc1yT6pXsEa4GuIh0JqKr3Lz7Df9Sb2Wx8Ye5Vn1Mo4Pt6Qa";
    static final String CLIENT_SECRET = "B6E0D1A94C3F28757A1E9D0C6B4F3A2E18D7C5B9A0F6E4D3C2B1A09F8E7D6C5B";
    private static final String TOKEN = "/services/oauth2/token";
    static final String QUERY = "/services/data/v62.0/query";
    private static final String MORE_LEADS = "/services/data/v62.0/query/01gD0000002HU6KIAW-4";
    private static final String MORE_USERS = "/services/data/v62.0/query/01gD0000002HU7LIAW-2";
    private static final String DESCRIBE = "/services/data/v62.0/sobjects/Opportunity/describe";
    private static final String ORG = SalesforceWebhookHandlerTest.TEST_ORG_ID;
    private static final Period WEEK_47 = Period.parse("2026-W47");
    /*
     * The records the two sample Outbound Messages carry, as the org holds them on Monday, with their Status history:
     * the same week as SalesforceWebhookHandlerTest's (6 leads, 4 MQLs, 2 SQLs, 2 opportunities, 1 customer, 2 won,
     * 1 lost, 25700 won). Status history only dates stages earlier within the week (Datavento was MQL on Monday).
     */
    static final StageCounts SAMPLE_WEEK = new StageCounts(6, 4, 2, 2, 1, 2, 1, new BigDecimal("25700"));

    private final CrmFake salesforce = new CrmFake();
    private final Config config = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS)
            .with(Map.of(SalesforceHistory.CLIENT_ID, CLIENT_ID, SalesforceHistory.CLIENT_SECRET, CLIENT_SECRET,
                    SalesforceHistory.INSTANCE_URL, salesforce.url().toString()));

    @AfterEach
    void stop() {
        salesforce.close();
    }

    /** The token endpoint's answer, issued for the fake's address as it would be for the org's My Domain. */
    private static Answer token(CrmFake salesforce) {
        return Answer.json(200, CrmFake.resource("salesforce-api/token.json")
                .replace("https://nubia.my.salesforce.com", salesforce.url().toString()));
    }

    private static Answer queried(CrmFake.Request request) {
        String soql = request.query().get("q");
        if (soql.contains(" FROM LeadHistory ")) return Answer.file("salesforce-api/lead-history.json");
        if (soql.contains(" FROM Lead ")) return Answer.file("salesforce-api/lead-page-1.json");
        if (soql.contains(" FROM User ")) return Answer.file("salesforce-api/users-page-1.json");
        return Answer.file("salesforce-api/opportunity.json");
    }

    private void answerTheOrg() {
        answerTheSampleOrg(salesforce);
    }

    /** The sample org's records, as its API answers them (the backfill function's test reads them too). */
    static void answerTheSampleOrg(CrmFake salesforce) {
        salesforce.answer(TOKEN, token(salesforce))
                .route(QUERY, SalesforceHistoryTest::queried)
                .answer(MORE_LEADS, Answer.file("salesforce-api/lead-page-2.json"))
                .answer(MORE_USERS, Answer.file("salesforce-api/users-page-2.json"))
                .answer(DESCRIBE, Answer.file("salesforce-api/opportunity-describe.json"));
    }

    private HistorySource history() {
        return SalesforceHistory.fromConfig(config, new PlainCrmHttp()).orElseThrow();
    }

    private List<String> soql() {
        return salesforce.requests(QUERY).stream().map(request -> request.query().get("q")).toList();
    }

    @Test
    void readsLeadsTheirStatusHistoryAndOpportunitiesToTheEnd() {
        answerTheOrg();

        List<HistoryPage> pages = Histories.readAll(history(), null);

        assertEquals(List.of(4, 3, 6, 4), pages.stream().map(HistoryPage::records).toList());
        // One token for the whole read; the Opportunity fields depend on whether the org keeps currencies.
        assertEquals(List.of(2, 1, 1, 2), pages.stream().map(HistoryPage::apiCalls).toList());
        assertEquals(List.of(
                "SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Status, IsConverted, ConvertedOpportunityId, LeadSource, "
                        + "OwnerId, Company, Country, Industry, NumberOfEmployees, UTM_Campaign__c, Web_Form__c FROM Lead ORDER BY CreatedDate, Id",
                "SELECT Id, LeadId, CreatedDate, OldValue, NewValue FROM LeadHistory WHERE Field = 'Status' ORDER BY CreatedDate, Id",
                "SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, StageName, IsClosed, IsWon, CloseDate, Amount, OwnerId, "
                        + "CurrencyIsoCode, Loss_Reason__c FROM Opportunity ORDER BY CreatedDate, Id"),
                soql());
        CrmFake.Request tokenRequest = salesforce.requests(TOKEN).get(0);
        assertEquals("POST", tokenRequest.method());
        assertEquals(Set.of("grant_type=client_credentials", "client_id=" + CLIENT_ID, "client_secret=" + CLIENT_SECRET),
                Set.of(tokenRequest.body().split("&")));
        assertEquals(1, salesforce.requests(TOKEN).size());
        assertEquals(1, salesforce.requests(MORE_LEADS).size());
        assertTrue(salesforce.requests(QUERY).stream().allMatch(request ->
                request.header("Authorization").equals("Bearer 00D5g000004XyZa!AQ4AQFq1vFhW0bZ2JtKQ3n8e6s9mT7yXcVb1LpR5dGhNkUeW2aHjSx4oIr")
                        && request.header("Sforce-Query-Options").equals("batchSize=2000")));
    }

    @Test
    void theOrgsUsersAreNamedByTheIdOwnerIdCarriesThroughEveryBatch() {
        answerTheOrg();
        Owners owners = history().owners();

        assertEquals(List.of("SELECT Id, Name FROM User ORDER BY Id"), soql());
        assertEquals(1, salesforce.requests(MORE_USERS).size(), "the second batch, through nextRecordsUrl");
        assertEquals(Map.of("0055g00000AhR2xAAF", "Sofía Herrera", "0055g00000AhR3yAAF", "Tomás Ibarra", "0055g00000AhR4zAAF", "Valentina Ruiz",
                "0055g00000AhR9zAAF", "Integration User"), owners.names());
        assertEquals(3, owners.apiCalls(), "the token and two batches");
        Set<String> owning = Histories.events(Histories.readAll(history(), null)).stream()
                .map(SalesforceHistoryTest::owner).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.of("0055g00000AhR2xAAF", "0055g00000AhR3yAAF", "0055g00000AhR4zAAF"), owning);
        assertTrue(owners.names().keySet().containsAll(owning), "every owner the events carry has its name, 18 characters both");
    }

    private static String owner(FunnelEvent event) {
        if (event instanceof LeadCreated created) return created.profile().owner();
        return event instanceof DealUpdated updated ? updated.owner() : null;
    }

        @Test
    void aConvertedLeadIsMappedAsItsNotificationWouldBe() {
        answerTheOrg();

        List<FunnelEvent> datavento = history().read(null, null).events().stream()
                .filter(event -> event.id().contains(":00Q5g00000Nb1QdEAJ:")).toList();

        String key = "salesforce:" + ORG + ":history:00Q5g00000Nb1QdEAJ:2026-11-18T08:30:00Z";
        String lead = "salesforce:" + ORG + ":lead:00Q5g00000Nb1QdEAJ";
        Instant modified = Instant.parse("2026-11-18T08:30:00Z");
        assertEquals(List.of(
                new LeadCreated(key + ":created", Instant.parse("2026-11-16T09:30:00Z"), lead, LeadProfile.EMPTY),
                new LeadCreated(key + ":profile", modified, lead, new LeadProfile("Web", "q4-ai-webinar", "demo-request",
                        "0055g00000AhR2xAAF", Map.of("industry", "Technology", "employees", "410", "country", "Spain", "company", "Datavento"))),
                new LeadStageReached(key + ":stage", modified, lead, Stage.SQL),
                new DealUpdated(key + ":converted", modified, "salesforce:" + ORG + ":opportunity:0065g00000Xc7TaAAJ", lead,
                        Money.UNKNOWN, null)),
                datavento);
    }

    @Test
    void statusChangesDateTheStagesTheyReached() {
        answerTheOrg();
        HistorySource history = history();

        HistoryPage changes = history.read("LeadHistory|", null);

        String key = "salesforce:" + ORG + ":history:0175g00000Lh1A";
        String lead = "salesforce:" + ORG + ":lead:00Q5g00000Nb1Q";
        assertEquals(List.of(
                new LeadStageReached(key + "aAAJ:new", Instant.parse("2026-11-16T07:30:00Z"), "salesforce:" + ORG + ":lead:00Q5g00000Nb1PzEAJ", Stage.MQL),
                new LeadStageReached(key + "bAAJ:new", Instant.parse("2026-11-16T11:00:00Z"), lead + "dEAJ", Stage.MQL),
                new LeadStageReached(key + "cAAJ:new", Instant.parse("2026-11-17T08:05:00Z"), lead + "bEAJ", Stage.MQL),
                new LeadStageReached(key + "dAAJ:old", Instant.parse("2026-11-18T08:30:00Z"), lead + "dEAJ", Stage.MQL),
                new LeadStageReached(key + "dAAJ:new", Instant.parse("2026-11-18T08:30:00Z"), lead + "dEAJ", Stage.SQL),
                new LeadDisqualified(key + "eAAJ:new", Instant.parse("2026-11-18T16:45:00Z"), lead + "cEAJ", "Closed - Not Converted"),
                new LeadStageReached(key + "fAAJ:new", Instant.parse("2026-11-19T10:00:00Z"), lead + "eEAJ", Stage.SQL)),
                changes.events());
        assertEquals("Opportunity|", changes.next());
    }

    @Test
    void aReconciliationAsksOnlyForWhatChangedSince() {
        answerTheOrg();

        Histories.readAll(history(), Instant.parse("2026-11-21T00:00:00.250Z"));

        List<String> soql = soql();
        assertTrue(soql.get(0).endsWith(" FROM Lead WHERE SystemModstamp >= 2026-11-21T00:00:00Z ORDER BY CreatedDate, Id"), soql.get(0));
        assertTrue(soql.get(1).endsWith(" FROM LeadHistory WHERE Field = 'Status' AND CreatedDate >= 2026-11-21T00:00:00Z ORDER BY CreatedDate, Id"),
                soql.get(1));
        assertTrue(soql.get(2).endsWith(" FROM Opportunity WHERE SystemModstamp >= 2026-11-21T00:00:00Z ORDER BY CreatedDate, Id"), soql.get(2));
    }

    @Test
    void aSingleCurrencyOrgIsNotAskedForCurrencyIsoCode() {
        answerTheOrg();
        salesforce.answer(DESCRIBE, Answer.json(200, CrmFake.resource("salesforce-api/opportunity-describe.json")
                .replace("CurrencyIsoCode", "Fiscal")));

        history().read("Opportunity|", null);

        assertFalse(soql().get(0).contains("CurrencyIsoCode"), soql().get(0));
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndTheReadGoesOn() {
        answerTheOrg();
        salesforce.answer(QUERY, Answer.json(401, CrmFake.resource("salesforce-api/invalid-session.json")),
                Answer.file("salesforce-api/lead-page-1.json"));

        HistoryPage page = history().read(null, null);

        assertEquals(4, page.records());
        assertEquals(2, salesforce.requests(TOKEN).size());
        assertEquals(4, page.apiCalls(), "token, the refused query, a new token, the query again");
    }

    @Test
    void refusedClientCredentialsAreAConfigurationErrorNamingTheSetting() {
        salesforce.answer(TOKEN, Answer.json(400, CrmFake.resource("salesforce-api/token-invalid-client.json")));

        ConfigException refused = assertThrows(ConfigException.class, () -> history().read(null, null));

        assertTrue(refused.getMessage().startsWith(SalesforceHistory.CLIENT_ID + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains("invalid client credentials"), refused.getMessage());
        assertTrue(refused.getMessage().contains(SalesforceHistory.CLIENT_SECRET), refused.getMessage());
    }

    @Test
    void anotherOrgsCredentialsAreRefusedByTheWebhooksAllowList() {
        salesforce.answer(TOKEN, Answer.json(200, CrmFake.resource("salesforce-api/token.json")
                .replace("00D5g000004XyZaEAK", "00D7Q000002KdWxUAK")));

        ConfigException foreign = assertThrows(ConfigException.class, () -> history().read(null, null));

        assertTrue(foreign.getMessage().startsWith(SalesforceHistory.CLIENT_ID + ": its token is for org 00D7Q000002KdWx, which is not "
                + "in LEADLOOP_CONFIG.salesforce.organization_ids"), foreign.getMessage());
        assertEquals(List.of(), salesforce.requests(QUERY), "nothing of the other org is read");
    }

    @Test
    void halfTheCredentialsOrNoInstanceNameWhatIsMissing() {
        Config none = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS);
        assertTrue(SalesforceHistory.fromConfig(none, new PlainCrmHttp()).isEmpty());

        ConfigException noSecret = assertThrows(ConfigException.class, () -> SalesforceHistory.fromConfig(
                none.with(Map.of(SalesforceHistory.CLIENT_ID, CLIENT_ID)), new PlainCrmHttp()));
        assertTrue(noSecret.getMessage().startsWith(SalesforceHistory.CLIENT_SECRET + ": is not set"), noSecret.getMessage());

        ConfigException noInstance = assertThrows(ConfigException.class, () -> SalesforceHistory.fromConfig(
                none.with(Map.of(SalesforceHistory.CLIENT_ID, CLIENT_ID, SalesforceHistory.CLIENT_SECRET, CLIENT_SECRET)), new PlainCrmHttp()));
        assertTrue(noInstance.getMessage().startsWith(SalesforceHistory.INSTANCE_URL + ": is not set"), noInstance.getMessage());
    }

    @Test
    void readingTheSameHistoryAgainYieldsTheSameEventIds() {
        answerTheOrg();

        List<String> first = Histories.ids(Histories.readAll(history(), null));
        List<String> second = Histories.ids(Histories.readAll(history(), null));

        assertEquals(first, second);
        assertEquals(first.size(), Set.copyOf(first).size(), "every fact has its own id");
    }

    @Test
    void theHistoryAloneGivesTheWeeksFunnel() {
        answerTheOrg();

        apply(Histories.events(Histories.readAll(history(), null)));

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void historyAndOutboundMessagesOverlappingCountAsEitherAlone() throws Exception {
        answerTheOrg();
        List<FunnelEvent> history = Histories.events(Histories.readAll(history(), null));
        WebhookHandler webhooks = SalesforceWebhookHandlerTest.handler(config);

        SalesforceWebhookHandlerTest.assertAcknowledged(webhooks.handleRequest(Fixtures.httpEvent(SalesforceWebhookHandlerTest.LEAD_MESSAGE), null));
        apply(history);
        SalesforceWebhookHandlerTest.assertAcknowledged(
                webhooks.handleRequest(Fixtures.httpEvent(SalesforceWebhookHandlerTest.OPPORTUNITY_MESSAGE), null));

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
        assertTrue(apply(history).stream().allMatch(Applied.DUPLICATE::equals), "a second backfill applies nothing");
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    private List<Applied> apply(List<FunnelEvent> events) {
        return Histories.apply(config, events, "backfill:salesforce");
    }
}
