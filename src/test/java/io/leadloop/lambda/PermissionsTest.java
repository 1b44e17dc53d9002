package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.leadloop.json.Json;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.AwsCalls;
import io.leadloop.testing.AwsCalls.Call;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.IamPolicy;
import io.leadloop.testing.IamPolicy.Request;
import io.leadloop.testing.PlainCrmHttp;
import io.leadloop.testing.Template;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * DynamoDB Local, the SES emulator and a test SSM check no permissions; AWS does. Every SDK call the functions'
 * code makes (recorded by {@link AwsCalls}, with the IAM authorizations AWS makes for it) and every SSM parameter
 * it reads must be allowed by template.yaml's policies for the function that makes it, or the deployed stack
 * fails where every local test passes.
 */
@EndToEnd
class PermissionsTest {

    /** Every route and the settings document on, so that every policy statement and parameter is in play. */
    private static final Map<String, Object> PARAMETERS = Map.of(
            "ReportSender", "leadloop@example.com", "ReportRecipients", "sales@example.com",
            "EnableHubSpot", "true", "EnableSalesforce", "true", "EnablePipedrive", "true", "UseConfigDocument", "true",
            "PipedriveCompanyDomain", "northwind", "SalesforceInstanceUrl", "https://nubia.my.salesforce.com");
    private static final Path TEMPLATE_FILE = Path.of("template.yaml");
    private static final Template TEMPLATE = Template.load(TEMPLATE_FILE, PARAMETERS);
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/" + Template.physicalName("FunnelTable");

    /** The handler integration tests: every CRM route, the scheduled report, its delivery and retries, the emails, replay, each CRM's backfill. */
    private static final List<String> HANDLER_TESTS = List.of(
            "io.leadloop.ingest.generic.GenericWebhookHandlerTest", "io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest",
            "io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest", "io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest",
            "io.leadloop.ingest.CrmEquivalenceTest", "io.leadloop.ingest.ReplayHandlerTest", "io.leadloop.ingest.ErasureHandlerTest",
            "io.leadloop.lambda.ReportHandlerTest", "io.leadloop.report.ReportDeliveryTest", "io.leadloop.report.AudienceEmailsTest",
            "io.leadloop.ingest.hubspot.HubSpotBackfillHandlerTest", "io.leadloop.ingest.pipedrive.PipedriveBackfillHandlerTest",
            "io.leadloop.ingest.salesforce.SalesforceBackfillHandlerTest");

    private HttpServer ssm;

    @AfterEach
    void stopSsm() {
        if (ssm != null) ssm.stop(0);
    }

    @Test
    void everyCallTheHandlerTestsMakeIsGrantedToTheFunctionThatMadeIt() {
        // Run here, not relied upon to have run before: the recording cannot depend on test order.
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        List<Call> calls = AwsCalls.during(() -> LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(HANDLER_TESTS.stream().map(DiscoverySelectors::selectClass).toList()).build(), summary));

