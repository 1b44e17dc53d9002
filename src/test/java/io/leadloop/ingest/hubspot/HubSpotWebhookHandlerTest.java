package io.leadloop.ingest.hubspot;

import static io.leadloop.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.leadloop.funnel.Counter;
import io.leadloop.funnel.Metric;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.Stage;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.IngestService;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoDeliveryArchive;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The HubSpot route end to end: the signed sample in events/ through the real handler into DynamoDB Local. */
@EndToEnd
public class HubSpotWebhookHandlerTest {

    /** The test app's client secret, also at the top of docs/webhooks/hubspot.md; never a real app's. */
    static final String TEST_CLIENT_SECRET = "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026";
    public static final String PORTAL = "24681357";
    public static final String SAMPLE = "events/hubspot-webhook.json";
    /** X-HubSpot-Request-Timestamp of the sample: 2026-11-23T07:59:30Z, 30 s before {@link Fixtures#SIGNED_AT}. */
    static final long SIGNED_AT_MILLIS = 1795420770000L;

    static final Period WEEK_47 = Period.parse("2026-W47");
    // 5 contacts created (501-505); 501, 502 and 504 reached MQL; 501 and 502 SQL; both deals' contacts (501 via
    // D9001, 502 via D9002) reached opportunity through their deals; D9001 won for 18500, so 501 became a customer;
    // D9002 lost. The repeated MQL event of 501 counts once; 505's custom lifecycle stage is unmapped.
    static final StageCounts SAMPLE_WEEK = new StageCounts(5, 3, 2, 2, 1, 1, 1, new BigDecimal("18500"));

    private final Config config = config(Map.of());
    private final WebhookHandler handler = handler(config, Fixtures.clockAt(Fixtures.SIGNED_AT));

    /** A fresh table and the HubSpot settings the sample was made for, {@code hubspot} entries added or replaced. */
    public static Config config(Map<String, Object> hubspot) {
        Map<String, Object> section = new LinkedHashMap<>(Map.of(HubSpotAdapter.PORTAL_IDS, List.of(PORTAL)));
        section.putAll(hubspot);
        return Engines.freshConfig(Map.of(
                HubSpotAdapter.CLIENT_SECRET, TEST_CLIENT_SECRET,
                StoreSettings.TIMEZONE, "Europe/Madrid",
                Section.DOCUMENT, Json.compact(Map.of(HubSpotAdapter.SECTION, section))));
    }

    public static WebhookHandler handler(Config config, Clock clock) {
        CrmAdapter adapter = HubSpotAdapter.fromConfig(config, clock).orElseThrow();
        String table = config.required(StoreSettings.TABLE, "");
        return new WebhookHandler(new IngestService(List.of(adapter),
                new DynamoDeliveryArchive(Engines.dynamo(), table, Duration.ofDays(400), clock), Wiring.ledger(config, Engines.dynamo(), clock)));
    }

    /** The sample request carrying {@code body} instead, v3-signed over the URL it was sent to. */
    public static APIGatewayV2HTTPEvent signed(String body) {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(SAMPLE);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        String timestamp = Long.toString(SIGNED_AT_MILLIS);
        String uri = "https://" + headers.get("host") + event.getRawPath();
        byte[] mac = Hmac.sha256(TEST_CLIENT_SECRET.getBytes(StandardCharsets.UTF_8),
                ("POST" + uri).getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8),
                timestamp.getBytes(StandardCharsets.UTF_8));
        headers.put("x-hubspot-signature-v3", Base64.getEncoder().encodeToString(mac));
        headers.put("x-hubspot-request-timestamp", timestamp);
        headers.remove("x-hubspot-signature");
        headers.remove("x-hubspot-signature-version");
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> sampleEvents() throws Exception {
        return (List<Map<String, Object>>) Json.parse(Fixtures.httpEvent(SAMPLE).getBody());
    }

    @ParameterizedTest
    @Event(value = SAMPLE, type = APIGatewayV2HTTPEvent.class)
    void storesTheSignedSampleAndCountsItsFunnel(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(response.getBody());
        assertEquals(25, number(receipt, "received"));
        assertEquals(23, number(receipt, "applied"));
        assertEquals(1, number(receipt, "duplicates"), "HubSpot's retry of 501's MQL change");
        assertEquals(1, number(receipt, "unmapped"), "505's custom lifecycle stage");
        assertSampleFunnel(config);
    }

    /** The sample's week as a user checks it: the stage counts, the disqualification and the breakdowns by source and owner. */
    static void assertSampleFunnel(Config config) {
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
        PeriodCounts week = Fixtures.periodCounts(config, WEEK_47);
        assertEquals(1, week.count(Metric.DISQUALIFIED), "503's lead status UNQUALIFIED");
        assertEquals(1, week.count(Counter.named(Metric.of(Stage.LEAD), "source", "ORGANIC_SEARCH")));
        assertEquals(1, week.count(Counter.named(Metric.of(Stage.LEAD), "owner", "71234567")));
    }

