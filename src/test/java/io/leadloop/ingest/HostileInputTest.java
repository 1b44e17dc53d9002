package io.leadloop.ingest;

import static io.leadloop.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.GenericWebhookHandlerTest;
import io.leadloop.ingest.generic.StandardWebhooks;
import io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest;
import io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest;
import io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.StoreLimits;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Input a sender should never send but some will: values beyond what DynamoDB can store, bodies too large for one
 * item, bytes that are not UTF-8, a reused webhook-id. Each gets a 4xx that says what to fix (a 503 would be retried
 * for days and never succeed), and nothing of the delivery is stored or applied.
 */
@EndToEnd
class HostileInputTest {

    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid"));
    private final WebhookHandler handler = new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));

    private static Map<String, Object> lead(String id, String leadId) {
        Map<String, Object> event = new LinkedHashMap<>(Map.of("id", id, "type", "lead.created",
                "occurred_at", "2026-11-17T10:00:00Z", "lead_id", leadId, "source", "webinar", "form", "demo-request"));
        event.put("attributes", Map.of("employees", 240));
        return event;
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(event);
        out.put(field, value);
        return out;
    }

    private static Map<String, Object> deal(String id, Object amount) {
        return new LinkedHashMap<>(Map.of("id", id, "type", "deal.won", "occurred_at", "2026-11-18T10:00:00Z",
                "deal_id", "D-1", "lead_id", "L-1", "amount", amount, "currency", "EUR"));
    }

    static Stream<Arguments> unstorableEvents() {
        String cjk = "\u6f22"; // 3 bytes in UTF-8
        return Stream.of(
                Arguments.of("an event id over the 2048-byte partition key", with(lead("x", "L-1"), "id", "e".repeat(2100)), "/events/0/id"),
                Arguments.of("a lead id over the follow-up index's 1024-byte sort key", lead("e1", cjk.repeat(400)), "/events/0/lead_id"),
                Arguments.of("a 70 KB campaign", with(lead("e1", "L-1"), "campaign", "c".repeat(70 * 1024)), "/events/0/campaign"),
                Arguments.of("amount 1e400", deal("e1", new java.math.BigDecimal("1e400")), "/events/0/amount"),
                Arguments.of("a 45-digit amount", deal("e1", "1".repeat(45)), "/events/0/amount"),
                Arguments.of("an amount with 40 significant decimals", deal("e1", "0." + "3".repeat(40)), "/events/0/amount"),
                Arguments.of("a 9-digit year", with(lead("e1", "L-1"), "occurred_at", "+100000000-01-01T00:00:00Z"), "/events/0/occurred_at"),
                Arguments.of("a 70 KB attribute value", with(lead("e1", "L-1"), "attributes", Map.of("industry", "i".repeat(70 * 1024))),
                        "/events/0/attributes/industry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unstorableEvents")
    void aValueDynamoDbCannotStoreIsRefusedWith422AndAPointer(String why, Map<String, Object> event, String pointer) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", List.of(event))), null);

        Map<?, ?> problem = assertProblem(response, 422, "urn:leadloop:problem:invalid-events", pointer);
        assertEquals(pointer, ((Map<?, ?>) ((List<?>) problem.get("errors")).get(0)).get("pointer"));
        assertEquals(0, Engines.itemCount(config), "nothing stored");
    }

    @Test
    void sixtyValidEventsAndOneUnstorableOneAreRefusedWholeAndNothingIsApplied() throws Exception {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) events.add(lead("ok-" + i, "L-" + i));
        events.add(with(lead("bad", "L-bad"), "campaign", "c".repeat(70 * 1024)));

        APIGatewayV2HTTPResponse response = handler.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", events)), null);

        assertProblem(response, 422, "urn:leadloop:problem:invalid-events", "/events/60/campaign");
        assertEquals(0, Engines.itemCount(config), "none of the 60 valid events was applied, and the delivery was not stored");
        assertEquals(0, Fixtures.countsOf(config, io.leadloop.funnel.Period.parse("2026-W47")).leads());
    }

    @Test
    void anEventWhoseLeadItemWouldExceed400KbIsRefused() throws Exception {
        // 1000 attributes of 450 characters: each value is within bounds, the lead item they make (450 KB) is not.
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) attributes.put("a" + i, "v".repeat(450));

        APIGatewayV2HTTPResponse response = handler.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events",
                List.of(lead("ok", "L-ok"), with(lead("big", "L-big"), "attributes", attributes)))), null);

        Map<?, ?> problem = assertProblem(response, 422, "urn:leadloop:problem:invalid-events", "400 KB");
        assertEquals("/events/1", ((Map<?, ?>) ((List<?>) problem.get("errors")).get(0)).get("pointer"));
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void valuesAtTheBoundsAreStored() throws Exception {
        String fourBytes = new String(Character.toChars(0x1F600)); // an emoji: 4 bytes in UTF-8
        String leadId = fourBytes.repeat(StoreLimits.MAX_ID_CHARS);
        String eventId = fourBytes.repeat(StoreLimits.MAX_EVENT_ID_CHARS - "generic:".length());
        // A qualified, unworked lead is in the follow-up index, whose sort key holds its id.
        Map<String, Object> created = with(with(lead(eventId, leadId), "campaign", fourBytes.repeat(StoreLimits.MAX_TEXT_CHARS)),
                "occurred_at", "2026-11-17T10:00:00.123456789+01:00");
        Map<String, Object> won = deal("w1", "-999999999999999.999999");
        won.put("lead_id", leadId);

        APIGatewayV2HTTPResponse response = handler.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", List.of(created, won))), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(2, ((Number) ((Map<?, ?>) Json.parse(response.getBody())).get("applied")).intValue());
    }

    @Test
    void aSignedBodyTooLargeForOneItemIsAnswered413() throws Exception {
        // 600 KB of random base64 in an event of a type not known yet: valid, signed, and incompressible.
        byte[] noise = new byte[450 * 1024];
        new Random(7).nextBytes(noise);
        Map<String, Object> future = Map.of("id", "f1", "type", "lead.scored", "occurred_at", "2026-11-17T10:00:00Z",
                "blob", Base64.getEncoder().encodeToString(noise));

        APIGatewayV2HTTPResponse response = handler.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", List.of(future))), null);

        assertProblem(response, 413, "urn:leadloop:problem:delivery-too-large", "fewer events");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused400() throws Exception {
        // Two bodies that differ only in invalid bytes would decode to the same text, and the same event id.
        for (byte invalid : new byte[] {(byte) 0xFF, (byte) 0xC3}) {
            byte[] body = "{\"events\":[{\"id\":\"e-?\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-17T10:00:00Z\",\"lead_id\":\"L-1\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            body[new String(body, StandardCharsets.UTF_8).indexOf('?')] = invalid;
            APIGatewayV2HTTPEvent event = signedBytes(body);

            assertProblem(handler.handleRequest(event, null), 400, "urn:leadloop:problem:malformed-body", "not valid UTF-8");
        }
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aReusedWebhookIdWithAnotherBodyKeepsBothDeliveries() throws Exception {
        Map<String, Object> first = Map.of("events", List.of(lead("r1", "L-r1"),
                Map.of("id", "r1-score", "type", "lead.scored", "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L-r1")));
        Map<String, Object> second = Map.of("events", List.of(lead("r2", "L-r2"),
                Map.of("id", "r2-score", "type", "lead.scored", "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L-r2")));

        APIGatewayV2HTTPResponse a = handler.handleRequest(GenericWebhookHandlerTest.signedAs("msg_reused", Json.compact(first)), null);
        APIGatewayV2HTTPResponse b = handler.handleRequest(GenericWebhookHandlerTest.signedAs("msg_reused", Json.compact(second)), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(GenericWebhookHandlerTest.signedAs("msg_reused", Json.compact(first)), null);

        assertEquals(200, a.getStatusCode(), a.getBody());
        assertEquals(1, ((Number) ((Map<?, ?>) Json.parse(b.getBody())).get("applied")).intValue(), b.getBody());
        assertEquals(1, ((Number) ((Map<?, ?>) Json.parse(again.getBody())).get("duplicates")).intValue(), again.getBody());
        List<Map<String, AttributeValue>> stored = Engines.dynamo().scan(r -> r.tableName(config.required(StoreSettings.TABLE, "t"))
                .filterExpression("begins_with(PK, :p)").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("DELIVERY#generic#msg_reused")))).items();
        assertEquals(2, stored.size(), "both bodies are kept, each with its unmapped event; the redelivery of the first overwrote its own");
        assertTrue(stored.stream().allMatch(item -> "PARTIALLY_MAPPED".equals(item.get("status").s())));
    }

    @Test
    void crmRoutesRefuseUnstorableValuesWith422Too() throws Exception {
        Config hubspotConfig = HubSpotWebhookHandlerTest.config(Map.of());
        WebhookHandler hubspot = HubSpotWebhookHandlerTest.handler(hubspotConfig, Fixtures.clockAt(Fixtures.SIGNED_AT));
        Map<String, Object> created = new LinkedHashMap<>(Map.of("eventId", 4100002, "subscriptionId", 2510001, "portalId", 24681357,
                "appId", 1234567, "occurredAt", 1794816720000L, "subscriptionType", "contact.creation", "attemptNumber", 0,
                "objectId", 501, "changeSource", "CRM_UI"));
        Map<String, Object> farFuture = new LinkedHashMap<>(created);
        farFuture.put("eventId", 4100003);
        farFuture.put("objectId", 502);
        farFuture.put("occurredAt", 9_000_000_000_000_000L); // the year 287,000,000
        Map<String, Object> longCampaign = new LinkedHashMap<>(created);
        longCampaign.putAll(Map.of("eventId", 4100004, "subscriptionType", "contact.propertyChange",
                "propertyName", "hs_analytics_source_data_1", "propertyValue", "c".repeat(70 * 1024)));

        APIGatewayV2HTTPResponse response = hubspot.handleRequest(HubSpotWebhookHandlerTest.signed(Json.compact(
                List.of(created, farFuture, longCampaign))), null);

        Map<?, ?> problem = assertProblem(response, 422, "urn:leadloop:problem:invalid-events", "occurred_at");
        List<?> errors = (List<?>) problem.get("errors");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).toString().contains("campaign"), errors.toString());
        assertEquals(0, Engines.itemCount(hubspotConfig));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPipedriveDealValueBeyondTheBoundsIsRefusedWith422NotRetriedInto503s() throws Exception {
        Config pipedriveConfig = Engines.freshConfig(PipedriveWebhookHandlerTest.SAMPLE_SETTINGS);
        WebhookHandler pipedrive = new WebhookHandler(Wiring.ingest(pipedriveConfig, Engines.dynamo(),
                Fixtures.clockAt(java.time.Instant.parse("2026-11-23T08:00:00Z"))));
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/pipedrive-deal-won.json");
        Map<String, Object> body = (Map<String, Object>) Json.parse(event.getBody());
        // A value pasted nine times over: 45 digits, more than DynamoDB's 38 (today a 503 on every retry).
        ((Map<String, Object>) body.get("data")).put("value", new java.math.BigDecimal("18500".repeat(9)));
        event.setBody(Json.compact(body));

        Map<?, ?> problem = assertProblem(pipedrive.handleRequest(event, null), 422, "urn:leadloop:problem:invalid-events", "amount");
        assertTrue(problem.get("detail").toString().contains("pipedrive:"), "the event is named by its id: " + problem.get("detail"));
        assertEquals(0, Engines.itemCount(pipedriveConfig));
    }

    @Test
    void aSalesforceAmountBeyondWhatDynamoDbStoresIsRefusedWith422() throws Exception {
        Config salesforceConfig = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS);
        WebhookHandler salesforce = new WebhookHandler(Wiring.ingest(salesforceConfig, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));
        String sample = Fixtures.httpEvent("events/salesforce-opportunity-message.json").getBody();
        // An xsd:double Amount of 1.0E130: a valid double, beyond DynamoDB's numbers (at most 9.99E125).
        APIGatewayV2HTTPEvent event = SalesforceWebhookHandlerTest.withBody("events/salesforce-opportunity-message.json",
                sample.replaceFirst("<sf:Amount>18500.0</sf:Amount>", "<sf:Amount>1.0E130</sf:Amount>"));

        Map<?, ?> problem = assertProblem(salesforce.handleRequest(event, null), 422, "urn:leadloop:problem:invalid-events", "amount");
        assertTrue(problem.get("detail").toString().contains("salesforce:"), problem.get("detail").toString());
        assertEquals(0, Engines.itemCount(salesforceConfig));
    }

    private static APIGatewayV2HTTPEvent signedBytes(byte[] body) {
        APIGatewayV2HTTPEvent event = GenericWebhookHandlerTest.signedAs("msg_bytes_" + System.nanoTime(), "");
        long timestamp = Fixtures.SIGNED_AT.getEpochSecond();
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("webhook-signature", StandardWebhooks.sign(LocalMain.TEST_GENERIC_SECRET, headers.get("webhook-id"), timestamp, body));
        event.setHeaders(headers);
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }
}
