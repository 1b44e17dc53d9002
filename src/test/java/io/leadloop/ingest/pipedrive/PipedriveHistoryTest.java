package io.leadloop.ingest.pipedrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
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
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.testing.Contract;
import io.leadloop.testing.CrmFake;
import io.leadloop.testing.CrmFake.Answer;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Histories;
import io.leadloop.testing.PlainCrmHttp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipedrive's history through API v2, against a local server answering as developers.pipedrive.com documents. */
@Contract
class PipedriveHistoryTest {

    static final String TOKEN = "0f3c9a7be4d21c8856f0a9b3e7d14c2a6b8e5f01";
    private static final String PERSONS = "/api/v2/persons";
    private static final String LEADS = "/api/v1/leads";
    private static final String DEALS = "/api/v2/deals";
    private static final String ME = "/api/v1/users/me";
    private static final String USERS = "/api/v1/users";
    private static final String COMPANY = PipedriveWebhookHandlerTest.COMPANY;
    private static final Period WEEK_47 = Period.parse("2026-W47");
    /*
     * The same week as PipedriveWebhookHandlerTest, read as the records stand on Monday: persons 501-504, the Leads
     * inbox leads of Jonas and of Helvetia (no person) and deals 301-303: 5 leads; MQL and SQL 4 (Lucía by her Warm lead
     * label and her deal, Marcus and Jonas by their deals, Helvetia by her Hot label), as the webhooks count them.
     */
    static final StageCounts WEBHOOK_COUNTS = new StageCounts(5, 4, 4, 3, 1, 1, 1, new BigDecimal("18500"));

    private final CrmFake pipedrive = new CrmFake();
    private final Config config = Engines.freshConfig(settings(Map.of()));

    @AfterEach
    void stop() {
        pipedrive.close();
    }

