package io.leadloop.ingest.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.leadloop.ingest.EventLedger;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.json.Json;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoEventLedger;
import io.leadloop.store.dynamodb.StoreLimits;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schema (src/main/resources/schema) and the generic route must agree: every body the schema accepts
 * the route accepts, and every body it refuses the route refuses, on the cases senders get wrong. The route's verdict
 * is what it answers: its adapter's validation, then the store's bounds; nothing here touches DynamoDB.
 */
@Unit
class GenericSchemaTest {

    private static final JsonSchema SCHEMA;

    static {
        try (InputStream in = GenericSchemaTest.class.getResourceAsStream("/schema/generic-webhook.schema.json")) {
            SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decimals read exactly, as the route reads them (a double would turn 999999999999999.999999 into 10^15). */
    private static final ObjectMapper EXACT_NUMBERS = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final GenericAdapter ADAPTER = new GenericAdapter(List.of(LocalMain.TEST_GENERIC_SECRET), Fixtures.clockAt(Fixtures.SIGNED_AT));
    /** The ledger's checks are pure: no client is needed to run them. */
    private static final DynamoEventLedger LEDGER = Wiring.ledger(new Config(Map.of(StoreSettings.TABLE, "unused"), name -> null), null,
            Fixtures.clockAt(Fixtures.SIGNED_AT));

    private static Map<String, Object> lead(Map<String, Object> changes) {
        Map<String, Object> event = new LinkedHashMap<>(Map.of("id", "e1", "type", "lead.created",
                "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L-1"));
        event.putAll(changes);
        return event;
    }

    private static Map<String, Object> won(Object amount) {
        return new LinkedHashMap<>(Map.of("id", "w1", "type", "deal.won", "occurred_at", "2026-11-18T10:00:00Z",
                "deal_id", "D-1", "amount", amount));
    }

    private static Map<String, Object> body(Object... events) {
        return Map.of("events", List.of(events));
    }

    private static Map<String, Object> leads(int count) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < count; i++) events.add(lead(Map.of("id", "e" + i, "lead_id", "L-" + i)));
        return Map.of("events", events);
    }

    static Stream<Arguments> bodies() {
        int maxEventId = StoreLimits.MAX_EVENT_ID_CHARS - (GenericAdapter.SOURCE + ":").length();
        return Stream.of(
                Arguments.of("the sample in events/", Fixtures.jsonFile("events/generic-webhook.json").get("body"), true),
                Arguments.of("an unknown event type", body(Map.of("id", "s1", "type", "lead.scored", "occurred_at", "2026-11-17T10:00:00Z", "score", 80)), true),
                Arguments.of("an unknown event type without occurred_at", body(Map.of("id", "s1", "type", "lead.scored")), false),
                Arguments.of("an erasure", body(Map.of("id", "s1", "type", "lead.erased", "occurred_at", "2026-11-24T10:00:00Z", "lead_id", "L-1001")), true),
                Arguments.of("an erasure without lead_id", body(Map.of("id", "s1", "type", "lead.erased", "occurred_at", "2026-11-24T10:00:00Z")), false),
                Arguments.of("amount \"18,000\"", body(won("18,000")), false),
                Arguments.of("amount \"18000.50\"", body(won("18000.50")), true),
                Arguments.of("amount 18000", body(won(18000)), true),
                Arguments.of("amount \"1e3\"", body(won("1e3")), false),
                Arguments.of("amount 1e400", body(won(new BigDecimal("1e400"))), false),
                Arguments.of("a 45-digit amount", body(won("9".repeat(45))), false),
                Arguments.of("the largest amount", body(won(new BigDecimal("999999999999999.999999"))), true),
                Arguments.of("amount 10^15", body(won(new BigDecimal("1000000000000000"))), false),
                Arguments.of("7 decimals", body(won(new BigDecimal("1.0000001"))), false),
                Arguments.of("500 events", leads(GenericAdapter.MAX_EVENTS), true),
                Arguments.of("501 events", leads(GenericAdapter.MAX_EVENTS + 1), false),
                Arguments.of("the longest event id", body(lead(Map.of("id", "i".repeat(maxEventId)))), true),
                Arguments.of("an event id one longer", body(lead(Map.of("id", "i".repeat(maxEventId + 1)))), false),
                Arguments.of("the longest lead id", body(lead(Map.of("lead_id", "l".repeat(StoreLimits.MAX_ID_CHARS)))), true),
                Arguments.of("a lead id one longer", body(lead(Map.of("lead_id", "l".repeat(StoreLimits.MAX_ID_CHARS + 1)))), false),
                Arguments.of("a 500-character campaign", body(lead(Map.of("campaign", "c".repeat(StoreLimits.MAX_TEXT_CHARS)))), true),
                Arguments.of("a 70 KB campaign", body(lead(Map.of("campaign", "c".repeat(70 * 1024)))), false),
                Arguments.of("a 70 KB attribute", body(lead(Map.of("attributes", Map.of("industry", "i".repeat(70 * 1024))))), false),
                Arguments.of("a 9-digit year", body(lead(Map.of("occurred_at", "+100000000-01-01T00:00:00Z"))), false),
                Arguments.of("the year 1969", body(lead(Map.of("occurred_at", "1969-12-31T23:59:59Z"))), false),
                Arguments.of("a stage not in the funnel", body(Map.of("id", "s", "type", "lead.stage_reached",
                        "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L-1", "stage", "hot")), false),
                Arguments.of("no events array", Map.of("items", List.of()), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theSchemaAndTheRouteAgree(String why, Object body, boolean accepted) throws Exception {
        String json = body instanceof String s ? s : Json.compact(body);
        Set<ValidationMessage> schemaErrors = SCHEMA.validate(EXACT_NUMBERS.readTree(json));
        String routeVerdict = routeVerdict(json);

        assertEquals(accepted, schemaErrors.isEmpty(), "schema: " + schemaErrors);
        assertEquals(accepted, routeVerdict == null, "route: " + routeVerdict);
    }

    /** Null when the route would apply the body; otherwise its problem's detail. */
    private static String routeVerdict(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        long timestamp = Fixtures.SIGNED_AT.getEpochSecond();
        WebhookRequest request = new WebhookRequest("POST", "localhost", "/webhooks/generic", "", Map.of(
                "webhook-id", "msg_schema", "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", StandardWebhooks.sign(LocalMain.TEST_GENERIC_SECRET, "msg_schema", timestamp, bytes)), bytes);
        try {
            List<EventLedger.Violation> violations = LEDGER.violations(ADAPTER.read(request).events());
            return violations.isEmpty() ? null : violations.toString();
        } catch (WebhookRejected rejected) {
            return rejected.problem().detail();
        }
    }
}
