package io.leadloop.ingest.pipedrive;

import static io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest.SAMPLE_SETTINGS;
import static io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest.TEST_PASSWORD;
import static io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest.TEST_USER;
import static io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest.basic;
import static io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest.meta;
import static io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest.weekBodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The adapter alone: what each kind of Pipedrive webhook becomes, and how its configuration fails. */
@Unit
class PipedriveAdapterTest {

    private static final String WARM_LEAD_LABEL = "6";

    private final CrmAdapter adapter = adapterFor(SAMPLE_SETTINGS);

    @Test
    void aCreatedPersonCarriesItsOwnerSourceCampaignAndAttributes() throws Exception {
        List<FunnelEvent> events = read(weekBodies().get(0)).events();

        assertEquals(List.of(new LeadCreated("pipedrive:13052897:dc4470bf-35d4-4b05-91ce-121d7f4da013:created",
                Instant.parse("2026-11-16T08:12:00Z"), "pipedrive:13052897:person:501",
                new LeadProfile("webinar", "q4-ai-webinar", null, "ana.garcia", Map.of("industry", "software")))), events);
    }

    @Test
    void aMappedLabelMovesThePersonAlongTheFunnel() throws Exception {
        List<FunnelEvent> events = read(weekBodies().get(2)).events();

        assertEquals(List.of(new LeadStageReached("pipedrive:13052897:b5cbe3d5-df5c-41ce-b20e-0d79d11d5393:label:" + WARM_LEAD_LABEL,
                Instant.parse("2026-11-16T15:30:00Z"), "pipedrive:13052897:person:501", Stage.MQL)), events);
    }

    @Test
    void aLeadWithoutAPersonIsALeadOfItsOwnWithItsSource() throws Exception {
        LeadCreated created = (LeadCreated) read(weekBodies().get(11)).events().get(0);

        assertEquals("pipedrive:13052897:lead:8f1e2d3c-4b5a-4697-8a8b-1c2d3e4f5a61", created.leadId());
        assertEquals("Prospector", created.profile().source());
        assertEquals("chloe.martin", created.profile().owner());
    }

    @Test
    void aLeadAboutAPersonIsThatPersonsLead() throws Exception {
        List<FunnelEvent> events = read(weekBodies().get(8)).events();

        assertEquals("pipedrive:13052897:person:504", ((LeadCreated) events.get(0)).leadId());
        assertEquals("Web forms", ((LeadCreated) events.get(0)).profile().source());
        assertEquals(Stage.MQL, ((LeadStageReached) events.get(1)).stage());
    }

    /** Lucía (person 501, created by ana.garcia) handed to ben.okafor: her whole profile as of the change. */
    @Test
    void aPersonsOwnerChangeDescribesThePersonAsOfTheChange() throws Exception {
        Map<String, Object> change = personChange(weekBodies().get(0), "2026-11-19T09:45:00.000Z",
                Map.of("owner_id", 23160412), Map.of("owner_id", 23160411));

        List<FunnelEvent> events = read(change).events();

        assertEquals(List.of(new LeadCreated("pipedrive:13052897:" + meta(change).get("id") + ":profile",
                Instant.parse("2026-11-19T09:45:00Z"), "pipedrive:13052897:person:501",
                new LeadProfile("webinar", "q4-ai-webinar", null, "ben.okafor", Map.of("industry", "software")))), events);
    }

    /** Webhooks v2 send custom fields as typed objects; a changed mapped one lists its old value in previous. */
    @Test
    void aMappedCustomFieldChangeReadsWebhooksV2TypedValues() throws Exception {
        Map<String, Object> customFields = Map.of(
                SOURCE_FIELD, Map.of("type", "varchar", "value", "partner-referral"),
                CAMPAIGN_FIELD, Map.of("type", "enum", "id", 37),
                INDUSTRY_FIELD, Map.of("type", "set", "values", List.of(Map.of("id", 41), Map.of("id", 42))));
        Map<String, Object> change = personChange(weekBodies().get(0), "2026-11-19T09:45:00.000Z",
                Map.of("custom_fields", customFields),
                Map.of("custom_fields", Map.of(SOURCE_FIELD, Map.of("type", "varchar", "value", "webinar"))));

        LeadCreated described = (LeadCreated) read(change).events().get(0);

        assertEquals(new LeadProfile("partner-referral", "37", null, "ana.garcia", Map.of("industry", "41,42")), described.profile());
    }

    @Test
    void aChangeOfAnUnmappedCustomFieldOnlyIsUnmapped() throws Exception {
        Map<String, Object> change = personChange(weekBodies().get(0), "2026-11-19T09:45:00.000Z", Map.of(),
                Map.of("custom_fields", Map.of("0fd1e3b4c5a6978877665544332211aabbccddee", Map.of("type", "varchar", "value", "x"))));

        Batch batch = read(change);

        assertTrue(batch.events().isEmpty(), batch.events().toString());
        assertTrue(batch.unmapped().get(0).reason().contains("neither owner_id nor a custom field in pipedrive.profile_fields"),
                batch.unmapped().toString());
    }