    private Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(PipedriveWebhookHandlerTest.SAMPLE_SETTINGS);
        settings.put(PipedriveHistory.API_TOKEN, TOKEN);
        settings.put(PipedriveHistory.API_URL, pipedrive.url().toString());
        settings.putAll(overrides);
        return settings;
    }

    private void answerTheAccount() {
        answerTheSampleAccount(pipedrive);
    }

    /** The sample account's records, as its API answers them (the backfill function's test reads them too). */
    static void answerTheSampleAccount(CrmFake pipedrive) {
        pipedrive.answer(ME, Answer.file("pipedrive-api/users-me.json"))
                .answer(PERSONS, Answer.file("pipedrive-api/persons-page-1.json"), Answer.file("pipedrive-api/persons-page-2.json"))
                .answer(LEADS, Answer.file("pipedrive-api/leads-page-1.json"))
                .answer(DEALS, Answer.file("pipedrive-api/deals-page-1.json"), Answer.file("pipedrive-api/deals-page-2.json"));
    }

    private HistorySource history() {
        return PipedriveHistory.fromConfig(config, new PlainCrmHttp()).orElseThrow();
    }

    @Test
    void readsPersonsThenLeadsThenDealsPageByPageToTheEnd() {
        answerTheAccount();

        List<HistoryPage> pages = Histories.readAll(history(), null);

        assertEquals(List.of(2, 2, 2, 2, 1), pages.stream().map(HistoryPage::records).toList());
        // The account is asked for once (its company id keys every lead and deal); then one call a page.
        assertEquals(List.of(2, 1, 1, 1, 1), pages.stream().map(HistoryPage::apiCalls).toList());
        assertEquals(List.of(Map.of("limit", "500", "start", "0", "sort", "add_time ASC", "archived_status", "all")),
                pipedrive.requests(LEADS).stream().map(CrmFake.Request::query).toList());
        List<CrmFake.Request> persons = pipedrive.requests(PERSONS);
        assertEquals(Map.of("limit", "500", "sort_by", "update_time", "sort_direction", "asc"), persons.get(0).query());
        assertEquals("eyJmaWVsZCI6InVwZGF0ZV90aW1lIiwiaWQiOjUwMSwidmFsdWUiOiIyMDI2LTExLTE2VDE1OjMwOjAwWiJ9",
                persons.get(1).query().get("cursor"));
        assertEquals("eyJmaWVsZCI6InVwZGF0ZV90aW1lIiwiaWQiOjMwMiwidmFsdWUiOiIyMDI2LTExLTIxVDA5OjAwOjAwWiJ9",
                pipedrive.requests(DEALS).get(1).query().get("cursor"));
        assertTrue(pipedrive.requests().stream().allMatch(request -> TOKEN.equals(request.header("x-api-token"))));
        assertEquals(2, pipedrive.requests(DEALS).size());
    }

    @Test
    void theCompanysUsersAreNamedByIdAsTheEventsCarryThemInOneCall() {
        pipedrive.answer(USERS, Answer.file("pipedrive-api/users.json"));
        Config unnamed = config.with(Map.of(Section.DOCUMENT, "{\"pipedrive\": {}}"));

        Owners owners = PipedriveHistory.fromConfig(unnamed, new PlainCrmHttp()).orElseThrow().owners();

        assertEquals(Map.of("23160411", "Ana García", "23160412", "Ben Okafor", "23160413", "Chloé Martin", "23160414", "Diego Navarro"),
                owners.names(), "the deactivated Diego too: the deals of his time are still his");
        assertEquals(1, owners.apiCalls());
        assertTrue(TOKEN.equals(pipedrive.requests(USERS).get(0).header("x-api-token")));
    }

    @Test
    void aUserThePipedriveSettingNamesKeepsThatNameAsTheirEventsDo() {
        pipedrive.answer(USERS, Answer.file("pipedrive-api/users.json"));

        Owners owners = history().owners();

        assertEquals(Map.of("23160411", "ana.garcia", "23160412", "ben.okafor", "23160413", "chloe.martin", "23160414", "Diego Navarro"),
                owners.names(), "pipedrive.users names the first three; older events carrying their ids read the same");
    }

        @Test
    void aWonDealIsCreatedValuedStagedAndWonAtItsOwnTimes() throws Exception {
        PipedriveHistory history = (PipedriveHistory) history();
        PipedriveObject deal = record("pipedrive-api/deals-page-1.json", 0);

        String key = "pipedrive:13052897:history:deal:301";
        String dealId = "pipedrive:13052897:deal:301";
        String lead = "pipedrive:13052897:person:501";
        Money value = new Money(new BigDecimal("18500"), "EUR");
        assertEquals(List.of(
                new DealCreated(key + ":created", Instant.parse("2026-11-18T08:30:00Z"), dealId, lead, Money.UNKNOWN, null),
                new DealUpdated(key + ":values:2026-11-20T15:20:00Z", Instant.parse("2026-11-20T15:20:00Z"), dealId, lead, value, "ana.garcia"),
                new DealStageChanged(key + ":stage:3:2026-11-19T13:00:00Z", Instant.parse("2026-11-19T13:00:00Z"), dealId, lead,
                        "Demo scheduled"),
                new DealWon(key + ":won:2026-11-20T15:20:00Z", Instant.parse("2026-11-20T15:20:00Z"), dealId, lead, value, "ana.garcia")),
                history.deal(COMPANY, deal));
    }

    @Test
    void aPersonIsCreatedDescribedAndLabelledAsTheWebhooksWouldHave() throws Exception {
        PipedriveHistory history = (PipedriveHistory) history();
        PipedriveObject lucia = record("pipedrive-api/persons-page-1.json", 1);

        String key = "pipedrive:13052897:history:person:501";
        String lead = "pipedrive:13052897:person:501";
        Instant labelled = Instant.parse("2026-11-16T15:30:00Z");
        assertEquals(List.of(
                new LeadCreated(key + ":created", Instant.parse("2026-11-16T08:12:00Z"), lead, LeadProfile.EMPTY),
                new LeadCreated(key + ":profile:2026-11-16T15:30:00Z", labelled, lead,
                        new LeadProfile("webinar", "q4-ai-webinar", null, "ana.garcia", Map.of("industry", "software"))),
                new LeadStageReached(key + ":label:6", labelled, lead, Stage.MQL)),
                history.person(COMPANY, lucia));
    }

    @Test
    void aLeadWithoutAPersonStandsAloneAndOneAboutAPersonIsThatPersonsLead() throws Exception {
        PipedriveHistory history = (PipedriveHistory) history();

        assertEquals(inboxLeadFacts("8f1e2d3c-4b5a-4697-8a8b-1c2d3e4f5a61", "pipedrive:13052897:lead:8f1e2d3c-4b5a-4697-8a8b-1c2d3e4f5a61",
                        Instant.parse("2026-11-19T11:30:00Z"), new LeadProfile("Prospector", null, null, "chloe.martin", Map.of()),
                        "5a3c8f2e-1b7d-4e90-a6c2-9d4f1e8b7a22", Stage.SQL),
                history.inboxLead(COMPANY, record("pipedrive-api/leads-page-1.json", 1)), "Helvetia's lead has no person");
        assertEquals(inboxLeadFacts("8f1e2d3c-4b5a-4697-8a8b-1c2d3e4f5a60", "pipedrive:13052897:person:504",
                        Instant.parse("2026-11-18T09:00:00Z"), new LeadProfile("Web forms", null, null, "ana.garcia", Map.of()),
                        "5a3c8f2e-1b7d-4e90-a6c2-9d4f1e8b7a21", Stage.MQL),
                history.inboxLead(COMPANY, record("pipedrive-api/leads-page-1.json", 0)), "Jonas's lead is Jonas");
    }

    /** What a lead never changed since it was added states: created, described and labelled at its add_time. */
    private static List<FunnelEvent> inboxLeadFacts(String id, String leadId, Instant added, LeadProfile profile, String label, Stage stage) {
        String key = "pipedrive:13052897:history:lead:" + id;
        return List.of(new LeadCreated(key + ":created", added, leadId, LeadProfile.EMPTY),
                new LeadCreated(key + ":profile:" + added, added, leadId, profile),
                new LeadStageReached(key + ":label:" + label, added, leadId, stage));
    }

    @Test
    void aDeletedDealStatesNothing() throws Exception {
        PipedriveHistory history = (PipedriveHistory) history();
        Map<Object, Object> deleted = new HashMap<>(fixtureRecord("pipedrive-api/deals-page-2.json", 0));
        deleted.put("status", "deleted");
        deleted.put("is_deleted", true);

        assertEquals(List.of(), history.deal(COMPANY, new PipedriveObject(deleted)));
    }

    @Test
    void aReconciliationAsksOnlyForWhatChangedSince() {
        answerTheAccount();

        Histories.readAll(history(), Instant.parse("2026-11-21T00:00:00.750Z"));

        assertEquals(List.of("2026-11-21T00:00:00Z", "2026-11-21T00:00:00Z"),
                pipedrive.requests(PERSONS).stream().map(request -> request.query().get("updated_since")).toList());
        assertEquals(List.of("2026-11-21T00:00:00Z", "2026-11-21T00:00:00Z"),
                pipedrive.requests(DEALS).stream().map(request -> request.query().get("updated_since")).toList());
    }

    @Test
    void aReconciliationSkipsTheLeadsUnchangedSinceAsTheLeadsApiCannotFilterThem() {
        answerTheAccount();

        HistoryPage leads = Histories.readAll(history(), Instant.parse("2026-11-19T00:00:00Z")).get(2);

        assertEquals(null, pipedrive.requests(LEADS).get(0).query().get("updated_since"));
        assertEquals(2, leads.records());
        assertEquals(3, leads.events().size());
        assertTrue(leads.events().stream().allMatch(event -> event.id().contains(":lead:8f1e2d3c-4b5a-4697-8a8b-1c2d3e4f5a61:")),
                "only Helvetia's lead; Jonas's, unchanged since 18 November, is skipped: " + leads.events());
    }

    @Test
    void readingTheSameHistoryAgainYieldsTheSameEventIds() {
        answerTheAccount();
        List<String> first = Histories.ids(Histories.readAll(history(), null));
        pipedrive.close();
        try (CrmFake again = new CrmFake()) {
            again.answer(ME, Answer.file("pipedrive-api/users-me.json"))
                    .answer(PERSONS, Answer.file("pipedrive-api/persons-page-1.json"), Answer.file("pipedrive-api/persons-page-2.json"))
                    .answer(LEADS, Answer.file("pipedrive-api/leads-page-1.json"))
                    .answer(DEALS, Answer.file("pipedrive-api/deals-page-1.json"), Answer.file("pipedrive-api/deals-page-2.json"));
            Config rerun = config.with(Map.of(PipedriveHistory.API_URL, again.url().toString()));

            List<String> second = Histories.ids(Histories.readAll(PipedriveHistory.fromConfig(rerun, new PlainCrmHttp()).orElseThrow(), null));

            assertEquals(first, second);
            assertEquals(first.size(), Set.copyOf(first).size(), "every fact has its own id");
        }
    }

    @Test
    void aRateLimitedPageIsReadAfterRetryAfterAndCountsItsRetry() {
        try (CrmFake limited = new CrmFake()) {
            limited.answer(ME, Answer.file("pipedrive-api/users-me.json"))
                    .answer(PERSONS, Answer.json(429, CrmFake.resource("pipedrive-api/error-429.json")).withHeader("Retry-After", "1")
                                    .withHeader("x-ratelimit-remaining", "0"),
                            Answer.file("pipedrive-api/persons-page-1.json"));
            HistorySource history = PipedriveHistory.fromConfig(config.with(Map.of(PipedriveHistory.API_URL, limited.url().toString())),
                    new PlainCrmHttp()).orElseThrow();

            HistoryPage page = history.read(null, null);

            assertEquals(2, page.records());
            assertEquals(3, page.apiCalls(), "users/me, the refused call and its retry");
            assertEquals(2, limited.requests(PERSONS).size());
        }
    }

    @Test
    void aRefusedTokenIsAConfigurationErrorNamingTheSetting() {
        pipedrive.answer(ME, Answer.json(401, CrmFake.resource("pipedrive-api/error-401.json")));

        ConfigException refused = assertThrows(ConfigException.class, () -> history().read(null, null));

        assertTrue(refused.getMessage().startsWith(PipedriveHistory.API_TOKEN + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains("unauthorized access"), refused.getMessage());
    }

    @Test
    void withoutATokenThereIsNoHistoryAndWithoutAnAddressTheSettingIsNamed() {
        Map<String, String> noToken = new HashMap<>(settings(Map.of()));
        noToken.remove(PipedriveHistory.API_TOKEN);
        assertTrue(PipedriveHistory.fromConfig(new Config(noToken, name -> null), new PlainCrmHttp()).isEmpty());

        Map<String, String> noAddress = new HashMap<>(settings(Map.of()));
        noAddress.remove(PipedriveHistory.API_URL);
        ConfigException missing = assertThrows(ConfigException.class,
                () -> PipedriveHistory.fromConfig(new Config(noAddress, name -> null), new PlainCrmHttp()));
        assertTrue(missing.getMessage().startsWith(PipedriveHistory.COMPANY_DOMAIN + ": is not set"), missing.getMessage());

        ConfigException wrongDomain = assertThrows(ConfigException.class, () -> PipedriveHistory.fromConfig(
                new Config(Map.of(PipedriveHistory.API_TOKEN, TOKEN, PipedriveHistory.COMPANY_DOMAIN, "northwind.pipedrive.com"),
                        name -> null), new PlainCrmHttp()));
        assertTrue(wrongDomain.getMessage().contains("only the part before .pipedrive.com"), wrongDomain.getMessage());
    }

    @Test
    void theHistoryAloneCountsTheWeekAsTheWebhooksDo() {
        answerTheAccount();

        apply(Histories.events(Histories.readAll(history(), null)));

        assertEquals(WEBHOOK_COUNTS, Fixtures.countsOf(config, WEEK_47), "5 leads: Helvetia's, without a person, too");
    }

    @Test
    void historyAndWebhooksOverlappingCountAsTheWebhooksAlone() throws Exception {
        answerTheAccount();
        List<FunnelEvent> history = Histories.events(Histories.readAll(history(), null));
        WebhookHandler webhooks = PipedriveWebhookHandlerTest.handler(config);

        apply(history);
        for (Map<String, Object> body : PipedriveWebhookHandlerTest.weekBodies()) {
            assertEquals(200, webhooks.handleRequest(PipedriveWebhookHandlerTest.request(body), null).getStatusCode());
        }
        assertEquals(WEBHOOK_COUNTS, Fixtures.countsOf(config, WEEK_47));

        // A second backfill (or a reconciliation finding nothing changed) applies nothing.
        assertTrue(apply(history).stream().allMatch(Applied.DUPLICATE::equals));
        assertEquals(WEBHOOK_COUNTS, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void aBackfillAfterTheWebhooksChangesNoCount() throws Exception {
        answerTheAccount();
        WebhookHandler webhooks = PipedriveWebhookHandlerTest.handler(config);
        for (Map<String, Object> body : PipedriveWebhookHandlerTest.weekBodies()) {
            assertEquals(200, webhooks.handleRequest(PipedriveWebhookHandlerTest.request(body), null).getStatusCode());
        }

        apply(Histories.events(Histories.readAll(history(), null)));

        assertEquals(WEBHOOK_COUNTS, Fixtures.countsOf(config, WEEK_47));
    }

    private List<Applied> apply(List<FunnelEvent> events) {
        return Histories.apply(config, events, "backfill:pipedrive");
    }

    private static PipedriveObject record(String page, int index) throws Exception {
        return new PipedriveObject(fixtureRecord(page, index));
    }

    private static Map<?, ?> fixtureRecord(String page, int index) throws Exception {
        return (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(CrmFake.resource(page))).get("data")).get(index);
    }
}
