package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.funnel.Metric;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.backfill.Backfill;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.ReportJson;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Done-when of issue 11: {@code ./leadloop backfill}'s runner on a two-year HubSpot account ({@link TwoYearHubSpotAccount})
 * fills the table, and the report for a past period equals what HubSpot's webhooks of the same two years would have
 * produced. Table A is the backfill through the real runner and {@link HubSpotHistory}, reading the local HubSpot
 * ({@link HubSpotFake}); table B is the same changes as HubSpot's v3-signed webhooks through the real handler, shuffled,
 * in batches of at most 100, two at a time, as HubSpot delivers them.
 *
 * <p>Compared, for weeks spread over both years, a month and a quarter: the counts and previous counts, every ratio's
 * current value, the lagged MQL-to-SQL, the MQL cohort, the funnel steps and every breakdown (source, campaign, form,
 * owner) — what a user reads in the report.
 *
 * <p>Not compared period by period: the disqualification reasons. HubSpot keeps no date for a lead status, and the search
 * API answers current values only, so the backfill dates a disqualification at the contact's last modification
 * (docs/backfill.md); HubSpot moves that date whenever it touches the record itself, so a disqualification can land in a
 * later week than the webhook's. What both paths know is that the lead was disqualified: the cohort's disqualified count
 * (counted on the MQL day) is compared with the rest, and the number of disqualifications over the two years is too.
 */
@EndToEnd
class TwoYearHubSpotBackfillTest {

    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final int CONTACTS_PER_WEEK = 6;
    private static final int BATCH = 100;
    private static final List<Period> COMPARED = List.of("2024-W50", "2025-W07", "2025-W19", "2025-W33", "2025-W48", "2026-W09",
            "2026-W22", "2026-W36", "2026-W46", "2025-10", "2026-Q2").stream().map(Period::parse).toList();
    /** What the report shows that both paths know; see the class comment for what is left out. */
    private static final List<String> READ_BY_USERS = List.of("counts", "previous_counts", "mql_to_sql_lagged", "mql_cohort", "steps", "breakdowns");

    private final TwoYearHubSpotAccount account = new TwoYearHubSpotAccount(20261123L, CONTACTS_PER_WEEK);

    @Test
    void theBackfilledTwoYearsReportEveryPastPeriodAsTheWebhooksWould() throws Exception {
        Config backfilled = everyRowConfig();
        long started = System.nanoTime();
        Backfill.Summary summary;
        try (HubSpotFake hubspot = new HubSpotFake()) {
            hubspot.contacts.addAll(account.contactRecords());
            hubspot.deals.addAll(account.dealRecords());
            Config reading = backfilled.with(Map.of(HubSpotHistory.ACCESS_TOKEN, HubSpotFake.TOKEN, HubSpotHistory.API_URL, hubspot.url().toString()));
            summary = Wiring.backfill(reading, Engines.dynamo(), CLOCK).run(Wiring.history(reading, HubSpotAdapter.SOURCE,
                    new JdkCrmHttp(pause -> {}, CLOCK)), Kind.BACKFILL, () -> true, s -> {});
        }
        long backfillDone = System.nanoTime();
        Config webhooks = everyRowConfig();
        int received = deliverShuffled(webhooks, account.webhooks());
        long webhooksDone = System.nanoTime();

        assertTrue(summary.done(), "the backfill read the account to its end");
        assertEquals(account.contacts.size() + account.deals.size(), summary.records());
        assertEquals(List.of(), summary.skipped());
        for (Period period : COMPARED) {
            Map<String, Object> fromBackfill = readByUsers(backfilled, period);
            Map<String, Object> fromWebhooks = readByUsers(webhooks, period);
            assertTrue(((Number) counts(fromWebhooks).get("leads")).intValue() >= CONTACTS_PER_WEEK,
                    period.label() + " holds the account's leads, not two empty reports agreeing: " + counts(fromWebhooks));
            assertEquals(fromWebhooks, fromBackfill, period.label() + ": the backfilled report differs from the webhooks'");
        }
        assertEquals(disqualifications(webhooks), disqualifications(backfilled), "every disqualification, whatever week it is dated in");
        System.out.printf("two-year hubspot account: %d contacts, %d deals; backfill %d records in %.1f s (%d API calls),"
                        + " %d webhook events in %.1f s%n", account.contacts.size(), account.deals.size(), summary.records(),
                (backfillDone - started) / 1e9, summary.apiCalls(), received, (webhooksDone - backfillDone) / 1e9);
    }

