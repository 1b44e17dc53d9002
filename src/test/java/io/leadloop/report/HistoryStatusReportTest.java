package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.HistoryStatus.Runs;
import io.leadloop.report.HistoryStatus.Source;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import io.leadloop.testing.memory.InMemoryFunnel;
import io.leadloop.testing.memory.InMemoryHistoryStatus;
import io.leadloop.testing.memory.InMemoryOwnerDirectory;
import io.leadloop.testing.memory.InMemoryReportLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a report says about the CRM histories read into it: where a history starts when the period or the trend
 * reaches before it, and a reconciliation that stopped finishing. The sample webhook's week 2026-W47 (Madrid),
 * reported on Monday 23 November 2026; its trend starts on Monday 24 August (2026-W35).
 */
@Unit
class HistoryStatusReportTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final Period WEEK_47 = Period.parse("2026-W47");
    private static final Instant NOW = Fixtures.SIGNED_AT;
    /** The oldest contact the HubSpot backfill read was created on Monday 5 October 2026, 09:00 in Madrid. */
    private static final Instant OLDEST_CONTACT = Instant.parse("2026-10-05T07:00:00Z");
    private static final Runs BACKFILL_DONE = new Runs(null, Instant.parse("2026-11-19T16:42:10Z"), Instant.parse("2026-11-19T16:03:00Z"));

    private final Clock clock = Fixtures.clockAt(NOW);
    private final InMemoryFunnel funnel = new InMemoryFunnel(new FunnelRules(MADRID), clock);
    private final InMemoryHistoryStatus history = new InMemoryHistoryStatus();

    @BeforeEach
    void applyTheSampleWebhook() throws WebhookRejected {
        funnel.apply(GenericAdapter.replayMapper().map(WebhookHandler.toRequest(Fixtures.httpEvent("events/generic-webhook.json")),
                Fixtures.SIGNED_AT).events());
    }

    private ReportService reports(String language, HistoryStatus status) {
        Config config = new Config(Map.of(StoreSettings.TABLE, "unused", StoreSettings.TIMEZONE, MADRID.getId(), ReportSettings.SENDER, "leadloop@example.com",
                Section.DOCUMENT, "{\"audiences\": {\"sales\": {\"recipients\": [\"head-of-sales@example.com\"], \"language\": \"" + language + "\"}, "
                        + "\"marketing\": {\"recipients\": [\"cmo@example.com\"]}}}"), name -> null);
        return Wiring.reports(config, funnel, funnel, new InMemoryReportLedger(clock), new InMemoryOwnerDirectory(), status, clock);
    }

    private AudienceReport sales(String language, Period period) {
        ReportService reports = reports(language, history);
        return reports.prepare(reports.audience(Audience.Kind.SALES), period);
    }

    /** The plain-text part with its line wrapping undone. */
    private static String text(ReportService reports, AudienceReport report) {
        return reports.render(report).text().replaceAll("\\s+", " ");
    }

    private String salesText(String language, Period period) {
        ReportService reports = reports(language, history);
        return text(reports, reports.prepare(reports.audience(Audience.Kind.SALES), period));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> historyJson(AudienceReport report) throws Exception {
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.document(ReportJson.of(report, "subject")));
        return (List<Map<String, Object>>) ((Map<String, Object>) json.get("data_health")).get("history");
    }

    @Test
    void aHistoryStartingInsideTheTrendIsNamedAndAReconciliationThreeNightsOldIsAWarning() throws Exception {
        history.with(new Source("hubspot", BACKFILL_DONE,
                new Runs(null, Instant.parse("2026-11-20T01:31:05Z"), Instant.parse("2026-11-20T01:30:00Z")), OLDEST_CONTACT));

        String text = salesText("en", WEEK_47);

        assertTrue(text.contains("History from HubSpot starts on 5 Oct 2026: earlier weeks show no data from it because none was read,"
                + " not because nothing happened."), text);
        assertTrue(text.contains("The nightly reconciliation of HubSpot last finished on 20 Nov 2026 (3 days ago): webhooks the CRM"
                + " dropped since then are not repaired."), text);
        assertEquals(List.of(Json.parse("""
                {"source": "hubspot", "history_from": "2026-10-05", "backfill": "done", "backfill_finished_at": "2026-11-19T16:42:10Z",
                 "last_reconciliation_at": "2026-11-20T01:31:05Z", "reconciled_through": "2026-11-20T01:30:00Z",
                 "reconciliation_stale": true, "period_before_history": false, "trend_before_history": true}""")),
                historyJson(sales("en", WEEK_47)));
    }

    @Test
    void theSpanishEmailSaysTheSame() {
        history.with(new Source("hubspot", BACKFILL_DONE, new Runs(null, Instant.parse("2026-11-20T01:31:05Z"), null), OLDEST_CONTACT));

        String text = salesText("es", WEEK_47);

        assertTrue(text.contains("El historial de HubSpot empieza el 5 oct 2026: las semanas anteriores no muestran datos suyos porque"
                + " no se leyeron, no porque no pasara nada."), text);
        assertTrue(text.contains("La conciliación nocturna de HubSpot terminó por última vez el 20 nov 2026 (hace 3 días)"), text);
    }

    @Test
    void aHistoryOlderThanTheTrendWithALastNightsReconciliationLeavesTheEmailAsWithoutHistory() throws Exception {
        String without = salesText("en", WEEK_47);
        history.with(new Source("hubspot", BACKFILL_DONE,
                new Runs(null, Instant.parse("2026-11-23T01:31:05Z"), Instant.parse("2026-11-23T01:30:00Z")), Instant.parse("2024-12-01T10:00:00Z")));

        assertEquals(without, salesText("en", WEEK_47));
        Map<String, Object> json = historyJson(sales("en", WEEK_47)).get(0);
        assertEquals("2024-12-01", json.get("history_from"));
        assertEquals(false, json.get("reconciliation_stale"));
        assertEquals(false, json.get("trend_before_history"));
    }

    @Test
    void aWeekBeforeTheHistorySaysNothingWasReadRatherThanThatNothingHappened() throws Exception {
        history.with(new Source("hubspot", BACKFILL_DONE, null, OLDEST_CONTACT));
        Period beforeHistory = Period.parse("2026-W38");

        AudienceReport report = sales("en", beforeHistory);
        String text = salesText("en", beforeHistory);

        assertTrue(report.funnel().isEmpty());
        assertTrue(text.contains("No funnel activity was recorded this period"), text);
        assertTrue(text.contains("History from HubSpot starts on 5 Oct 2026: earlier weeks show no data from it"), text);
        assertFalse(text.contains("reconciliation"), "no reconciliation ran, so none is behind: " + text);
        Map<String, Object> json = historyJson(report).get(0);
        assertEquals(true, json.get("period_before_history"));
        assertNull(json.get("last_reconciliation_at"));
    }

    @Test
    void aBackfillInProgressHasNoStartYetAndAFirstReconciliationStuckForThreeDaysIsBehind() throws Exception {
        history.with(new Source("hubspot", new Runs(Instant.parse("2026-11-22T20:00:00Z"), null, null),
                new Runs(Instant.parse("2026-11-20T01:30:00Z"), null, null), OLDEST_CONTACT));

        Map<String, Object> json = historyJson(sales("en", WEEK_47)).get(0);
        String text = salesText("en", WEEK_47);

        assertEquals("in_progress", json.get("backfill"));
        assertNull(json.get("history_from"), "the oldest record read so far is not where the history starts: it is read by modification");
        assertEquals(true, json.get("reconciliation_stale"));
        assertFalse(text.contains("History from"), text);
        assertTrue(text.contains("The nightly reconciliation of HubSpot has not finished a run in 2 days"), text);
    }

    @Test
    void aReconciliationWithoutABackfillStartsNoHistoryAndARecentOneIsNotBehind() {
        SourceHistory reconciledOnly = SourceHistory.of(new Source("pipedrive", null,
                new Runs(null, Instant.parse("2026-11-21T09:00:00Z"), Instant.parse("2026-11-21T08:55:00Z")), null), MADRID, NOW);

        assertEquals(SourceHistory.Backfill.NEVER, reconciledOnly.backfill());
        assertNull(reconciledOnly.from());
        assertFalse(reconciledOnly.reconciliationStale(), "finished 1 day and 23 hours ago");
        assertFalse(reconciledOnly.startsAfter(WEEK_47.start()));
        assertTrue(SourceHistory.of(new Source("pipedrive", null, new Runs(null, Instant.parse("2026-11-21T07:59:59Z"), null), null), MADRID, NOW)
                .reconciliationStale(), "finished just over 2 days ago");
    }
}
