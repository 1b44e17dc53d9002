package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leadloop.funnel.Period;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.GenericWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.report.ReportJson;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's case through the webhook handler, DynamoDB Local and the report: a second delivery moves lead B's MQL
 * three days earlier, which leaves an emptied 3-day bucket in the MQL→SQL histogram on Sunday's counter shards.
 */
@EndToEnd
class LateMqlMedianTest {

    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid"));
    private final WebhookHandler handler = new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));

    @SafeVarargs
    private final void deliver(Map<String, Object>... events) {
        var response = handler.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", List.of(events))), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    private static Map<String, Object> event(String id, String type, String at, String lead, String... more) {
        Map<String, Object> e = new java.util.LinkedHashMap<>(Map.of("id", id, "type", type, "occurred_at", at, "lead_id", lead));
        for (int i = 0; i < more.length; i += 2) e.put(more[i], more[i + 1]);
        return e;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMedianAndTheLagIgnoreTheEmptiedBucket() throws Exception {
        // 2026-08-17 is a Monday: week 2026-W34 is Mon 17 – Sun 23 August (Madrid, UTC+2 in summer).
        deliver(event("a-1", "lead.created", "2026-08-17T09:00:00+02:00", "L-A", "source", "webinar", "owner", "ana.garcia"),
                event("a-2", "lead.stage_reached", "2026-08-17T10:00:00+02:00", "L-A", "stage", "mql"),
                event("a-3", "lead.stage_reached", "2026-08-19T10:00:00+02:00", "L-A", "stage", "sql"),
                event("b-1", "lead.created", "2026-08-17T09:00:00+02:00", "L-B", "source", "webinar", "owner", "ana.garcia"),
                event("b-2", "lead.stage_reached", "2026-08-20T10:00:00+02:00", "L-B", "stage", "mql"),
                event("b-3", "lead.stage_reached", "2026-08-23T10:00:00+02:00", "L-B", "stage", "sql"));
        deliver(event("b-0", "lead.stage_reached", "2026-08-17T10:00:00+02:00", "L-B", "stage", "mql"));

        Period w34 = Period.parse("2026-W34");

        var reports = Wiring.reports(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.pretty(ReportJson.of(reports.build(w34))));

        // A took 2 days, B 6: median 4.0 days; the lag is round(4 / 7) = 1 week, so W34's SQLs over W33's MQLs.
        Map<String, Object> lagged = (Map<String, Object>) json.get("mql_to_sql_lagged");
        assertEquals(4.0, ((Number) lagged.get("median_mql_to_sql_days")).doubleValue());
        assertEquals(1, ((Number) lagged.get("lag_periods")).intValue());
        assertEquals("2026-W33", lagged.get("mql_period"));
        Map<String, Object> mqlToSql = ((List<Map<String, Object>>) json.get("steps")).stream()
                .filter(s -> s.get("to").equals("sql")).findFirst().orElseThrow();
        assertEquals(4.0, ((Number) mqlToSql.get("median_days")).doubleValue());
        assertFalse(Fixtures.periodCounts(config, w34).totals().containsKey("days_to_sql|days=3"),
                () -> "the emptied bucket is not read back as a value: " + Fixtures.periodCounts(config, w34).totals());
    }
}