    @Test
    void aRetriedBatchChangesNothing() throws Exception {
        handler.handleRequest(Fixtures.httpEvent(SAMPLE), null);
        List<Map<String, Object>> retried = new ArrayList<>();
        for (Map<String, Object> event : sampleEvents()) {
            Map<String, Object> next = new LinkedHashMap<>(event);
            next.put("attemptNumber", ((Number) event.get("attemptNumber")).intValue() + 1);
            retried.add(next);
        }

        APIGatewayV2HTTPResponse again = handler.handleRequest(signed(Json.compact(retried)), null);

        assertEquals(200, again.getStatusCode(), again.getBody());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(again.getBody());
        assertEquals(0, number(receipt, "applied"));
        assertEquals(24, number(receipt, "duplicates"), "every mapped event, the repeated one included");
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void duplicatesInShuffledBatchesCountEachChangeOnce() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>(sampleEvents());
        events.addAll(sampleEvents().subList(5, 15));
        Collections.shuffle(events, new Random(47));
        // Split as HubSpot might regroup retries: three batches, in no particular order.
        for (List<Map<String, Object>> batch : List.of(events.subList(0, 12), events.subList(12, 24), events.subList(24, events.size()))) {
            assertEquals(200, handler.handleRequest(signed(Json.compact(batch)), null).getStatusCode());
        }

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void aBatchMixingMappableAndUnmappableEventsIsAcceptedAndAppliesWhatItCan() throws Exception {
        String body = """
                [{"eventId":1,"subscriptionId":2510001,"portalId":24681357,"appId":1234567,"occurredAt":1795258800000,\
                "subscriptionType":"contact.creation","attemptNumber":0,"objectId":701,"changeFlag":"NEW"},\
                {"eventId":2,"subscriptionId":2510011,"portalId":24681357,"appId":1234567,"occurredAt":1795258860000,\
                "subscriptionType":"deal.deletion","attemptNumber":0,"objectId":9102,"changeFlag":"DELETED"},\
                {"eventId":3,"subscriptionId":2510006,"portalId":24681357,"appId":1234567,"occurredAt":1795258920000,\
                "subscriptionType":"deal.propertyChange","attemptNumber":0,"objectId":9101,"propertyName":"dealstage",\
                "propertyValue":"9348812"},\
                {"subscriptionId":2510001,"portalId":24681357,"subscriptionType":"contact.creation","objectId":703}]""";

        APIGatewayV2HTTPResponse response = handler.handleRequest(signed(body), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(response.getBody());
        assertEquals(4, number(receipt, "received"));
        assertEquals(1, number(receipt, "applied"));
        assertEquals(3, number(receipt, "unmapped"), "a deletion, an unconfigured deal stage and an event without ids");
        assertEquals(1, Fixtures.countsOf(config, WEEK_47).leads());
        assertTrue(Engines.itemCount(config) > 1, "the delivery is stored alongside what was applied");
    }

    @Test
    void aTamperedBodyIsRefusedAndNothingIsWritten() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(SAMPLE);
        event.setBody(event.getBody().replace("\"propertyValue\":\"18500\"", "\"propertyValue\":\"185000\""));

        assertProblem(handler.handleRequest(event, null), 401, "urn:leadloop:problem:unauthenticated", "does not match");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aWrongClientSecretIsRefusedAndNothingIsWritten() throws Exception {
        Config otherApp = config.with(Map.of(HubSpotAdapter.CLIENT_SECRET, "0d9f8e7c-6b5a-4a39-8271-605f4e3d2c1b"));

        APIGatewayV2HTTPResponse response = handler(otherApp, Fixtures.clockAt(Fixtures.SIGNED_AT))
                .handleRequest(Fixtures.httpEvent(SAMPLE), null);

        assertProblem(response, 401, "urn:leadloop:problem:unauthenticated", "check the client secret");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aTimestampOlderThanFiveMinutesIsRefusedAndNothingIsWritten() throws Exception {
        // Signed at 07:59:30; at 08:05:00 it is 5.5 minutes old.
        WebhookHandler later = handler(config, Fixtures.clockAt(Fixtures.SIGNED_AT.plus(Duration.ofMinutes(5))));

        APIGatewayV2HTTPResponse response = later.handleRequest(Fixtures.httpEvent(SAMPLE), null);

        assertProblem(response, 401, "urn:leadloop:problem:unauthenticated", "replay protection");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void eventsFromAnAccountNotConfiguredAreForbiddenAndNothingIsWritten() throws Exception {
        Config otherPortal = config.with(Map.of(Section.DOCUMENT,
                Json.compact(Map.of(HubSpotAdapter.SECTION, Map.of(HubSpotAdapter.PORTAL_IDS, List.of("13579246"))))));

        APIGatewayV2HTTPResponse response = handler(otherPortal, Fixtures.clockAt(Fixtures.SIGNED_AT))
                .handleRequest(Fixtures.httpEvent(SAMPLE), null);

        assertProblem(response, 403, "urn:leadloop:problem:forbidden-sender", "[24681357]");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aBodyThatIsNotAnArrayIsMalformedAndNothingIsWritten() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(signed("{\"eventId\":1}"), null);

        assertProblem(response, 400, "urn:leadloop:problem:malformed-body", "JSON array");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aV1OnlyRequestIsRefusedUnlessV1IsAccepted() throws Exception {
        APIGatewayV2HTTPEvent v1Only = Fixtures.httpEvent(SAMPLE);
        Map<String, String> headers = new HashMap<>(v1Only.getHeaders());
        headers.remove("x-hubspot-signature-v3");
        v1Only.setHeaders(headers);

        assertProblem(handler.handleRequest(v1Only, null), 401, "urn:leadloop:problem:unauthenticated", HubSpotAdapter.ACCEPT_V1_SETTING);
        assertEquals(0, Engines.itemCount(config));

        Config acceptingV1 = config(Map.of(HubSpotAdapter.ACCEPT_V1, true));
        assertEquals(200, handler(acceptingV1, Fixtures.clockAt(Fixtures.SIGNED_AT)).handleRequest(v1Only, null).getStatusCode());
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(acceptingV1, WEEK_47));
    }

    private static int number(Map<?, ?> receipt, String field) {
        return ((Number) receipt.get(field)).intValue();
    }

}