    @Test
    void aStageMoveIsReportedByTheStagesName() throws Exception {
        List<FunnelEvent> events = read(weekBodies().get(12)).events();

        assertEquals(1, events.size(), events.toString());
        assertEquals("Demo scheduled", ((DealStageChanged) events.get(0)).stage());
        assertEquals("pipedrive:13052897:person:501", ((DealStageChanged) events.get(0)).leadId());
    }

    @Test
    void aWonDealIsWonAtItsWonTimeWithItsFinalValue() throws Exception {
        DealWon won = (DealWon) read(weekBodies().get(16)).events().get(0);

        assertEquals(Instant.parse("2026-11-20T15:20:00Z"), won.occurredAt());
        assertEquals(new Money(new BigDecimal("18500"), "EUR"), won.amount());
        assertEquals("pipedrive:13052897:deal:301", won.dealId());
        assertEquals("ana.garcia", won.owner());
    }

    @Test
    void aLostDealKeepsItsReason() throws Exception {
        DealLost lost = (DealLost) read(weekBodies().get(18)).events().get(0);

        assertEquals("Chose a competitor", lost.reason());
        assertEquals("ben.okafor", lost.owner());
    }

    @Test
    void anActivityCountsWhenMarkedDoneKeyedByTheActivity() throws Exception {
        Batch planned = read(weekBodies().get(9));
        Batch done = read(weekBodies().get(13));

        assertEquals(List.of(), planned.events());
        assertTrue(planned.unmapped().get(0).reason().contains("planned"), planned.unmapped().toString());
        assertEquals(List.of(new ActivityLogged("pipedrive:13052897:activity:902:done", Instant.parse("2026-11-19T15:00:00Z"),
                "ben.okafor", "meeting", "pipedrive:13052897:person:502")), done.events());
    }

    @Test
    void aDeletionIsUnmappedWithItsReason() throws Exception {
        Batch deleted = read(weekBodies().get(20));

        assertEquals(List.of(), deleted.events());
        assertEquals(List.of(new Batch.Unmapped("pipedrive:13052897:769f073b-6ba0-47b7-a2c1-143fc3e3068d",
                "delete.deal 288: deletions are not part of the funnel")), deleted.unmapped());
    }

    @Test
    void aDeletedPersonIsErased() throws Exception {
        // Webhooks v2 send a deletion with data null and the deleted person, as it was, in previous.
        Map<String, Object> created = weekBodies().get(0);
        Map<String, Object> body = new HashMap<>(Map.of("meta", new HashMap<>(meta(created)), "previous", created.get("data")));
        body.put("data", null);
        meta(body).putAll(Map.of("action", "delete", "id", "0b9d2a61-3c4e-4f8a-9d17-5e2f6c8a1b40",
                "timestamp", "2026-11-24T10:00:00.000Z", "change_source", "app"));

        Batch deleted = read(body);

        assertEquals(List.of(new LeadErased("pipedrive:13052897:0b9d2a61-3c4e-4f8a-9d17-5e2f6c8a1b40:erased",
                Instant.parse("2026-11-24T10:00:00Z"), "pipedrive:13052897:person:501")), deleted.events());
        assertEquals(List.of(), deleted.unmapped());
    }

