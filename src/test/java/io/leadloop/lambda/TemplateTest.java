package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.json.Json;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What `sam build`, `sam deploy`, `sam local invoke` and a second stack in the same account need of template.yaml. */
@Contract
class TemplateTest {

    private static final Template TEMPLATE = Template.load(Path.of("template.yaml"), Map.of(
            "ReportSender", "leadloop@example.com", "ReportRecipients", "sales@example.com"));
    private static final List<String> FUNCTIONS = List.of("WebhookFunction", "ReportFunction");

    @Test
    void samBuildCopiesTheJarInsteadOfBuildingIt() {
        for (String function : FUNCTIONS) {
            // sam build cannot build a CodeUri that is a file; SkipBuild makes it package the jar as it is.
            assertTrue(TEMPLATE.functionProperty(function, "CodeUri").toString().endsWith(".jar"));
            assertEquals(Boolean.TRUE, Template.map(TEMPLATE.resource(function).get("Metadata")).get("SkipBuild"), function);
        }
    }

    @Test
    void schedulesTakeGeneratedNamesSoThatTwoStacksInOneRegionDoNotCollide() {
        Map<String, Map<String, Object>> schedules = new HashMap<>(schedules("ReportFunction"));
        assertEquals(Set.of("SalesReport", "MarketingReport", "Alerts"), schedules.keySet());
        schedules.putAll(schedules("BackfillFunction"));
        schedules.forEach((name, properties) -> {
            assertEquals(Boolean.TRUE, properties.get("OmitName"), name);
            assertFalse(properties.containsKey("Name"), name);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachEnabledCrmIsReconciledNightlyInTheReportTimezoneWithTheInputOfItsSample() throws IOException {
        Map<String, String> conditions = Map.of("hubspot", "HubSpotEnabled", "pipedrive", "PipedriveEnabled", "salesforce", "SalesforceEnabled");
        Map<String, Map<String, Object>> schedules = schedules("BackfillFunction");
        assertEquals(Set.of("HubSpotReconcile", "PipedriveReconcile", "SalesforceReconcile"), schedules.keySet());
        Set<String> times = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> schedule : schedules.entrySet()) {
            String name = schedule.getKey();
            Map<String, Object> properties = schedule.getValue();
            Map<String, Object> input = (Map<String, Object>) Json.parse(properties.get("Input").toString());
            String source = input.get("source").toString();
            assertEquals(Fixtures.jsonFile("events/reconcile-" + source + ".json"), input, name);
            assertEquals(Map.of("Ref", "ReportTimezone"), properties.get("ScheduleExpressionTimezone"), name);
            assertEquals(Map.of("Fn::If", List.of(conditions.get(source), "ENABLED", "DISABLED")), properties.get("State"), name);
            assertEquals(Boolean.TRUE, properties.get("OmitName"), name);
            assertTrue(times.add(properties.get("ScheduleExpression").toString()), name + " runs at a time of its own");
        }
        Template allEnabled = Template.load(Path.of("template.yaml"), Map.of("ReportSender", "leadloop@example.com",
                "ReportRecipients", "sales@example.com", "EnableHubSpot", "true", "EnablePipedrive", "true", "EnableSalesforce", "true"));
        assertEquals(Set.of("ENABLED"), schedules.keySet().stream().map(name -> allEnabled.resolve(schedules.get(name).get("State")))
                .collect(Collectors.toSet()));
        assertEquals(Set.of("DISABLED"), schedules.values().stream().map(properties -> TEMPLATE.resolve(properties.get("State")))
                .collect(Collectors.toSet()), "a CRM not enabled is not read");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachScheduleSampleInEventsIsWhatItsScheduleSends() throws IOException {
        Map<String, String> samples = Map.of("SalesReport", "events/scheduled-report.json",
                "MarketingReport", "events/scheduled-marketing-report.json", "Alerts", "events/scheduled-alerts.json");
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            assertEquals(Set.copyOf(samples.values()), files.map(p -> "events/" + p.getFileName())
                    .filter(p -> p.startsWith("events/scheduled-")).collect(Collectors.toSet()), "every schedule sample has its schedule");
        }
        for (Map.Entry<String, Map<String, Object>> schedule : schedules("ReportFunction").entrySet()) {
            Map<String, Object> sample = Fixtures.jsonFile(samples.get(schedule.getKey()));
            String input = schedule.getValue().get("Input").toString()
                    .replace("<aws.scheduler.scheduled-time>", sample.get("scheduled_time").toString());
            assertEquals((Map<String, Object>) Json.parse(input), sample, schedule.getKey());
        }
    }

    @Test
    void lambdaWritesItsOwnLogLinesAsJson() {
        for (String function : FUNCTIONS) {
            assertEquals("JSON", Template.map(TEMPLATE.functionProperty(function, "LoggingConfig")).get("LogFormat"), function);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeadLetterQueueAndEachFunctionsErrorsRaiseAnAlarm() {
        Map<String, Map<String, Object>> alarms = new HashMap<>();
        Template.map(TEMPLATE.document().get("Resources")).forEach((id, resource) -> {
            if ("AWS::CloudWatch::Alarm".equals(Template.map(resource).get("Type"))) {
                Map<String, Object> properties = (Map<String, Object>) TEMPLATE.resolve(Template.map(resource).get("Properties"));
                List<Map<String, Object>> dimensions = (List<Map<String, Object>>) properties.get("Dimensions");
                alarms.put(properties.get("Namespace") + "/" + properties.get("MetricName") + "/" + dimensions.get(0).get("Value"), properties);
            }
        });
        Map<String, Object> queue = alarms.get("AWS/SQS/ApproximateNumberOfMessagesVisible/" + Template.physicalName("ReportDeadLetterQueue") + ".QueueName");
        assertEquals("GreaterThanThreshold", queue.get("ComparisonOperator"), "one message in the queue is one report not sent");
        assertEquals(0, ((Number) queue.get("Threshold")).intValue());
        // The metric DeliveryTelemetry writes for a 503 apply-failed, which Lambda does not count as an error.
        Map<String, Object> applyFailed = alarms.get("leadloop/DeliveriesRejected/" + Template.physicalName("WebhookFunction"));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", Template.physicalName("WebhookFunction")),
                Map.of("Name", "ProblemType", "Value", "apply-failed")), applyFailed.get("Dimensions"));
        for (String function : FUNCTIONS) {
            Map<String, Object> errors = alarms.get("AWS/Lambda/Errors/" + Template.physicalName(function));
            assertEquals("Sum", errors.get("Statistic"), function);
            assertEquals(0, ((Number) errors.get("Threshold")).intValue(), function);
        }
    }

    @Test
    void theEnvVarsFileForSamLocalInvokeSetsOnlyDeclaredVariablesAndStartsEachFunction() {
        Map<String, Object> file = Fixtures.jsonFile("events/env.json");
        assertEquals(Set.of("WebhookFunction", "ReportFunction", "BackfillFunction"), file.keySet());
        Map<String, Config> configs = new HashMap<>();
        for (String function : file.keySet()) {
            Map<String, String> declared = TEMPLATE.environment(function);
            Map<String, String> env = new HashMap<>(declared);
            Template.map(file.get(function)).forEach((key, value) -> {
                // sam local invoke ignores a variable the template does not declare for the function.
                assertTrue(declared.containsKey(key), function + " does not declare " + key);
                env.put(key, value.toString());
            });
            env.values().removeIf(String::isBlank);
            // The file's endpoints are those of a DynamoDB Local and an SES emulator on the usual ports; here, the test engines'.
            env.keySet().removeAll(List.of(AwsClients.DYNAMODB_ENDPOINT, AwsClients.SES_ENDPOINT, StoreSettings.TABLE));
            configs.put(function, Engines.freshConfig(env, name -> {
                throw new AssertionError(function + " reads SSM parameter " + name + " under sam local invoke");
            }));
        }
        WebhookHandler webhook = new WebhookHandler(Wiring.ingest(configs.get("WebhookFunction"), Engines.dynamo(),
                Fixtures.clockAt(Fixtures.SIGNED_AT)));
        assertEquals(200, webhook.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null).getStatusCode(),
                "the sample is signed with the secret events/env.json gives");
        Config report = configs.get("ReportFunction");
        assertEquals(List.of("sales", "marketing"), Wiring.report(report, Engines.dynamo(), new SesMailSender(AwsClients.ses(report)),
                Fixtures.clockAt(Fixtures.SIGNED_AT)).reports().audiences().stream().map(a -> a.id()).toList());
        // The CRM credentials come from SSM (--parameter-overrides EnablePipedrive=true …, README), with the caller's credentials.
        Wiring.backfill(configs.get("BackfillFunction"), Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));
    }

    private static Map<String, Map<String, Object>> schedules(String function) {
        Map<String, Map<String, Object>> schedules = new HashMap<>();
        Template.map(Template.map(TEMPLATE.resource(function).get("Properties")).get("Events")).forEach((name, event) -> {
            if ("ScheduleV2".equals(Template.map(event).get("Type"))) schedules.put(name, Template.map(Template.map(event).get("Properties")));
        });
        return schedules;
    }
}
