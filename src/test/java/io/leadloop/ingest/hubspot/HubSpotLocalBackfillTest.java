package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.json.Json;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Laptop;
import io.leadloop.testing.Laptop.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leadloop backfill hubspot} as a user runs it, against a local HubSpot account: the history lands in the
 * local data, and {@code ./leadloop report} then shows the week the webhooks would have shown.
 */
@EndToEnd
class HubSpotLocalBackfillTest {

    @TempDir
    Path data;

    private final HubSpotFake hubspot = HubSpotFake.withSampleAccount();

    @AfterEach
    void stopTheAccount() {
        hubspot.close();
    }

    private Run leadloop(String... args) throws Exception {
        return Laptop.run(data, Map.of(HubSpotHistory.API_URL, hubspot.url().toString(), HubSpotHistory.ACCESS_TOKEN, HubSpotFake.TOKEN), args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBackfilledHistoryReportsTheWeekTheWebhooksWouldHave() throws Exception {
        Run backfill = leadloop("backfill", "hubspot", "--data", data.resolve("db").toString());

        assertEquals(0, backfill.exit(), backfill.stderr());
        Map<String, Object> summary = (Map<String, Object>) Json.parse(backfill.stdout());
        assertEquals(Boolean.TRUE, summary.get("done"), backfill.stdout());
        assertTrue(((Number) summary.get("events_applied")).intValue() > 0, backfill.stdout());
        assertTrue(backfill.stderr().contains("leadloop: hubspot backfill: "), "a progress line per page on stderr: " + backfill.stderr());

        Run report = leadloop("report", "--period", "2026-W47", "--data", data.resolve("db").toString());

        assertEquals(0, report.exit(), report.stderr());
        Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) Json.parse(report.stdout())).get("counts");
        var week = HubSpotWebhookHandlerTest.SAMPLE_WEEK;
        assertEquals(List.of(week.leads(), week.mqls(), week.sqls(), week.won(), week.wonValue().longValueExact()),
                List.of(number(counts, "leads"), number(counts, "mqls"), number(counts, "sqls"), number(counts, "won"), number(counts, "won_value")),
                "the sample week's leads, MQLs, SQLs, deals won and won value, as the webhooks deliver them");

        Run again = leadloop("backfill", "hubspot", "--data", data.resolve("db").toString());
        assertEquals(0, ((Number) ((Map<String, Object>) Json.parse(again.stdout())).get("events_applied")).intValue(),
                "a second run applies nothing: " + again.stdout());
    }

    private static long number(Map<String, Object> counts, String key) {
        return ((Number) counts.get(key)).longValue();
    }
}
