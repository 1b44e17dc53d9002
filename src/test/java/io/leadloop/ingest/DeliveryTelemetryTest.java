package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.hubspot.HubSpotAdapter;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.ops.MetricLog;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.testing.Emf;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The one log line each delivery writes, through the real handler for every route: what it says (route, status,
 * counts, problem type), its metrics as CloudWatch reads them, and what it never says (secrets, what senders sent).
 */
@EndToEnd
class DeliveryTelemetryTest {

    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    /** The samples' test secrets and ids (README), and what identifies people and leads in them. */
    private static final List<String> NEVER_LOGGED = List.of(LocalMain.TEST_GENERIC_SECRET, "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026",
            "sfobm-test-3b8f0c6e1d7a4f29a5c2e9b04d6f1a87", "pd-local-test-password-2026", "leadloop-pipedrive", "bGVhZGxvb3At",
            "@", "L-1001", "D-501", "webhook-signature", "v1,");

    private final List<String> lines = new ArrayList<>();
    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            HubSpotAdapter.CLIENT_SECRET, "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026",
            SalesforceAdapter.TOKEN, "sfobm-test-3b8f0c6e1d7a4f29a5c2e9b04d6f1a87",
            PipedriveAdapter.USER, "leadloop-pipedrive", PipedriveAdapter.PASSWORD, "pd-local-test-password-2026",
            Section.DOCUMENT, "{\"hubspot\": {\"portal_ids\": [\"24681357\"]}, \"salesforce\": {\"organization_ids\": [\"00D5g000004XyZa\"]}, "
                    + "\"pipedrive\": {\"company_ids\": [\"13052897\"]}}"));

    private WebhookHandler handler(DynamoDbClient dynamo) {
        IngestService ingest = Wiring.ingest(config, dynamo, CLOCK);
        return new WebhookHandler(() -> ingest, new DeliveryTelemetry(new MetricLog(lines::add, CLOCK, "leadloop-test-WebhookFunction")));
    }

    private final WebhookHandler handler = handler(Engines.dynamo());

    private Map<String, Object> onlyLine() {
        assertEquals(1, lines.size(), "one line per delivery: " + lines);
        String line = lines.remove(0);
        for (String secret : NEVER_LOGGED) assertFalse(line.contains(secret), "the line shows " + secret + ": " + line);
        Map<String, Object> root = Emf.parse(line);
        assertEquals("leadloop-test-WebhookFunction", root.get(MetricLog.FUNCTION_DIMENSION));
        assertEquals("webhook-delivery", root.get("log"));
        return root;
    }

    @Test
    void anAppliedDeliveryLogsItsCountsByRouteAndARedeliveryItsDuplicates() {
        assertEquals(200, handler.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null).getStatusCode());
        Map<String, Object> first = onlyLine();
        assertEquals("generic", first.get("Source"));
        assertEquals(200, ((Number) first.get("status")).intValue());
        assertEquals(14, ((Number) first.get("received")).intValue());
        assertEquals(List.of(14, 0, 0), counts(first));
        assertEquals(List.of(List.of("FunctionName", "Source")), Emf.dimensions(first));
        assertEquals(List.of("EventsApplied", "EventsDuplicate", "EventsUnmapped"), Emf.metricNames(first));
        assertFalse(first.containsKey("ProblemType"));

        handler.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);
        assertEquals(List.of(0, 14, 0), counts(onlyLine()));
    }

    @Test
    void everyRouteLogsItsAppliedDeliveriesAndItsRejectedOnes() {
        Map<String, String> samples = Map.of("hubspot", "events/hubspot-webhook.json", "salesforce", "events/salesforce-outbound-message.json",
                "pipedrive", "events/pipedrive-deal-won.json", "generic", "events/generic-webhook.json");
        Map<String, Consumer<APIGatewayV2HTTPEvent>> forgeries = Map.of(
                "hubspot", e -> e.setBody(e.getBody().replace("24681357", "24681358")),
                "salesforce", e -> e.setRawQueryString("token=guessed"),
                "pipedrive", e -> e.setHeaders(withHeader(e, "authorization", "Basic bGVhZGxvb3AtcGlwZWRyaXZlOmd1ZXNzZWQ=")),
                "generic", e -> e.setBody(e.getBody().replace("L-1001", "L-1009")));
        samples.forEach((route, sample) -> {
            APIGatewayV2HTTPEvent forged = Fixtures.httpEvent(sample);
            forgeries.get(route).accept(forged);
            int status = handler.handleRequest(forged, null).getStatusCode();
            Map<String, Object> rejected = onlyLine();
            assertEquals(route, rejected.get("Source"));
            assertEquals(status, ((Number) rejected.get("status")).intValue(), route);
            assertEquals(4, status / 100, route + " refuses a forged delivery");
            assertEquals(List.of(List.of("FunctionName", "ProblemType")), Emf.dimensions(rejected));
            assertEquals(1, ((Number) rejected.get("DeliveriesRejected")).intValue());
            assertFalse(rejected.get("ProblemType").toString().isBlank());

            assertEquals(200, handler.handleRequest(Fixtures.httpEvent(sample), null).getStatusCode(), route);
            Map<String, Object> applied = onlyLine();
            assertEquals(route, applied.get("Source"));
            assertEquals(List.of("EventsApplied", "EventsDuplicate", "EventsUnmapped"), Emf.metricNames(applied));
        });
    }

    @Test
    void anUnknownRouteIsLoggedWithoutWhatTheCallerTyped() {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        event.setRawPath("/webhooks/zoho-guess");
        event.setPathParameters(Map.of("source", "zoho-guess"));

        assertEquals(404, handler.handleRequest(event, null).getStatusCode());

        Map<String, Object> line = onlyLine();
        assertEquals("unknown", line.get("Source"));
        assertEquals("unknown-source", line.get("ProblemType"));
        assertFalse(line.toString().contains("zoho-guess"));
    }

    @Test
    void aDeliveryTheRoleMayNotApplyIsLoggedAsA503ApplyFailed() {
        // What the missing dynamodb:BatchGetItem grant did in AWS: the prefetch is refused on every delivery.
        WebhookHandler refused = handler(dynamoRefusing("BatchGetItem"));

        assertEquals(503, refused.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null).getStatusCode());

        Map<String, Object> line = onlyLine();
        assertEquals(503, ((Number) line.get("status")).intValue());
        assertEquals("apply-failed", line.get("ProblemType"));
        assertEquals(1, ((Number) line.get("DeliveriesRejected")).intValue());
    }

    @Test
    void aDeliveryThatCannotEvenBeStoredIsLoggedAsThe500ItBecomesAndFailsTheInvocation() {
        // The raw delivery and its index entry are stored in one transaction, the first write of every delivery.
        WebhookHandler refused = handler(dynamoRefusing("TransactWriteItems"));

        assertThrows(DynamoDbException.class, () -> refused.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null));

        Map<String, Object> line = onlyLine();
        assertEquals(500, ((Number) line.get("status")).intValue());
        assertEquals("internal-error", line.get("ProblemType"));
        assertEquals("DynamoDbException", line.get("error"));
    }

    private static List<Integer> counts(Map<String, Object> line) {
        return List.of("EventsApplied", "EventsDuplicate", "EventsUnmapped").stream().map(m -> ((Number) line.get(m)).intValue()).toList();
    }

    private static Map<String, String> withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put(name, value);
        return headers;
    }

    /** DynamoDB Local behind a role without {@code operation}: AWS answers AccessDeniedException (400). */
    private DynamoDbClient dynamoRefusing(String operation) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(config.required(AwsClients.DYNAMODB_ENDPOINT, "the engines' endpoint")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request().getClass().getSimpleName().equals(operation + "Request")) {
                            throw DynamoDbException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                                    .errorCode("AccessDeniedException").errorMessage("not authorized to perform: dynamodb:" + operation).build()).build();
                        }
                    }
                }))
                .build();
    }
}
