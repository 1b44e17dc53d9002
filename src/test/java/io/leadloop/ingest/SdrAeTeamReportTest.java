package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SDR/AE team through the webhook handler, DynamoDB Local and the report: SDR sam owns the leads, AE alex the
 * deals. The rep lines credit sam with the deals of the leads he sourced and alex with the deals he closed.
 */
@EndToEnd
class SdrAeTeamReportTest {

    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid"));

    private static Map<String, Object> event(String id, String type, String at, Object... fields) {
        Map<String, Object> e = new LinkedHashMap<>(Map.of("id", id, "type", type, "occurred_at", at));
        for (int i = 0; i < fields.length; i += 2) e.put((String) fields[i], fields[i + 1]);
        return e;
    }

    @Test
    @SuppressWarnings("unchecked")
    void sourcedByAndClosedByLinesCountOnePersonEach() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            events.add(event("lead-" + i, "lead.created", "2026-11-16T09:0" + i + ":00+01:00", "lead_id", "L-" + i,
                    "source", "webinar", "owner", "sam.ruiz"));
        }
        events.add(event("deal-1", "deal.created", "2026-11-17T10:00:00+01:00", "deal_id", "D-1", "lead_id", "L-1", "owner", "alex.kim", "amount", 12000, "currency", "EUR"));
        events.add(event("deal-2", "deal.created", "2026-11-17T11:00:00+01:00", "deal_id", "D-2", "lead_id", "L-2", "owner", "alex.kim", "amount", 8000, "currency", "EUR"));
        events.add(event("won-1", "deal.won", "2026-11-19T16:00:00+01:00", "deal_id", "D-1", "amount", 12000, "currency", "EUR"));
        events.add(event("lost-2", "deal.lost", "2026-11-20T12:00:00+01:00", "deal_id", "D-2", "reason", "price"));
        var response = new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", events)), null);
        assertEquals(200, response.getStatusCode(), response.getBody());

        var reports = Wiring.reports(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.document(ReportJson.of(reports.build(Period.parse("2026-W47")))));

        List<Map<String, Object>> reps = (List<Map<String, Object>>) json.get("reps");
        Map<String, Object> sam = reps.stream().filter(r -> r.get("rep").equals("sam.ruiz")).findFirst().orElseThrow();
        Map<String, Object> alex = reps.stream().filter(r -> r.get("rep").equals("alex.kim")).findFirst().orElseThrow();
        assertEquals(2, reps.size(), reps.toString());
        assertEquals("sourced_by", sam.get("role"));
        assertEquals(Map.of("numerator", 1, "denominator", 6, "percent", 100.0 / 6, "above_100", false),
                normalised((Map<String, Object>) sam.get("leads_to_close")), "1 won of sam's 6 leads, not 0%");
        assertEquals(List.of(1, 2), counts((Map<String, Object>) sam.get("close_rate")), "the deals of sam's leads: 1 won of 2 closed");
        assertEquals("closed_by", alex.get("role"));
        assertEquals(List.of(1, 2), counts((Map<String, Object>) alex.get("close_rate")), "alex's deals: 1 won of 2 closed");
        assertNull(alex.get("leads_to_close"), "alex owns no leads: no leads-to-close, not n/a over someone else's");
        assertEquals(12000, ((Number) alex.get("won_value")).intValue());
    }

    private static List<Integer> counts(Map<String, Object> ratio) {
        return List.of(((Number) ratio.get("numerator")).intValue(), ((Number) ratio.get("denominator")).intValue());
    }

    private static Map<String, Object> normalised(Map<String, Object> ratio) {
        return Map.of("numerator", ((Number) ratio.get("numerator")).intValue(), "denominator", ((Number) ratio.get("denominator")).intValue(),
                "percent", ((Number) ratio.get("percent")).doubleValue(), "above_100", ratio.get("above_100"));
    }
}
