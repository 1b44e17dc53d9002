package io.leadloop.ingest.pipedrive;

import static io.leadloop.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.leadloop.funnel.Metric;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.CrmAdapter;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Pipedrive route end to end: the samples in events/ through the real handler into DynamoDB Local. */
@EndToEnd
public class PipedriveWebhookHandlerTest {

    /** The HTTP Basic credentials of the samples in events/ and docs/webhooks/pipedrive.md: public, tests only. */
    static final String TEST_USER = "leadloop-pipedrive";
    static final String TEST_PASSWORD = "pd-local-test-password-2026";
    public static final String COMPANY = "13052897";

    /** The account of the samples: its users, its default pipeline's stages, its labels and custom field keys. */
    static final String SAMPLE_CONFIG = """
            {"pipedrive": {
              "company_ids": ["13052897"],
              "users": {"23160411": "ana.garcia", "23160412": "ben.okafor", "23160413": "chloe.martin"},
              "stage_names": {"1": "Qualified", "2": "Contact made", "3": "Demo scheduled", "4": "Proposal made",
                              "5": "Negotiations started"},
              "stage_funnel": {"1": "sql"},
              "lead_labels": {"5": "sql", "6": "mql",
                              "5a3c8f2e-1b7d-4e90-a6c2-9d4f1e8b7a21": "mql", "5a3c8f2e-1b7d-4e90-a6c2-9d4f1e8b7a22": "sql"},
              "profile_fields": {"source": "a222d8059d3bd7c10d53e3c58b7050ec35b9cb88",
                                 "campaign": "7484c46d1ca3763f815c748342987fe36c0951f4"},
              "attribute_fields": {"52ee800bef628d94e0976056012d8f1dc58e995c": "industry"}
            }}""";

    public static final Map<String, String> SAMPLE_SETTINGS = Map.of(PipedriveAdapter.USER, TEST_USER,
            PipedriveAdapter.PASSWORD, TEST_PASSWORD, Section.DOCUMENT, SAMPLE_CONFIG, StoreSettings.TIMEZONE, "Europe/Madrid");

    private static final Period WEEK_47 = Period.parse("2026-W47");
    private static final Clock CLOCK = Fixtures.clockAt(Instant.parse("2026-11-23T08:00:00Z"));
    private static final String PERSON_CREATED = "events/pipedrive-person-created.json";
    private static final String DEAL_WON = "events/pipedrive-deal-won.json";
    /** events/pipedrive-week.json: 21 deliveries; the 18th redelivers the 17th, the 21st deletes a deal. */
    private static final int REDELIVERY = 17;
    private static final int DEAL_DELETED = 20;

    /*
     * The week, 2026-W47 in Europe/Madrid:
     * leads 5       persons Lucía, Marcus, Sofia, Jonas (whose Leads inbox lead is his), and the Helvetia lead (no person)
     * MQLs 4        Lucía (label Warm lead), Marcus (his deal implies it), Jonas (lead label Warm), Helvetia (Hot → sql implies it);
     *               Sofia only got Cold lead, which is not mapped
     * SQLs 4        Lucía (deal in Qualified → sql), Marcus and Jonas (their deals), Helvetia (Hot)
     * opps 3        the deals 301 (Lucía), 302 (Marcus), 303 (Jonas)
     * customers 1   Lucía: 301 won for 18500 (raised from 18000 as it closed)
     * won 1, lost 1 (302, chose a competitor); 303 only changed value
     * activities 3  Lucía's call, Marcus's meeting once marked done, Chloe's email; the planned meeting alone counts nothing
     */
    private static final StageCounts WEEK_COUNTS = new StageCounts(5, 4, 4, 3, 1, 1, 1, new BigDecimal("18500"));
    private static final long WEEK_ACTIVITIES = 3;
    /*
     * Per delivery, events: persons created 1 each (×4), label Warm lead 1, Cold lead 0 (unmapped), leads created with a
     * mapped label 2 each (×2), deals created in Qualified 3 each (created, stage, sql) (×3), stage move 1, activities
     * 1 each (×3), the planned meeting 0 (unmapped), won with a new value 2, its redelivery 0 (2 duplicates), lost 1,
     * value change 1, deletion 0 (unmapped): 4 + 1 + 4 + 9 + 1 + 3 + 2 + 1 + 1 = 26 applied, 2 duplicates, 3 unmapped.
     */
    private static final Receipts WEEK_RECEIPTS = new Receipts(26, 2, 3);

