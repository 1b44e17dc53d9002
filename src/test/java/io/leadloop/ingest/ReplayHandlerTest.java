package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.hubspot.HubSpotAdapter;
import io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest;
import io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.report.ReportJson;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replay end to end: HubSpot's signed sample is received through the webhook handler under one mapping, the mapping
 * changes, and the report function's {@code replay} input re-applies the stored delivery weeks later, when its
 * signature has long expired.
 */
@EndToEnd
class ReplayHandlerTest {

    private static final Period WEEK_47 = Period.parse("2026-W47");
    /** The sample's contact 505 reaches this custom lifecycle stage, unmapped until the mapping names it. */
    private static final Map<String, Object> CUSTOM_STAGE_AS_MQL = Map.of("lifecycle_stages", Map.of("1034578213", "mql"));
    private static final Clock RECEIVED = Fixtures.clockAt(Fixtures.SIGNED_AT);
    /** A month after receipt: HubSpot's five-minute signature window is long gone. */
    private static final Clock LATER = Fixtures.clockAt(Fixtures.SIGNED_AT.plus(Duration.ofDays(30)));

    private final Config before = HubSpotWebhookHandlerTest.config(Map.of());
    /** The same table, the HubSpot mapping now naming the custom stage. */
    private final Config after = withHubSpot(before, CUSTOM_STAGE_AS_MQL);

    private static Config withHubSpot(Config config, Map<String, Object> settings) {
        Map<String, Object> hubspot = new LinkedHashMap<>(Map.of(HubSpotAdapter.PORTAL_IDS, List.of(HubSpotWebhookHandlerTest.PORTAL)));
        hubspot.putAll(settings);
        return config.with(Map.of(Section.DOCUMENT, Json.compact(Map.of(HubSpotAdapter.SECTION, hubspot))));
    }