    @Test
    void anUnknownEntityIsUnmappedNotRefused() throws Exception {
        Map<String, Object> body = weekBodies().get(0);
        meta(body).put("entity", "organization");

        Batch batch = read(body);

        assertEquals(List.of(), batch.events());
        assertTrue(batch.unmapped().get(0).reason().contains("organization events are not part of the funnel"));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"1794816720, number", "1794816720000, number", "1794816720, text", "2026-11-16T08:12:00.000Z, text",
            "2026-11-16T09:12:00+01:00, text"})
    void metaTimestampsAreReadAsEpochSecondsMillisecondsOrIsoText(String timestamp, String form) throws Exception {
        Map<String, Object> body = weekBodies().get(0);
        meta(body).put("timestamp", form.equals("number") ? Long.valueOf(timestamp) : timestamp);
        ((Map<?, ?>) body.get("data")).remove("add_time");

        assertEquals(Instant.parse("2026-11-16T08:12:00Z"), read(body).events().get(0).occurredAt());
    }

    @Test
    void aTimestampThatIsNoTimeIsRefused() throws Exception {
        Map<String, Object> body = weekBodies().get(0);
        meta(body).put("timestamp", "last Monday");

        WebhookRejected rejected = assertThrows(WebhookRejected.class, () -> read(body));

        assertEquals(400, rejected.problem().status());
        assertTrue(rejected.problem().detail().contains("/meta/timestamp"), rejected.problem().detail());
    }

    @Test
    void theDeliveryIdIsStableForTheSameBody() throws Exception {
        assertEquals(read(weekBodies().get(16)).deliveryId(), read(weekBodies().get(16)).deliveryId());
    }

    @Test
    void withoutPipedriveSettingsThereIsNoRoute() {
        assertTrue(PipedriveAdapter.fromConfig(config(Map.of()), Clock.systemUTC()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a typo in the section    | {\"pipedrive\": {\"stage_funel\": {\"1\": \"sql\"}}}                | LEADLOOP_CONFIG.pipedrive.stage_funel",
            "a stage name for its id  | {\"pipedrive\": {\"stage_funnel\": {\"Qualified\": \"sql\"}}}      | LEADLOOP_CONFIG.pipedrive.stage_funnel.Qualified",
            "an unknown funnel stage  | {\"pipedrive\": {\"lead_labels\": {\"5\": \"hot\"}}}               | LEADLOOP_CONFIG.pipedrive.lead_labels.5",
            "a typo in profile_fields | {\"pipedrive\": {\"profile_fields\": {\"sorce\": \"x\"}}}           | LEADLOOP_CONFIG.pipedrive.profile_fields.sorce",
            "a field name for its key | {\"pipedrive\": {\"attribute_fields\": {\"Industry\": \"industry\"}}} | LEADLOOP_CONFIG.pipedrive.attribute_fields.Industry",
            "a company name           | {\"pipedrive\": {\"company_ids\": [\"northwind\"]}}                 | LEADLOOP_CONFIG.pipedrive.company_ids[0]"})
    void configurationMistakesNameTheirKey(String mistake, String document, String key) {
        Map<String, String> settings = new HashMap<>(SAMPLE_SETTINGS);
        settings.put(Section.DOCUMENT, document);

        ConfigException error = assertThrows(ConfigException.class, () -> adapterFor(settings));

        assertTrue(error.getMessage().startsWith(key + ": "), error.getMessage());
    }

    @Test
    void aUserWithoutPasswordNamesThePassword() {
        ConfigException error = assertThrows(ConfigException.class, () -> adapterFor(Map.of(PipedriveAdapter.USER, TEST_USER)));

        assertTrue(error.getMessage().startsWith(PipedriveAdapter.PASSWORD + ": is not set"), error.getMessage());
    }

    @Test
    void aShortPasswordIsRefused() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> adapterFor(Map.of(PipedriveAdapter.USER, TEST_USER, PipedriveAdapter.PASSWORD, "s3cr3t-pw")));

        assertTrue(error.getMessage().startsWith(PipedriveAdapter.PASSWORD + ": is shorter than 16"), error.getMessage());
        assertFalse(error.getMessage().contains("s3cr3t"), "the password is not echoed");
    }

    private static final String SOURCE_FIELD = "a222d8059d3bd7c10d53e3c58b7050ec35b9cb88";
    private static final String CAMPAIGN_FIELD = "7484c46d1ca3763f815c748342987fe36c0951f4";
    private static final String INDUSTRY_FIELD = "52ee800bef628d94e0976056012d8f1dc58e995c";

    /**
     * A v2 {@code change} of the person {@code created} made: {@code data} is the person with {@code changes} applied
     * (custom fields merged by key), {@code previous} the changed fields' old values, a new {@code meta.id}.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> personChange(Map<String, Object> created, String timestamp, Map<String, Object> changes,
                                            Map<String, Object> previous) {
        Map<String, Object> meta = new HashMap<>((Map<String, Object>) created.get("meta"));
        meta.put("action", "change");
        meta.put("timestamp", timestamp);
        meta.put("id", java.util.UUID.nameUUIDFromBytes((timestamp + changes + previous).getBytes(StandardCharsets.UTF_8)).toString());
        Map<String, Object> data = new HashMap<>((Map<String, Object>) created.get("data"));
        changes.forEach((field, value) -> {
            if (field.equals("custom_fields")) {
                Map<String, Object> custom = new HashMap<>((Map<String, Object>) data.get("custom_fields"));
                custom.putAll((Map<String, Object>) value);
                data.put(field, custom);
            } else {
                data.put(field, value);
            }
        });
        data.put("update_time", timestamp);
        Map<String, Object> old = new HashMap<>(previous);
        old.put("update_time", data.get("add_time"));
        return Map.of("meta", meta, "data", data, "previous", old);
    }

    private Batch read(Map<String, Object> body) throws WebhookRejected {
        return adapter.read(new WebhookRequest("POST", "abc123.execute-api.eu-west-1.amazonaws.com", "/webhooks/pipedrive", "",
                Map.of("Authorization", basic(TEST_USER, TEST_PASSWORD), "Content-Type", "application/json"),
                Json.compact(body).getBytes(StandardCharsets.UTF_8)));
    }

    private static CrmAdapter adapterFor(Map<String, String> settings) {
        return PipedriveAdapter.fromConfig(config(settings), Clock.systemUTC()).orElseThrow();
    }

    private static Config config(Map<String, String> values) {
        return new Config(values, name -> {
            throw new IllegalStateException("tests do not read SSM: " + name);
        });
    }
}