    private final Config config = Engines.freshConfig(SAMPLE_SETTINGS);
    private final WebhookHandler handler = handler(config);

    static WebhookHandler handler(Config config) {
        CrmAdapter adapter = PipedriveAdapter.fromConfig(config, CLOCK).orElseThrow();
        String table = config.required(StoreSettings.TABLE, "");
        return new WebhookHandler(new IngestService(List.of(adapter),
                new DynamoDeliveryArchive(Engines.dynamo(), table, Duration.ofDays(400), CLOCK), Wiring.ledger(config, Engines.dynamo(), CLOCK)));
    }

    @ParameterizedTest
    @Event(value = PERSON_CREATED, type = APIGatewayV2HTTPEvent.class)
    void aCreatedPersonIsALead(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(new Receipts(1, 0, 0), Receipts.of(response));
        assertEquals(new StageCounts(1, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO), Fixtures.countsOf(config, WEEK_47));
    }

    @ParameterizedTest
    @Event(value = DEAL_WON, type = APIGatewayV2HTTPEvent.class)
    void aWonDealMakesItsPersonACustomer(APIGatewayV2HTTPEvent event) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        // DealWon, and DealUpdated for the value raised from 18000 as it closed
        assertEquals(new Receipts(2, 0, 0), Receipts.of(response));
        // Lucía was never seen being created: a customer has reached every stage before, all on the day it was won.
        assertEquals(new StageCounts(1, 1, 1, 1, 1, 1, 0, new BigDecimal("18500")), Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void theWeekInOrderGivesTheWeeksCounts() throws Exception {
        Receipts total = Receipts.NONE;
        for (Map<String, Object> body : weekBodies()) {
            total = total.plus(deliver(body));
        }

        assertEquals(WEEK_RECEIPTS, total);
        assertEquals(WEEK_COUNTS, Fixtures.countsOf(config, WEEK_47));
        assertEquals(WEEK_ACTIVITIES, Fixtures.periodCounts(config, WEEK_47).count(Metric.ACTIVITIES));
    }

    @Test
    void theWeekShuffledCountsEachChangeOnce() throws Exception {
        List<Map<String, Object>> shuffled = new ArrayList<>(weekBodies());
        Collections.shuffle(shuffled, new Random(47));
        Receipts total = Receipts.NONE;
        for (Map<String, Object> body : shuffled) {
            total = total.plus(deliver(body));
        }

        // Whichever of the delivery and its redelivery comes first is applied; the other is the duplicate.
        assertEquals(WEEK_RECEIPTS, total);
        assertEquals(WEEK_COUNTS, Fixtures.countsOf(config, WEEK_47));
        assertEquals(WEEK_ACTIVITIES, Fixtures.periodCounts(config, WEEK_47).count(Metric.ACTIVITIES));
    }

    @Test
    void aRedeliveryOfTheSameEventChangesNothing() throws Exception {
        Map<String, Object> won = weekBodies().get(REDELIVERY - 1);
        deliver(won);
        StageCounts first = Fixtures.countsOf(config, WEEK_47);

        Receipts again = deliver(weekBodies().get(REDELIVERY));

        assertEquals(2, ((Map<?, ?>) weekBodies().get(REDELIVERY).get("meta")).get("attempt"));
        assertEquals(new Receipts(0, 2, 0), again);
        assertEquals(first, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void anUnmappableEventIsAcknowledgedAndStoredButNotApplied() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(weekBodies().get(DEAL_DELETED)), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(new Receipts(0, 0, 1), Receipts.of(response));
        assertEquals(2, Engines.itemCount(config), "only the raw delivery, kept for re-application, and its entry in the replay index");
        assertEquals(new StageCounts(0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO), Fixtures.countsOf(config, WEEK_47));
    }

    static Stream<Arguments> badCredentials() {
        return Stream.of(
                Arguments.of("no Authorization header", null, "is missing"),
                Arguments.of("wrong password", basic(TEST_USER, TEST_PASSWORD + "x"), "do not match"),
                Arguments.of("wrong user", basic("leadloop", TEST_PASSWORD), "do not match"),
                Arguments.of("user only", basic(TEST_USER, ""), "do not match"),
                Arguments.of("not base64", "Basic " + TEST_USER + ":" + TEST_PASSWORD, "not valid base64"),
                Arguments.of("a bearer token", "Bearer " + TEST_PASSWORD, "not HTTP Basic"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void unauthenticatedDeliveriesAreRefusedAndNothingIsWritten(String why, String authorization, String detail) throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(PERSON_CREATED);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        if (authorization != null) headers.put("Authorization", authorization);
        event.setHeaders(headers);

        assertProblem(handler.handleRequest(event, null), 401, "urn:leadloop:problem:unauthenticated", detail);
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void anotherCompanysDeliveryIsForbidden() throws Exception {
        Map<String, Object> body = weekBodies().get(0);
        meta(body).put("company_id", "99000001");

        assertProblem(handler.handleRequest(request(body), null), 403, "urn:leadloop:problem:forbidden-sender", "99000001");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void malformedJsonIsRefused() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(PERSON_CREATED);
        event.setBody("{\"meta\": {\"action\": \"create\", ");

        assertProblem(handler.handleRequest(event, null), 400, "urn:leadloop:problem:malformed-body", "not JSON");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aWebhooksV1BodyIsRefusedWithTheFix() throws Exception {
        Map<String, Object> v1 = Map.of("v", 1, "event", "added.person", "retry", 0,
                "meta", Map.of("v", 1, "action", "added", "object", "person", "id", 501, "company_id", 13052897, "timestamp", 1794816720),
                "current", Map.of("id", 501, "name", "Lucía Fernández"), "previous", Map.of());

        assertProblem(handler.handleRequest(request(v1), null), 400, "urn:leadloop:problem:malformed-body", "version 2.0");
        assertEquals(0, Engines.itemCount(config));
    }

    static Stream<Object> timestampForms() {
        Instant at = Instant.parse("2026-11-16T08:12:00Z");
        return Stream.of(at.getEpochSecond(), at.toEpochMilli(), "2026-11-16T08:12:00.000Z", "2026-11-16T09:12:00+01:00");
    }

    @ParameterizedTest
    @MethodSource("timestampForms")
    void everyTimestampFormIsAccepted(Object timestamp) throws Exception {
        Map<String, Object> body = weekBodies().get(0);
        meta(body).put("timestamp", timestamp);
        ((Map<?, ?>) body.get("data")).remove("add_time");

        APIGatewayV2HTTPResponse response = handler.handleRequest(request(body), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(new Receipts(1, 0, 0), Receipts.of(response));
        assertEquals(1, Fixtures.countsOf(config, WEEK_47).leads());
    }

    /** What a run of deliveries did, summed from their receipts. */
    record Receipts(int applied, int duplicates, int unmapped) {
        static final Receipts NONE = new Receipts(0, 0, 0);

        static Receipts of(APIGatewayV2HTTPResponse response) throws IOException {
            Map<?, ?> receipt = (Map<?, ?>) Json.parse(response.getBody());
            return new Receipts(((Number) receipt.get("applied")).intValue(), ((Number) receipt.get("duplicates")).intValue(),
                    ((Number) receipt.get("unmapped")).intValue());
        }

        Receipts plus(Receipts other) {
            return new Receipts(applied + other.applied, duplicates + other.duplicates, unmapped + other.unmapped);
        }
    }

    private Receipts deliver(Map<String, Object> body) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(body), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Receipts.of(response);
    }

    /** The bodies of events/pipedrive-week.json, in the order Pipedrive sent them; fresh, mutable copies. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> weekBodies() throws IOException {
        return (List<Map<String, Object>>) Json.parse(Files.readString(Path.of("events/pipedrive-week.json")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(Map<String, Object> body) {
        return (Map<String, Object>) body.get("meta");
    }

    /** A delivery of {@code body} as Pipedrive makes it, with the samples' credentials. */
    public static APIGatewayV2HTTPEvent request(Map<String, Object> body) {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(PERSON_CREATED);
        event.setBody(Json.compact(body));
        return event;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
