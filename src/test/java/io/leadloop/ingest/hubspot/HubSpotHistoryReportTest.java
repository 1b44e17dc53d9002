package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.ReportHandlerTest;
import io.leadloop.lambda.Wiring;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A HubSpot account read by its backfill and a nightly reconciliation (the local HubSpot, DynamoDB Local), then week
 * 47's sales report sent on Monday 23 November through the report function to the SES emulator: its stored JSON
 * names where the history starts and when the reconciliation last ran, and its email warns when that was three nights ago.
 */
@EndToEnd
class HubSpotHistoryReportTest {

    private static final Instant BACKFILL_AT = Instant.parse("2026-11-19T16:00:00Z");

    private final HubSpotFake hubspot = HubSpotFake.withSampleAccount();
    private final String sales = "sales+" + System.nanoTime() + "@example.com";
    private final Config config = HubSpotWebhookHandlerTest.config(Map.of()).with(Map.of(
            HubSpotHistory.ACCESS_TOKEN, HubSpotFake.TOKEN, HubSpotHistory.API_URL, hubspot.url().toString(),
            ReportSettings.RECIPIENTS, sales));
    private ReportHandler report;

    @AfterEach
    void stopFake() {
        hubspot.close();
    }

    private void read(Kind kind, Instant at) {
        Clock clock = Fixtures.clockAt(at);
        Wiring.backfill(config, Engines.dynamo(), clock)
                .run(Wiring.history(config, HubSpotAdapter.SOURCE, new JdkCrmHttp(d -> {}, clock)), kind, () -> true, s -> {});
    }

    /** Week 47's sales email, sent on Monday morning: its plain text, line wrapping undone. */
    private String sendWeek47() {
        report = new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)),
                Fixtures.clockAt(Fixtures.SIGNED_AT)));
        report.handleRequest(Map.of("audience", "sales", "period", "2026-W47"), null);
        List<Map<String, Object>> emails = Engines.emailsTo(sales);
        assertEquals(1, emails.size());
        return ReportHandlerTest.body(emails.get(0), "text").replaceAll("\\s+", " ");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> historyOfTheStoredReport() {
        Map<String, Object> snapshot = (Map<String, Object>) report.handleRequest(
                Map.of("fetch", true, "audience", "sales", "period", "2026-W47"), null).get("snapshot");
        List<Map<String, Object>> history = (List<Map<String, Object>>) ((Map<String, Object>) snapshot.get("data_health")).get("history");
        assertEquals(1, history.size(), history.toString());
        return history.get(0);
    }

    @Test
    void aReconciliationThreeNightsOldIsAWarningAndTheHistoryStartIsNamed() {
        read(Kind.BACKFILL, BACKFILL_AT);
        read(Kind.RECONCILE, Instant.parse("2026-11-20T01:30:00Z"));

        String text = sendWeek47();

        assertTrue(text.contains("RECONCILIATION BEHIND") || text.contains("Reconciliation behind"), text);
        assertTrue(text.contains("The nightly reconciliation of HubSpot last finished on 20 Nov 2026 (3 days ago)"), text);
        assertTrue(text.contains("History from HubSpot starts on 16 Nov 2026: earlier weeks show no data from it"), text);
        Map<String, Object> history = historyOfTheStoredReport();
        assertEquals("hubspot", history.get("source"));
        assertEquals("2026-11-16", history.get("history_from"), "contact 501, created on 16 November, is the oldest record");
        assertEquals("done", history.get("backfill"));
        assertEquals(BACKFILL_AT.toString(), history.get("backfill_finished_at"));
        assertEquals("2026-11-20T01:30:00Z", history.get("last_reconciliation_at"));
        assertEquals("2026-11-20T01:30:00Z", history.get("reconciled_through"), "every change before the reconciliation started");
        assertEquals(true, history.get("reconciliation_stale"));
        assertEquals(false, history.get("period_before_history"));
        assertEquals(true, history.get("trend_before_history"), "the trend goes back to week 35");
    }

    @Test
    void lastNightsReconciliationIsNoWarning() {
        read(Kind.BACKFILL, BACKFILL_AT);
        read(Kind.RECONCILE, Instant.parse("2026-11-23T01:30:00Z"));

        String text = sendWeek47();

        assertFalse(text.contains("nightly reconciliation"), text);
        assertTrue(text.contains("History from HubSpot starts on 16 Nov 2026"), text);
        Map<String, Object> history = historyOfTheStoredReport();
        assertEquals("2026-11-23T01:30:00Z", history.get("last_reconciliation_at"));
        assertEquals(false, history.get("reconciliation_stale"));
    }
}
