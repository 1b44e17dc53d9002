package io.leadloop.ingest.generic;

import static io.leadloop.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.StageCounts;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The generic route end to end: the signed sample in events/ through the real handler into DynamoDB Local. */
@EndToEnd
public class GenericWebhookHandlerTest {

    private static final Period WEEK_47 = Period.parse("2026-W47");

    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid"));

    private WebhookHandler handlerAt(Clock clock) {
        return new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), clock));
    }

    private final WebhookHandler handler = handlerAt(Fixtures.clockAt(Fixtures.SIGNED_AT));

    @ParameterizedTest
    @Event(value = "events/generic-webhook.json", type = APIGatewayV2HTTPEvent.class)
    void storesTheSignedSampleAndCountsItsFunnel(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(response.getBody());
        assertEquals(14, ((Number) receipt.get("received")).intValue());
        assertEquals(14, ((Number) receipt.get("applied")).intValue());
        // 4 leads; L-1001 reached MQL and SQL, L-1002 MQL and (through its deal) opportunity, hence SQL too;
        // D-501 won for 18500, D-502 lost.
        assertEquals(new StageCounts(4, 2, 2, 2, 1, 1, 1, new BigDecimal("18500")), Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void aRedeliveredBatchChangesNothing() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        handler.handleRequest(event, null);
        StageCounts first = Fixtures.countsOf(config, WEEK_47);

        APIGatewayV2HTTPResponse again = handler.handleRequest(event, null);

        assertEquals(200, again.getStatusCode());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(again.getBody());
        assertEquals(0, ((Number) receipt.get("applied")).intValue());
        assertEquals(14, ((Number) receipt.get("duplicates")).intValue());
        assertEquals(first, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameEventsInReverseOrderGiveTheSameCounts() throws Exception {
        APIGatewayV2HTTPEvent forward = Fixtures.httpEvent("events/generic-webhook.json");
        Map<String, Object> body = (Map<String, Object>) Json.parse(forward.getBody());
        List<Object> reversed = new ArrayList<>((List<Object>) body.get("events"));
        Collections.reverse(reversed);
        // Deliver the reversed events one per delivery, newest first, as a retrying sender might.
        for (Object e : reversed) {
            assertEquals(200, handler.handleRequest(signed(Map.of("events", List.of(e))), null).getStatusCode());
        }

        assertEquals(new StageCounts(4, 2, 2, 2, 1, 1, 1, new BigDecimal("18500")), Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void aTamperedBodyIsRefusedAndNothingIsWritten() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        event.setBody(event.getBody().replace("\"amount\":18500", "\"amount\":99999"));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertProblem(response, 401, "urn:leadloop:problem:unauthenticated", "no webhook-signature matches");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        WebhookHandler otherSecret = new WebhookHandler(Wiring.ingest(
                config.with(Map.of(GenericAdapter.SECRET, "whsec_" + Base64.getEncoder().encodeToString("another-secret".getBytes(StandardCharsets.UTF_8)))),
                Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));

        assertProblem(otherSecret.handleRequest(event, null), 401, "urn:leadloop:problem:unauthenticated", "signing secret");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void anExpiredTimestampIsRefused() throws Exception {
        WebhookHandler later = handlerAt(Fixtures.clockAt(Fixtures.SIGNED_AT.plus(Duration.ofMinutes(6))));

        APIGatewayV2HTTPResponse response = later.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);

        assertProblem(response, 401, "urn:leadloop:problem:unauthenticated", "replay protection");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void malformedJsonIsRefusedWithItsReason() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(signedRaw("{\"events\": [ {\"id\": \"x\", "), null);

        assertProblem(response, 400, "urn:leadloop:problem:malformed-body", "not JSON");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void anInvalidEventIsPointedAtAndNothingIsWritten() throws Exception {
        Map<String, Object> good = Map.of("id", "a1", "type", "lead.created", "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L1");
        Map<String, Object> bad = Map.of("id", "a2", "type", "lead.stage_reached", "occurred_at", "yesterday", "lead_id", "L1", "stage", "hot");

        APIGatewayV2HTTPResponse response = handler.handleRequest(signed(Map.of("events", List.of(good, bad))), null);

        Map<?, ?> problem = assertProblem(response, 422, "urn:leadloop:problem:invalid-events", "/events/1/occurred_at");
        List<?> errors = (List<?>) problem.get("errors");
        assertEquals(2, errors.size(), "both the date and the stage are reported: " + errors);
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void anUnknownEventTypeIsKeptUnmappedWhileTheRestIsApplied() throws Exception {
        Map<String, Object> lead = Map.of("id", "b1", "type", "lead.created", "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L9");
        Map<String, Object> future = Map.of("id", "b2", "type", "lead.scored", "occurred_at", "2026-11-17T10:05:00Z", "lead_id", "L9", "score", 80);

        APIGatewayV2HTTPResponse response = handler.handleRequest(signed(Map.of("events", List.of(lead, future))), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(response.getBody());
        assertEquals(1, ((Number) receipt.get("applied")).intValue());
        assertEquals(1, ((Number) receipt.get("unmapped")).intValue());
        assertEquals(1, Fixtures.countsOf(config, WEEK_47).leads());
    }

    @Test
    void aBase64EncodedBodyIsVerifiedOverItsDecodedBytes() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
    }


    public static APIGatewayV2HTTPEvent signed(Map<String, Object> body) {
        return signedRaw(Json.compact(body));
    }

    public static APIGatewayV2HTTPEvent signedRaw(String body) {
        return signedAs("msg_test_" + System.nanoTime(), body);
    }

    /** The sample request carrying {@code body}, signed as the webhook-id {@code id}. */
    public static APIGatewayV2HTTPEvent signedAs(String id, String body) {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        long timestamp = Fixtures.SIGNED_AT.getEpochSecond();
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", StandardWebhooks.sign(LocalMain.TEST_GENERIC_SECRET, id, timestamp,
                body.getBytes(StandardCharsets.UTF_8)));
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }
}
