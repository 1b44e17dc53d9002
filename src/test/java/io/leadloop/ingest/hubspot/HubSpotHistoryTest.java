package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.backfill.Backfill;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.backfill.HistorySource.HistoryPage;
import io.leadloop.ingest.backfill.HistorySource.Owners;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.json.Json;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HubSpot's history read from a local HubSpot that answers as its API documentation shows, into DynamoDB Local. */
@Contract
class HubSpotHistoryTest {

    /** What the webhook sample's deliveries count: the same account, read back. */
    private static final StageCounts SAMPLE_WEEK = HubSpotWebhookHandlerTest.SAMPLE_WEEK;
    private static final Period WEEK_47 = HubSpotWebhookHandlerTest.WEEK_47;
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);

    private final HubSpotFake hubspot = HubSpotFake.withSampleAccount();
    private final List<Duration> slept = new ArrayList<>();
    private final JdkCrmHttp http = new JdkCrmHttp(slept::add, CLOCK);

    @AfterEach
    void stopFake() {
        hubspot.close();
    }

    private Config config() {
        return HubSpotWebhookHandlerTest.config(Map.of()).with(Map.of(
                HubSpotHistory.ACCESS_TOKEN, HubSpotFake.TOKEN, HubSpotHistory.API_URL, hubspot.url().toString()));
    }

    private Backfill.Summary backfill(Config config, Kind kind, Clock clock) {
        return Wiring.backfill(config, Engines.dynamo(), clock).run(Wiring.history(config, HubSpotAdapter.SOURCE, http), kind, () -> true, s -> {});
    }

    @Test
    void readsTheAccountToTheEndIntoTheFunnelTheWebhooksWouldHaveCounted() {
        Config config = config();

        Backfill.Summary summary = backfill(config, Kind.BACKFILL, CLOCK);

        assertTrue(summary.done());
        assertEquals(7, summary.records(), "5 contacts and 2 deals");
        assertEquals(2, summary.pages(), "one page of contacts, one of deals");
        assertEquals(List.of("GET /crm/v3/owners", "GET /crm/v3/owners", "GET /account-info/v3/details", "POST /crm/v3/objects/contacts/search",
                "POST /crm/v3/objects/deals/search", "GET /crm/v3/pipelines/deals", "POST /crm/v4/associations/deals/contacts/batch/read"),
                hubspot.requests);
        assertEquals(7, summary.apiCalls(), "the active and the archived owners, then the history's 5");
        assertEquals(List.of(), summary.skipped());
        HubSpotWebhookHandlerTest.assertSampleFunnel(config);
        assertEquals(new Backfill.OwnersRecorded(4, null), summary.owners());
        assertEquals(Map.of("71234567", "Marta Ruiz", "71234568", "Jonas Weber", "71234569", "sdr.pool@northwind.example",
                        "69876543", "Pieter de Vries"),
                Wiring.ownerDirectory(config, Engines.dynamo(), CLOCK).namesBySource().get(HubSpotAdapter.SOURCE),
                "by owner id, as hubspot_owner_id carries it; an owner without a name by email, an archived one too");
    }

    @Test
    void readsEveryPageOfOwnersActiveThenArchived() {
        for (int i = 0; i < 150; i++) {
            hubspot.owners.add(Map.of("id", Integer.toString(80_000_000 + i), "email", "rep" + i + "@northwind.example", "type", "PERSON",
                    "firstName", "Rep", "lastName", Integer.toString(i), "userId", 9_700_000 + i, "createdAt", "2025-01-07T07:45:12.000Z",
                    "updatedAt", "2025-01-07T07:45:12.000Z", "archived", false));
        }

        Owners owners = HubSpotHistory.fromConfig(config(), http).owners();

        assertEquals(154, owners.names().size());
        assertEquals("Rep 149", owners.names().get("80000149"), "from the second page, after paging.next.after");
        assertEquals("Pieter de Vries", owners.names().get("69876543"));
        assertEquals(3, owners.apiCalls(), "two pages of 100 active owners, one of archived ones");
    }

    @Test
    void withoutTheOwnersScopeTheHistoryIsReadAndTheSummarySaysWhatToGrant() {
        Config config = config();
        hubspot.refuseOwners();

        Backfill.Summary summary = backfill(config, Kind.BACKFILL, CLOCK);

        assertTrue(summary.done());
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
        assertEquals(0, summary.owners().names());
        assertTrue(summary.owners().problem().startsWith(HubSpotHistory.ACCESS_TOKEN), summary.owners().problem());
        assertTrue(summary.owners().problem().contains("crm.objects.owners.read"), summary.owners().problem());
        assertEquals(Map.of(), Wiring.ownerDirectory(config, Engines.dynamo(), CLOCK).namesBySource());
    }

    @Test
    void backfillAndWebhooksOverlappingCountWhatEitherCountsAlone() throws Exception {
        Config webhooksOnly = config();
        deliverSample(webhooksOnly, Set.of());
        Config backfillOnly = config();
        backfill(backfillOnly, Kind.BACKFILL, CLOCK);
        Config both = config();
        deliverSample(both, Set.of());
        Backfill.Summary overlapping = backfill(both, Kind.BACKFILL, CLOCK);

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(both, WEEK_47));
        assertEquals(Fixtures.periodCounts(webhooksOnly, WEEK_47), Fixtures.periodCounts(both, WEEK_47),
                "every breakdown, duration and value as the webhooks alone");
        assertEquals(Fixtures.periodCounts(backfillOnly, WEEK_47), Fixtures.periodCounts(both, WEEK_47));
        assertTrue(overlapping.applied() > 0, "the backfill's own ids are new to the ledger, yet they change no count");
    }

    @Test
    void aReRunAppliesNothingNew() {
        Config config = config();
        Backfill.Summary first = backfill(config, Kind.BACKFILL, CLOCK);
        PeriodCounts before = Fixtures.periodCounts(config, WEEK_47);

        Backfill.Summary again = backfill(config, Kind.BACKFILL, CLOCK);

        assertTrue(again.done());
        assertEquals(0, again.applied());
        assertEquals(first.applied(), again.duplicates());
        assertEquals(before, Fixtures.periodCounts(config, WEEK_47));
    }

    @Test
    void anInterruptedRunResumesFromItsSavedCursorToTheSameResult() {
        List<Map<String, Object>> many = generatedContacts(250);
        hubspot.contacts.addAll(many);
        Config interrupted = config();
        AtomicInteger pages = new AtomicInteger();
        Backfill runner = Wiring.backfill(interrupted, Engines.dynamo(), CLOCK);
        HistorySource history = Wiring.history(interrupted, HubSpotAdapter.SOURCE, http);

        Backfill.Summary cut = runner.run(history, Kind.BACKFILL, () -> pages.getAndIncrement() < 2, s -> {});
        assertFalse(cut.done());
        assertEquals(200, cut.records(), "two pages of 100 contacts before the run was told to stop");
        Backfill.Summary resumed = Wiring.backfill(interrupted, Engines.dynamo(), CLOCK)
                .run(Wiring.history(interrupted, HubSpotAdapter.SOURCE, http), Kind.BACKFILL, () -> true, s -> {});

        assertTrue(resumed.done());
        assertEquals(255 + 2 - 200, resumed.records(), "the rest: 55 contacts and the 2 deals, none read again");
        Config inOneRun = config();
        backfill(inOneRun, Kind.BACKFILL, CLOCK);
        assertEquals(Fixtures.periodCounts(inOneRun, WEEK_47), Fixtures.periodCounts(interrupted, WEEK_47));
        assertEquals(SAMPLE_WEEK.leads() + 250, Fixtures.countsOf(interrupted, WEEK_47).leads());
    }

    @Test
    void aRateLimitedCallWaitsWhatRetryAfterSaysAndLosesNoPage() {
        Config config = config();
        hubspot.throttleNext(2);

        Backfill.Summary summary = backfill(config, Kind.BACKFILL, CLOCK);

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), slept);
        assertEquals(9, summary.apiCalls(), "the 7 calls and the 2 refused ones");
        assertEquals(9, hubspot.requests.size());
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void aRefusedTokenNamesTheSettingToFix() {
        Config config = config().with(Map.of(HubSpotHistory.ACCESS_TOKEN, "pat-eu1-revoked"));

        ConfigException e = assertThrows(ConfigException.class, () -> backfill(config, Kind.BACKFILL, CLOCK));

        assertTrue(e.getMessage().startsWith(HubSpotHistory.ACCESS_TOKEN), e.getMessage());
        assertTrue(e.getMessage().contains("answered 401: Authentication credentials not found"), e.getMessage());
        assertTrue(e.getMessage().contains("crm.objects.contacts.read"), e.getMessage());
        assertFalse(e.getMessage().contains("pat-eu1-revoked"), "the token is never shown");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aReconciliationAfterDroppedWebhooksRestoresTheTruth() throws Exception {
        Config config = config();
        // HubSpot gave up on the deliveries of both closings and of 504's MQL change
        deliverSample(config, Set.of("dealstage:closedwon", "dealstage:closedlost", "lifecyclestage:504"));
        assertNotEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
        Clock nextNight = Fixtures.clockAt(Instant.parse("2026-11-22T02:00:00Z"));

        Backfill.Summary reconciled = backfill(config, Kind.RECONCILE, nextNight);

        assertEquals(Instant.parse("2026-11-21T01:00:00Z"), reconciled.since(), "the night before, with an hour's margin");
        assertEquals(1, reconciled.records(), "only what changed since: deal 9002");
        assertEquals(new StageCounts(5, 2, 2, 2, 0, 0, 1, BigDecimal.ZERO), Fixtures.countsOf(config, WEEK_47),
                "9002's loss is back; 9001's win and 504's MQL changed before that window");

        Backfill.Summary wider = Wiring.backfill(config, Engines.dynamo(), nextNight)
                .run(Wiring.history(config, HubSpotAdapter.SOURCE, http), Kind.RECONCILE, () -> true, s -> {});
        assertEquals(Instant.parse("2026-11-22T02:00:00Z"), wider.since(), "the next reconciliation starts where this one did");

        HubSpotFake.modify(hubspot.deals, "9001", "hs_lastmodifieddate", Instant.parse("2026-11-22T10:00:00Z"), Map.of());
        HubSpotFake.modify(hubspot.contacts, "504", "lastmodifieddate", Instant.parse("2026-11-22T10:00:00Z"), Map.of());
        backfill(config, Kind.RECONCILE, Fixtures.clockAt(Instant.parse("2026-11-23T02:00:00Z")));
        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void pagesPastTheSearchApisTenThousandResultsByMovingTheLowerBound() {
        hubspot.contacts.addAll(generatedContacts(10_250));
        HubSpotHistory history = HubSpotHistory.fromConfig(config(), http);
        Set<String> leads = new java.util.HashSet<>();
        String cursor = null;
        int records = 0;
        long started = System.nanoTime();
        do {
            HistoryPage page = history.read(cursor, null);
            records += page.records();
            page.events().forEach(e -> {
                if (e instanceof io.leadloop.funnel.FunnelEvent.LeadCreated created) leads.add(created.leadId());
            });
            cursor = page.next();
        } while (cursor != null);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertEquals(10_255, leads.size(), "every contact, none lost at the 10,000 boundary");
        assertTrue(records > 10_257, "the records sharing the boundary's modification time are read twice: " + records);
        long searches = hubspot.requests.stream().filter(r -> r.endsWith("/search")).count();
        assertEquals(104, searches, "100 pages to the end of the first query's window, 3 from the moved bound, 1 of deals");
        System.out.printf("hubspot history: %d records in %.1f s (%.0f records/s), %d API calls (%.1f per 10k records)%n",
                records, seconds, records / seconds, http.calls(), http.calls() * 10_000.0 / records);
    }

    /** Contacts modified three at a time, a minute apart, each 20 hours after it was created. */
    static List<Map<String, Object>> generatedContacts(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        Instant first = Instant.parse("2026-11-17T06:00:00Z");
        for (int i = 0; i < n; i++) {
            String id = Integer.toString(100_000 + i);
            Instant modified = first.plusSeconds(60L * (i / 3));
            Instant created = modified.minus(Duration.ofHours(20));
            Map<String, Object> properties = new HashMap<>();
            properties.put("createdate", created.toString());
            properties.put("lastmodifieddate", modified.toString());
            properties.put("lifecyclestage", "lead");
            properties.put("hs_lifecyclestage_lead_date", created.toString());
            properties.put("hs_analytics_source", i % 2 == 0 ? "ORGANIC_SEARCH" : "PAID_SOCIAL");
            out.add(new LinkedHashMap<>(Map.of("id", id, "properties", properties, "createdAt", created.toString(),
                    "updatedAt", modified.toString(), "archived", false)));
        }
        return out;
    }

    /** The webhook sample through the real handler, without the events whose property change and value (or object) match. */
    private static void deliverSample(Config config, Set<String> dropped) throws Exception {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> event : HubSpotWebhookHandlerTest.sampleEvents()) {
            String change = event.get("propertyName") + ":" + event.get("propertyValue");
            String ofObject = event.get("propertyName") + ":" + event.get("objectId");
            if (!dropped.contains(change) && !dropped.contains(ofObject)) kept.add(event);
        }
        APIGatewayV2HTTPResponse response = HubSpotWebhookHandlerTest.handler(config, CLOCK)
                .handleRequest(HubSpotWebhookHandlerTest.signed(Json.compact(kept)), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
    }
}
