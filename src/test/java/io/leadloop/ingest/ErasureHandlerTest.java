package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.GenericWebhookHandlerTest;
import io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure through the real webhook handler into DynamoDB Local: after a {@code lead.erased} (or HubSpot's privacy
 * deletion) nothing in the table names the person, whatever attribute or gzipped delivery body it would hide in, the
 * period's counters are what they were, and a late webhook about the person is answered 200 and stores nothing.
 */
@EndToEnd
class ErasureHandlerTest {

    private static final Period WEEK_47 = Period.parse("2026-W47");

    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid"));
    private final WebhookHandler generic = new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));

    @Test
    void anErasedLeadLeavesOnlyAnonymousCountersAndATombstone() throws Exception {
        deliver("msg-7001", event("e1", "lead.created", "2026-11-17T09:00:00Z", "lead_id", "L-7001", "source", "webinar",
                "campaign", "q4-ai-webinar", "owner", "ana.garcia",
                "attributes", Map.of("email", "maria.lopez@example.com", "company", "López Consulting")),
                event("e2", "lead.stage_reached", "2026-11-17T10:00:00Z", "lead_id", "L-7001", "stage", "mql"));
        deliver("msg-7002", event("e3", "deal.created", "2026-11-18T09:00:00Z", "deal_id", "D-7001", "lead_id", "L-7001",
                "amount", 12000, "currency", "EUR", "owner", "ana.garcia"),
                event("e4", "deal.won", "2026-11-20T15:00:00Z", "deal_id", "D-7001", "amount", 12000, "currency", "EUR"));
        deliver("msg-7003", event("e5", "lead.created", "2026-11-18T11:00:00Z", "lead_id", "L-7002", "source", "webinar",
                "attributes", Map.of("email", "jon.ibarra@example.com")),
                event("e6", "lead.stage_reached", "2026-11-18T12:00:00Z", "lead_id", "L-7002", "stage", "mql"));
        StageCounts before = Fixtures.countsOf(config, WEEK_47);
        assertEquals(1, before.customers());
        assertEquals(1, named("FOLLOW_UP").size(), "L-7002 waits for a follow-up");
        assertFalse(named("maria.lopez@example.com").isEmpty(), "the lead and its deliveries hold the address");

        Map<?, ?> receipt = deliver("msg-7004", event("e7", "lead.erased", "2026-11-24T10:00:00Z", "lead_id", "L-7001"),
                event("e8", "lead.erased", "2026-11-24T10:00:00Z", "lead_id", "L-7002"));

        assertEquals(2, number(receipt, "applied"));
        assertEquals(before, Fixtures.countsOf(config, WEEK_47), "the counters of the period are unchanged");
        for (String personal : List.of("L-7001", "L-7002", "maria.lopez@example.com", "López", "jon.ibarra@example.com")) {
            assertEquals(List.of(), named(personal), personal + " is nowhere in the table");
        }
        assertEquals(List.of(), named("FOLLOW_UP"), "the follow-up entry is gone");
        assertEquals(2, named("ERASED#").size(), "one tombstone per erased lead");
        assertFalse(named("DEAL#D-7001").isEmpty(), "the deal stays, with its amount, for the counters");
    }

    @Test
    void aLateWebhookForAnErasedLeadIsAcceptedAndStoresNothing() throws Exception {
        deliver("msg-7101", event("e1", "lead.created", "2026-11-17T09:00:00Z", "lead_id", "L-7101",
                "attributes", Map.of("email", "ane.etxeberria@example.com")));
        deliver("msg-7102", event("e2", "lead.erased", "2026-11-24T10:00:00Z", "lead_id", "L-7101"));
        StageCounts erased = Fixtures.countsOf(config, WEEK_47);

        Map<?, ?> late = deliver("msg-7103", event("e3", "lead.stage_reached", "2026-11-19T10:00:00Z", "lead_id", "L-7101", "stage", "sql"),
                event("e4", "deal.created", "2026-11-19T11:00:00Z", "deal_id", "D-7101", "lead_id", "L-7101", "amount", 900),
                event("e5", "lead.created", "2026-11-19T12:00:00Z", "lead_id", "L-7102"));
        Map<?, ?> again = deliver("msg-7101", event("e1", "lead.created", "2026-11-17T09:00:00Z", "lead_id", "L-7101",
                "attributes", Map.of("email", "ane.etxeberria@example.com")));

        assertEquals(1, number(late, "applied"), "only the other lead's creation");
        assertEquals(0, number(again, "applied"));
        assertEquals(erased.leads() + 1, Fixtures.countsOf(config, WEEK_47).leads());
        assertEquals(erased.sqls(), Fixtures.countsOf(config, WEEK_47).sqls());
        assertEquals(List.of(), named("L-7101"));
        assertEquals(List.of(), named("ane.etxeberria@example.com"));
    }

    @Test
    void aHubSpotPrivacyDeletionErasesTheContact() throws Exception {
        Config hubspotConfig = HubSpotWebhookHandlerTest.config(Map.of());
        WebhookHandler hubspot = HubSpotWebhookHandlerTest.handler(hubspotConfig, Fixtures.clockAt(Fixtures.SIGNED_AT));
        assertEquals(200, hubspot.handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null).getStatusCode());
        StageCounts before = Fixtures.countsOf(hubspotConfig, WEEK_47);
        String contact = "hubspot:" + HubSpotWebhookHandlerTest.PORTAL + ":contact:501";
        assertFalse(named(hubspotConfig, contact).isEmpty(), "contact 501 was created, qualified and won");
        assertFalse(named(hubspotConfig, "\"objectId\":501,").isEmpty(), "the stored sample names it");

        // A GDPR delete in HubSpot sends both notifications.
        APIGatewayV2HTTPResponse response = hubspot.handleRequest(HubSpotWebhookHandlerTest.signed("""
                [{"eventId":3001,"subscriptionId":2510020,"portalId":24681357,"appId":1234567,"occurredAt":1795420740000,\
                "subscriptionType":"contact.privacyDeletion","attemptNumber":0,"objectId":501,"changeSource":"GDPR_DELETE"},\
                {"eventId":3002,"subscriptionId":2510011,"portalId":24681357,"appId":1234567,"occurredAt":1795420740000,\
                "subscriptionType":"contact.deletion","attemptNumber":0,"objectId":501,"changeFlag":"DELETED",\
                "changeSource":"GDPR_DELETE"}]"""), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(before, Fixtures.countsOf(hubspotConfig, WEEK_47));
        assertEquals(List.of(), named(hubspotConfig, contact));
        assertEquals(List.of(), named(hubspotConfig, "\"objectId\":501,"), "no stored delivery mentions the contact");

        APIGatewayV2HTTPResponse late = hubspot.handleRequest(HubSpotWebhookHandlerTest.signed("""
                [{"eventId":3003,"subscriptionId":2510004,"portalId":24681357,"appId":1234567,"occurredAt":1795420750000,\
                "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":501,\
                "propertyName":"lifecyclestage","propertyValue":"salesqualifiedlead","changeSource":"CRM_UI"}]"""), null);

        assertEquals(200, late.getStatusCode(), late.getBody());
        assertEquals(0, number((Map<?, ?>) Json.parse(late.getBody()), "applied"));
        assertEquals(List.of(), named(hubspotConfig, contact));
        assertEquals(before, Fixtures.countsOf(hubspotConfig, WEEK_47));
    }

    private static Map<String, Object> event(String id, String type, String occurredAt, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>(Map.of("id", id, "type", type, "occurred_at", occurredAt));
        for (int i = 0; i < fields.length; i += 2) event.put((String) fields[i], fields[i + 1]);
        return event;
    }

    @SafeVarargs
    private Map<?, ?> deliver(String webhookId, Map<String, Object>... events) throws IOException {
        APIGatewayV2HTTPEvent request = GenericWebhookHandlerTest.signedAs(webhookId, Json.compact(Map.of("events", List.of(events))));
        APIGatewayV2HTTPResponse response = generic.handleRequest(request, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return (Map<?, ?>) Json.parse(response.getBody());
    }

    private static int number(Map<?, ?> receipt, String name) {
        return ((Number) receipt.get(name)).intValue();
    }

    private List<String> named(String text) {
        return named(config, text);
    }

    /** The keys of the items in which {@code text} appears: in a key, any attribute, or a gunzipped delivery body. */
    private static List<String> named(Config config, String text) {
        List<String> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : Engines.dynamo().scanPaginator(r -> r.tableName(config.required(StoreSettings.TABLE, "t"))).items()) {
            if (render(AttributeValue.fromM(item)).contains(text)) found.add(item.get("PK").s() + " " + item.get("SK").s());
        }
        return found;
    }

    private static String render(AttributeValue value) {
        if (value.s() != null) return value.s();
        if (value.n() != null) return value.n();
        if (value.b() != null) return gunzip(value.b().asByteArray());
        if (value.hasM()) return value.m().entrySet().stream().map(e -> e.getKey() + "=" + render(e.getValue())).collect(Collectors.joining(" "));
        if (value.hasL()) return value.l().stream().map(ErasureHandlerTest::render).collect(Collectors.joining(" "));
        return String.valueOf(value);
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