    private static ReportHandler reportFunction(Config config) {
        return new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)), LATER));
    }

    private static Map<String, Object> replay(Config config, Map<String, Object> range) {
        return reportFunction(config).handleRequest(Map.of("replay", range), null);
    }

    private static Object reportOf(Config config) {
        return ReportJson.of(Wiring.reports(config, Engines.dynamo(), LATER).build(WEEK_47));
    }

    private static Map<String, Object> november() {
        return Map.of("source", "hubspot", "from", "2026-11-01", "to", "2026-11-30");
    }

    @Test
    void aMappingChangeThenReplayReportsWhatAFreshIngestWithTheNewMappingWould() throws Exception {
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(HubSpotWebhookHandlerTest.handler(before, RECEIVED)
                .handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null).getBody());
        assertEquals(1, ((Number) receipt.get("unmapped")).intValue(), "505's custom stage, under the old mapping");

        Map<String, Object> summary = replay(after, november());

        assertEquals(1, summary.get("deliveries"));
        assertEquals(1, summary.get("applied"), "505's MQL, mapped now");
        assertEquals(24, summary.get("already_applied"), "the 23 events applied on receipt and HubSpot's retried MQL event");
        assertEquals(0, summary.get("unmapped"));
        assertEquals(0, summary.get("refused"), "a month-old signature is not checked again");
        assertEquals(true, summary.get("complete"));
        assertNull(summary.get("cursor"));

        Config fresh = HubSpotWebhookHandlerTest.config(CUSTOM_STAGE_AS_MQL);
        HubSpotWebhookHandlerTest.handler(fresh, RECEIVED).handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null);
        assertEquals(reportOf(fresh), reportOf(after), "the week's report, replayed or freshly ingested with the new mapping");
        assertEquals(4, Fixtures.countsOf(after, WEEK_47).mqls(), "501, 502, 504 and now 505");

        Map<String, AttributeValue> stored = storedDelivery(after, receipt.get("delivery").toString());
        assertEquals("APPLIED", stored.get("status").s(), "the delivery no longer holds an unmapped event");
        assertEquals("0", stored.get("unmapped").n());
        assertNotNull(stored.get("replayed_at"));
    }

    @Test
    void replayingTwiceChangesNothingTheFirstDidNot() throws Exception {
        HubSpotWebhookHandlerTest.handler(before, RECEIVED).handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null);
        replay(after, november());
        Object once = reportOf(after);

        Map<String, Object> again = replay(after, november());

        assertEquals(0, again.get("applied"));
        assertEquals(25, again.get("already_applied"), "every mapped event, 505's MQL included");
        assertEquals(once, reportOf(after));
    }

    @Test
    void aBoundedPageAnswersACursorThatTheNextInvocationContinuesFrom() throws Exception {
        List<Map<String, Object>> events = HubSpotWebhookHandlerTest.sampleEvents();
        WebhookHandler webhooks = HubSpotWebhookHandlerTest.handler(before, RECEIVED);
        for (List<Map<String, Object>> part : List.of(events.subList(0, 12), events.subList(12, events.size()))) {
            assertEquals(200, webhooks.handleRequest(HubSpotWebhookHandlerTest.signed(Json.compact(part)), null).getStatusCode());
        }
        Map<String, Object> range = new LinkedHashMap<>(november());
        range.put("limit", 1);

        Map<String, Object> first = replay(after, range);
        assertEquals(1, first.get("deliveries"));
        assertEquals(false, first.get("complete"));
        range.put("cursor", first.get("cursor"));
        Map<String, Object> second = replay(after, range);
        range.put("cursor", second.get("cursor"));
        Map<String, Object> last = second.get("cursor") == null ? second : replay(after, range);

        assertEquals(1, second.get("deliveries"), "the other delivery, not the first again");
        assertEquals(true, last.get("complete"));
        assertEquals(1, (int) first.get("applied") + (int) second.get("applied"), "505's MQL, in whichever delivery holds it");
        assertEquals(4, Fixtures.countsOf(after, WEEK_47).mqls());
    }

    @Test
    void aSalesforceDeliveryIsReplayedWithoutItsUrlTokenWhichIsNeverStored() throws Exception {
        Config received = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS);
        SalesforceWebhookHandlerTest.handler(received).handleRequest(Fixtures.httpEvent(SalesforceWebhookHandlerTest.LEAD_MESSAGE), null);
        String nurturingIsMql = ", \"lead_statuses\": {\"Nurturing\": \"mql\"}";
        Config remapped = received.with(Map.of(Section.DOCUMENT, "{\"salesforce\": {" + SalesforceWebhookHandlerTest.SAMPLE_SETTINGS
                + nurturingIsMql + "}}"));

        Map<String, Object> summary = replay(remapped, Map.of("source", "salesforce", "from", "2026-11-23", "to", "2026-11-23"));

        assertEquals(1, summary.get("deliveries"));
        assertEquals(0, summary.get("refused"));
        assertEquals(0, summary.get("unmapped"), "Qf's status Nurturing, mapped now");
        Config fresh = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS + nurturingIsMql);
        SalesforceWebhookHandlerTest.handler(fresh).handleRequest(Fixtures.httpEvent(SalesforceWebhookHandlerTest.LEAD_MESSAGE), null);
        assertEquals(Fixtures.countsOf(fresh, WEEK_47), Fixtures.countsOf(remapped, WEEK_47));
        assertEquals(reportOf(fresh), reportOf(remapped));
    }

    @Test
    void anInvocationNearItsTimeLimitStopsBeforeReadingAndAnswersWhereToGoOn() {
        HubSpotWebhookHandlerTest.handler(before, RECEIVED).handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null);
        ReportHandler function = reportFunction(after);

        Map<String, Object> stopped = function.handleRequest(Map.of("replay", november()), lambdaWithMillisLeft(10_000));
        assertEquals(0, stopped.get("deliveries"), "10 s left: below the margin, nothing is started");
        assertEquals(false, stopped.get("complete"));
        assertNotNull(stopped.get("cursor"));
        assertEquals(3, Fixtures.countsOf(after, WEEK_47).mqls(), "505's MQL not applied yet");

        Map<String, Object> range = new LinkedHashMap<>(november());
        range.put("cursor", stopped.get("cursor"));
        Map<String, Object> resumed = function.handleRequest(Map.of("replay", range), lambdaWithMillisLeft(110_000));
        assertEquals(1, resumed.get("deliveries"));
        assertEquals(1, resumed.get("applied"));
        assertEquals(true, resumed.get("complete"));
        assertEquals(4, Fixtures.countsOf(after, WEEK_47).mqls());
    }

    /** The Lambda context of an invocation with that much of its time left. */
    private static Context lambdaWithMillisLeft(int millis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> millis;
                    case "getAwsRequestId" -> "replay-test";
                    default -> null;
                });
    }

    @Test
    void onlyDeliveriesReceivedInTheRangeAreReplayed() {
        HubSpotWebhookHandlerTest.handler(before, RECEIVED).handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null);

        Map<String, Object> later = replay(after, Map.of("source", "hubspot", "from", "2026-11-24", "to", "2026-11-30"));
        Map<String, Object> otherSource = replay(after, Map.of("source", "generic", "from", "2026-11-01", "to", "2026-11-30"));
        Map<String, Object> toTheSecond = replay(after, Map.of("source", "hubspot", "from", "2026-11-23T07:00:00Z", "to", "2026-11-23T08:00:00Z"));

        assertEquals(0, later.get("deliveries"), "received on 2026-11-23");
        assertEquals(0, otherSource.get("deliveries"));
        assertEquals(1, toTheSecond.get("deliveries"), "received at 08:00:00Z exactly, the range's end included");
        assertEquals(4, Fixtures.countsOf(after, WEEK_47).mqls(), "the last replay applied 505's MQL");
    }

    @Test
    void aReplayThatCannotRunSaysWhatToFix() {
        ReportHandler function = reportFunction(after);
        IllegalArgumentException noSource = assertThrows(IllegalArgumentException.class,
                () -> function.handleRequest(Map.of("replay", Map.of("from", "2026-11-01", "to", "2026-11-30")), null));
        assertTrue(noSource.getMessage().contains("replay needs \"source\""), noSource.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> function.handleRequest(Map.of("replay", Map.of("source", "zoho", "from", "2026-11-01", "to", "2026-11-30")), null));
        assertTrue(unknown.getMessage().contains("'zoho' is not a webhook route"), unknown.getMessage());
        IllegalArgumentException badDay = assertThrows(IllegalArgumentException.class,
                () -> function.handleRequest(Map.of("replay", Map.of("source", "hubspot", "from", "2026-11-31", "to", "2026-11-30")), null));
        assertTrue(badDay.getMessage().contains("\"from\" '2026-11-31'"), badDay.getMessage());
        IllegalArgumentException badCursor = assertThrows(IllegalArgumentException.class,
                () -> function.handleRequest(Map.of("replay", Map.of("source", "hubspot", "from", "2026-11-01", "to", "2026-11-30",
                        "cursor", "yesterday")), null));
        assertTrue(badCursor.getMessage().contains("pass the \"cursor\" of the previous answer unchanged"), badCursor.getMessage());
    }

    private static Map<String, AttributeValue> storedDelivery(Config config, String reference) {
        return Engines.dynamo().getItem(r -> r.tableName(config.required(StoreSettings.TABLE, "t"))
                .key(Map.of("PK", AttributeValue.fromS("DELIVERY#" + reference), "SK", AttributeValue.fromS("RAW")))).item();
    }
}