        TestExecutionSummary result = summary.getSummary();
        assertTrue(result.getTestsSucceededCount() >= 40, "the handler tests ran: " + result.getTestsSucceededCount());
        assertEquals(0, result.getTotalFailureCount(), () -> "handler tests failed: " + result.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).toList());
        assertMade(calls, AwsCalls.WEBHOOK_FUNCTION, "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        assertMade(calls, AwsCalls.REPORT_FUNCTION, "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "ses:SendEmail", "ses:SendRawEmail");
        assertMade(calls, AwsCalls.BACKFILL_FUNCTION, "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
        assertGranted(calls);
    }

    @Test
    void theFunctionsStartFromTheTemplatesEnvironmentAndReadOnlyParametersTheirPoliciesGrant() throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("/leadloop/generic-webhook-secret", LocalMain.TEST_GENERIC_SECRET);
        parameters.put("/leadloop/hubspot-client-secret", "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026");
        parameters.put("/leadloop/salesforce-token", "sfobm-test-3b8f0c6e1d7a4f29a5c2e9b04d6f1a87");
        parameters.put("/leadloop/pipedrive-user", "leadloop-pipedrive");
        parameters.put("/leadloop/pipedrive-password", "pd-local-test-password-2026");
        parameters.put("/leadloop/hubspot-access-token", "pat-eu1-0f3c2d1e-7b6a-4c59-9e8d-1a2b3c4d5e6f");
        parameters.put("/leadloop/pipedrive-api-token", "0f3c9a7be4d21c8856f0a9b3e7d14c2a6b8e5f01");
        parameters.put("/leadloop/salesforce-client-id", "3MVG9rZjd7MXFdLhQ8kWm2oBv5Nc1yT6pXsEa4GuIh0JqKr3Lz7Df9Sb2Wx8Ye5Vn1Mo4Pt6Qa");
        parameters.put("/leadloop/salesforce-client-secret", "B6E0D1A94C3F28757A1E9D0C6B4F3A2E18D7C5B9A0F6E4D3C2B1A09F8E7D6C5B");
        parameters.put("/leadloop/config", "{\"hubspot\": {\"portal_ids\": [\"24681357\"]}, "
                + "\"salesforce\": {\"organization_ids\": [\"00D5g000004XyZa\"]}, \"pipedrive\": {\"company_ids\": [\"13052897\"]}}");
        ParameterStore store = fakeSsm(parameters);
        Clock clock = Fixtures.clockAt(Fixtures.SIGNED_AT);
        Map<String, List<String>> read = new LinkedHashMap<>();
        List<Call> calls = new ArrayList<>();

        Config webhookConfig = configOf(AwsCalls.WEBHOOK_FUNCTION, store);
        calls.addAll(AwsCalls.during(() -> {
            WebhookHandler handler = new WebhookHandler(Wiring.ingest(webhookConfig, Engines.dynamo(), clock));
            read.put(AwsCalls.WEBHOOK_FUNCTION, drainReads());
            for (String sample : List.of("events/generic-webhook.json", "events/hubspot-webhook.json",
                    "events/salesforce-outbound-message.json", "events/pipedrive-deal-won.json")) {
                int status = handler.handleRequest(Fixtures.httpEvent(sample), null).getStatusCode();
                assertEquals(200, status, sample + " through the route the template's settings configure");
            }
        }));
        Config reportConfig = configOf(AwsCalls.REPORT_FUNCTION, store).with(Map.of(StoreSettings.TABLE, webhookConfig.required(StoreSettings.TABLE, "")));
        calls.addAll(AwsCalls.during(() -> {
            ReportHandler handler = new ReportHandler(Wiring.report(reportConfig, Engines.dynamo(), new SesMailSender(AwsClients.ses(reportConfig)), clock));
            read.put(AwsCalls.REPORT_FUNCTION, drainReads());
            for (String schedule : List.of("events/scheduled-report.json", "events/scheduled-marketing-report.json")) {
                assertEquals("sent", handler.handleRequest(Fixtures.jsonFile(schedule), null).get("status"), schedule);
            }
        }));
        Config backfillConfig = configOf(AwsCalls.BACKFILL_FUNCTION, store);
        calls.addAll(AwsCalls.during(() -> {
            // What each invocation builds from its input's "source" before it reads the CRM.
            for (String source : List.of("hubspot", "pipedrive", "salesforce")) {
                assertEquals(source, Wiring.history(backfillConfig, source, new PlainCrmHttp()).source());
            }
            Wiring.backfill(backfillConfig, Engines.dynamo(), clock);
            read.put(AwsCalls.BACKFILL_FUNCTION, drainReads());
        }));

        assertEquals(List.of("/leadloop/config", "/leadloop/generic-webhook-secret", "/leadloop/hubspot-client-secret",
                "/leadloop/pipedrive-password", "/leadloop/pipedrive-user", "/leadloop/salesforce-token"),
                read.get(AwsCalls.WEBHOOK_FUNCTION).stream().distinct().sorted().toList());
        assertEquals(List.of("/leadloop/config"), read.get(AwsCalls.REPORT_FUNCTION).stream().distinct().toList());
        assertEquals(List.of("/leadloop/config", "/leadloop/hubspot-access-token", "/leadloop/pipedrive-api-token",
                "/leadloop/salesforce-client-id", "/leadloop/salesforce-client-secret"),
                read.get(AwsCalls.BACKFILL_FUNCTION).stream().distinct().sorted().toList(), "the CRMs' API credentials, no webhook secret");
        read.forEach((function, names) -> names.forEach(name -> calls.add(new Call(function, "ssm.GetParameter", List.of(
                new Request("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter" + name, Map.of()),
                // A SecureString under a customer managed key is decrypted by SSM with the caller's kms:Decrypt.
                new Request("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        Map.of("kms:ViaService", "ssm.us-east-1.amazonaws.com")))))));
        assertMade(calls, AwsCalls.WEBHOOK_FUNCTION, "ssm:GetParameter", "dynamodb:BatchGetItem");
        assertMade(calls, AwsCalls.REPORT_FUNCTION, "ssm:GetParameter", "ses:SendRawEmail");
        assertMade(calls, AwsCalls.BACKFILL_FUNCTION, "ssm:GetParameter", "kms:Decrypt");
        assertGranted(calls);
    }

    @Test
    void theEvaluatorRefusesWhatAPolicyLacks() throws IOException {
        String yaml = Files.readString(TEMPLATE_FILE);
        IamPolicy webhook = IamPolicy.ofFunction(TEMPLATE, AwsCalls.WEBHOOK_FUNCTION);
        IamPolicy report = IamPolicy.ofFunction(TEMPLATE, AwsCalls.REPORT_FUNCTION);
        Request prefetch = new Request("dynamodb:BatchGetItem", TABLE_ARN, Map.of());
        Request rawSend = new Request("ses:SendRawEmail", "arn:aws:ses:us-east-1:123456789012:identity/leadloop@example.com",
                Map.of("ses:FromAddress", "leadloop@example.com"));
        assertTrue(webhook.allows(prefetch));
        assertTrue(report.allows(rawSend));

        // template.yaml as it was: the webhook role without BatchGetItem, the report role with ses:SendEmail only.
        String webhookStatement = yaml.substring(yaml.indexOf("Sid: FunnelStateAndCounters"));
        Template withoutPrefetch = Template.parse(yaml.substring(0, yaml.indexOf("Sid: FunnelStateAndCounters"))
                + webhookStatement.replaceFirst("\n *- dynamodb:BatchGetItem", ""), PARAMETERS);
        assertFalse(IamPolicy.ofFunction(withoutPrefetch, AwsCalls.WEBHOOK_FUNCTION).allows(prefetch));
        assertTrue(IamPolicy.ofFunction(withoutPrefetch, AwsCalls.REPORT_FUNCTION).allows(prefetch), "only the webhook's grant was removed");
        Template withoutRaw = Template.parse(yaml.replaceFirst("\n *- ses:SendRawEmail", ""), PARAMETERS);
        assertFalse(IamPolicy.ofFunction(withoutRaw, AwsCalls.REPORT_FUNCTION).allows(rawSend));

        assertFalse(report.allows(new Request("ses:SendRawEmail", rawSend.resource(), Map.of("ses:FromAddress", "someone@else.example"))),
                "a sender that is neither ReportSender nor an AdditionalReportSenders entry");
        assertFalse(webhook.allows(new Request("dynamodb:Scan", TABLE_ARN, Map.of())), "the webhook never scans the table");
        assertFalse(webhook.allows(new Request("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/other", Map.of())));
        assertFalse(report.allows(new Request("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/leadloop/generic-webhook-secret", Map.of())),
                "the report function reads the settings document, not the webhook secrets");
        assertFalse(webhook.allows(new Request("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k", Map.of())),
                "KMS only through SSM");

        // The backfill's continuation is a hand-signed Invoke (no SDK call to record): its grant names the function itself.
        IamPolicy backfill = IamPolicy.ofFunction(TEMPLATE, AwsCalls.BACKFILL_FUNCTION);
        String functions = "arn:aws:lambda:us-east-1:123456789012:function:";
        assertTrue(backfill.allows(new Request("lambda:InvokeFunction", functions + Template.physicalName("BackfillFunction") + "-Xk2P9qR7mZ1a", Map.of())));
        assertFalse(backfill.allows(new Request("lambda:InvokeFunction", functions + Template.physicalName("ReportFunction") + "-Xk2P9qR7mZ1a", Map.of())));
        assertFalse(webhook.allows(new Request("lambda:InvokeFunction", functions + Template.physicalName("BackfillFunction") + "-Xk2P9qR7mZ1a", Map.of())));
        assertTrue(backfill.allows(new Request("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/leadloop/hubspot-access-token", Map.of())));
        String parameters = "arn:aws:ssm:us-east-1:123456789012:parameter/leadloop/";
        for (String webhookSecret : List.of("hubspot-client-secret", "generic-webhook-secret", "salesforce-token", "pipedrive-user", "pipedrive-password")) {
            assertFalse(backfill.allows(new Request("ssm:GetParameter", parameters + webhookSecret, Map.of())),
                    "the backfill reads the API credentials, not the webhook secret " + webhookSecret);
        }
        // A CRM not enabled: its API credentials are neither set nor readable.
        Template hubSpotOnly = Template.load(TEMPLATE_FILE, Map.of("ReportSender", "leadloop@example.com", "ReportRecipients", "sales@example.com",
                "EnableHubSpot", "true"));
        IamPolicy hubSpotBackfill = IamPolicy.ofFunction(hubSpotOnly, AwsCalls.BACKFILL_FUNCTION);
        assertTrue(hubSpotBackfill.allows(new Request("ssm:GetParameter", parameters + "hubspot-access-token", Map.of())));
        for (String other : List.of("pipedrive-api-token", "salesforce-client-id", "salesforce-client-secret")) {
            assertFalse(hubSpotBackfill.allows(new Request("ssm:GetParameter", parameters + other, Map.of())), other);
        }
        assertEquals(List.of("LEADLOOP_HUBSPOT_ACCESS_TOKEN_PARAM"), hubSpotOnly.environment(AwsCalls.BACKFILL_FUNCTION).keySet().stream()
                .filter(key -> key.contains("HUBSPOT") || key.contains("PIPEDRIVE") || key.contains("SALESFORCE")).toList());
    }

    /** The function's environment from template.yaml (blank values are unset, as in Lambda), on a fresh table. */
    private static Config configOf(String function, ParameterStore store) {
        Map<String, String> env = new HashMap<>(TEMPLATE.environment(function));
        assertEquals(Template.physicalName("FunnelTable"), env.remove(StoreSettings.TABLE), function + " works on the stack's table");
        env.values().removeIf(String::isBlank);
        return Engines.freshConfig(env, store::value);
    }

    private final ConcurrentLinkedQueue<String> ssmReads = new ConcurrentLinkedQueue<>();

    private List<String> drainReads() {
        List<String> names = new ArrayList<>(ssmReads);
        ssmReads.clear();
        return names;
    }

    /** Answers GetParameter as SSM's JSON protocol does, and notes each name asked for. */
    private ParameterStore fakeSsm(Map<String, String> parameters) throws IOException {
        ssm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ssm.createContext("/", exchange -> {
            Map<?, ?> body = (Map<?, ?>) Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String name = (String) body.get("Name");
            assertEquals("AmazonSSM.GetParameter", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            ssmReads.add(name);
            String value = parameters.get(name);
            byte[] answer = (value == null ? "{\"__type\": \"ParameterNotFound\"}"
                    : Json.compact(Map.of("Parameter", Map.of("Name", name, "Type", "SecureString", "Value", value)))).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(value == null ? 400 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        ssm.start();
        return new ParameterStore(Template.REGION, URI.create("http://127.0.0.1:" + ssm.getAddress().getPort() + "/"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    private static void assertMade(List<Call> calls, String function, String... actions) {
        Set<String> made = calls.stream().filter(c -> c.function().equals(function))
                .flatMap(c -> c.authorizations().stream()).map(Request::action).collect(Collectors.toCollection(TreeSet::new));
        for (String action : actions) assertTrue(made.contains(action), function + " was seen making " + action + "; it made " + made);
    }

    private static void assertGranted(List<Call> calls) {
        Map<String, IamPolicy> policies = Map.of(
                AwsCalls.WEBHOOK_FUNCTION, IamPolicy.ofFunction(TEMPLATE, AwsCalls.WEBHOOK_FUNCTION),
                AwsCalls.REPORT_FUNCTION, IamPolicy.ofFunction(TEMPLATE, AwsCalls.REPORT_FUNCTION),
                AwsCalls.BACKFILL_FUNCTION, IamPolicy.ofFunction(TEMPLATE, AwsCalls.BACKFILL_FUNCTION));
        Set<String> denied = new LinkedHashSet<>();
        for (Call call : calls) {
            for (Request request : call.authorizations()) {
                if (!policies.get(call.function()).allows(request)) denied.add(call.function() + " " + call.operation() + ": " + request);
            }
        }
        if (!denied.isEmpty()) fail("template.yaml does not grant what the code calls:\n" + String.join("\n", denied));
    }
}