    /**
     * The events in random order, in signed batches of at most 100, two requests at a time; a batch answered 503 (a
     * lead contended by the other request beyond the ledger's retries) is sent again, as HubSpot retries it.
     */
    private static int deliverShuffled(Config config, List<Map<String, Object>> events) {
        List<Map<String, Object>> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(47));
        WebhookHandler handler = HubSpotWebhookHandlerTest.handler(config, CLOCK);
        List<List<List<Map<String, Object>>>> lanes = List.of(new ArrayList<>(), new ArrayList<>());
        for (int from = 0; from < shuffled.size(); from += BATCH) {
            lanes.get(from / BATCH % 2).add(shuffled.subList(from, Math.min(shuffled.size(), from + BATCH)));
        }
        List<CompletableFuture<Void>> running = lanes.stream().map(lane -> CompletableFuture.runAsync(() -> {
            for (List<Map<String, Object>> batch : lane) {
                String body = Json.compact(batch);
                APIGatewayV2HTTPResponse response = handler.handleRequest(HubSpotWebhookHandlerTest.signed(body), null);
                if (response.getStatusCode() == 503) response = handler.handleRequest(HubSpotWebhookHandlerTest.signed(body), null);
                assertEquals(200, response.getStatusCode(), response.getBody());
            }
        })).toList();
        running.forEach(CompletableFuture::join);
        return shuffled.size();
    }

    private static Map<String, Object> readByUsers(Config config, Period period) {
        Map<String, Object> report = ReportJson.of(Wiring.reports(config, Engines.dynamo(), CLOCK).build(period));
        Map<String, Object> read = new LinkedHashMap<>();
        READ_BY_USERS.forEach(key -> read.put(key, report.get(key)));
        Map<Object, Object> currentRatios = new LinkedHashMap<>();
        for (Object ratio : (List<?>) report.get("ratios")) currentRatios.put(((Map<?, ?>) ratio).get("key"), ((Map<?, ?>) ratio).get("current"));
        read.put("ratios", currentRatios);
        return read;
    }

    /**
     * A fresh table with HubSpotWebhookHandlerTest's settings, reported with no breakdown value folded into "other"
     * ({@code metrics.min_group_size} 1, a report-only setting), so each source, campaign, form and owner is its own row.
     */
    private static Config everyRowConfig() {
        return HubSpotWebhookHandlerTest.config(Map.of()).with(Map.of(Section.DOCUMENT, Json.compact(Map.of(
                HubSpotAdapter.SECTION, Map.of(HubSpotAdapter.PORTAL_IDS, List.of(HubSpotWebhookHandlerTest.PORTAL)),
                "metrics", Map.of("min_group_size", 1)))));
    }

    private static Map<?, ?> counts(Map<String, Object> read) {
        return (Map<?, ?>) read.get("counts");
    }

    /** Disqualifications over the account's two years, quarter by quarter. */
    private static long disqualifications(Config config) {
        long total = 0;
        for (Period quarter = Period.parse("2024-Q4"); !quarter.start().isAfter(TwoYearHubSpotAccount.END.atZone(TwoYearHubSpotAccount.MADRID).toLocalDate());
             quarter = quarter.shifted(1)) {
            total += Fixtures.periodCounts(config, quarter).count(Metric.DISQUALIFIED);
        }
        return total;
    }
}
