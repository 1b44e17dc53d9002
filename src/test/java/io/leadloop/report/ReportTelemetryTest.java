package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.ops.MetricLog;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.testing.Emf;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.SesFaults;
import io.leadloop.testing.SesFaults.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The line each report or alert writes: status and metrics by audience, never an address or what the email says. */
@EndToEnd
class ReportTelemetryTest {

    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);

    private final SesFaults ses = SesFaults.start();
    private final String recipient = "head-of-sales+" + System.nanoTime() + "@example.com";
    private final Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            ReportSettings.RECIPIENTS, recipient, AwsClients.SES_ENDPOINT, ses.endpoint().toString()));
    private final List<String> lines = new ArrayList<>();
    private final ReportHandler handler = new ReportHandler(() -> Wiring.report(config, Engines.dynamo(),
            new SesMailSender(AwsClients.ses(config), 2, Duration.ofMillis(1), d -> { }), CLOCK),
            new ReportTelemetry(new MetricLog(lines::add, CLOCK, "leadloop-test-ReportFunction")));

    @AfterEach
    void stop() {
        ses.close();
    }

    private List<Map<String, Object>> drain() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : lines) {
            assertFalse(line.contains("@"), "no address: " + line);
            assertFalse(line.contains("Leads-to-Close") || line.contains("MQL-to-SQL"), "no subject: " + line);
            Map<String, Object> root = Emf.parse(line);
            assertEquals("report", root.get("log"));
            assertEquals(List.of(List.of("FunctionName", "Audience")), Emf.dimensions(root));
            assertEquals(List.of("ReportsSent", "AlertsSent", "ReportsFailed"), Emf.metricNames(root));
            out.add(root);
        }
        lines.clear();
        return out;
    }

    @Test
    void eachScheduledReportLogsOneLineThatCountsItSentAndARepeatCountsNothing() {
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), CLOCK)).handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);

        handler.handleRequest(Fixtures.jsonFile("events/scheduled-report.json"), null);
        handler.handleRequest(Fixtures.jsonFile("events/scheduled-marketing-report.json"), null);

        List<Map<String, Object>> sent = drain();
        assertEquals(List.of("sales", "marketing"), sent.stream().map(l -> l.get("Audience")).toList());
        for (Map<String, Object> line : sent) {
            assertEquals("sent", line.get("status"));
            assertEquals("2026-W47", line.get("period"));
            assertEquals(List.of(1, 0, 0), counts(line));
        }

        handler.handleRequest(Fixtures.jsonFile("events/scheduled-report.json"), null);
        Map<String, Object> again = drain().get(0);
        assertEquals("already_sent", again.get("status"));
        assertEquals(List.of(0, 0, 0), counts(again));
    }

    @Test
    void aReportSesRefusesIsCountedAsFailed() {
        ses.alwaysFail(Fault.rejected());

        assertThrows(ReportHandler.NotSent.class, () -> handler.handleRequest(Fixtures.jsonFile("events/scheduled-report.json"), null));

        List<Map<String, Object>> failed = drain();
        assertEquals(1, failed.size());
        assertEquals("failed", failed.get(0).get("status"));
        assertEquals(List.of(0, 0, 1), counts(failed.get(0)));
    }

    private static List<Integer> counts(Map<String, Object> line) {
        return List.of("ReportsSent", "AlertsSent", "ReportsFailed").stream().map(m -> ((Number) line.get(m)).intValue()).toList();
    }
}
