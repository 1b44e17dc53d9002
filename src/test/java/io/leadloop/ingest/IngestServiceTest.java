package io.leadloop.ingest;

import static io.leadloop.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.DeliveryArchive.Outcome;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.GenericWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.local.LocalMain;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import io.leadloop.testing.memory.InMemoryDeliveryArchive;
import io.leadloop.testing.memory.InMemoryEventLedger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the ingest service answers a sender, decided on the in-memory ledger and archive: the generic route's signed
 * deliveries (the sample in events/ and variations of it) through the real adapter and the real funnel rules. The
 * DynamoDB adapters behind the same ports are tested against DynamoDB Local (store/dynamodb).
 */
@Unit
class IngestServiceTest {

    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);

    private final InMemoryEventLedger ledger = new InMemoryEventLedger(new FunnelRules(ZoneId.of("Europe/Madrid")));
    private final InMemoryDeliveryArchive archive = new InMemoryDeliveryArchive(CLOCK);
    private final IngestService ingest = serviceWith(ledger);

    private IngestService serviceWith(EventLedger events) {
        return new IngestService(List.of(new GenericAdapter(List.of(LocalMain.TEST_GENERIC_SECRET), CLOCK)), archive, events);
    }

    /** The sample delivery: 14 events of 4 leads and 2 deals, signed as the generic route expects. */
    private static WebhookRequest sample() {
        return WebhookHandler.toRequest(Fixtures.httpEvent("events/generic-webhook.json"));
    }

    private static WebhookRequest signed(List<Map<String, Object>> events) {
        return WebhookHandler.toRequest(GenericWebhookHandlerTest.signed(Map.of("events", events)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sampleEvents() throws Exception {
        return new ArrayList<>((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(
                new String(sample().body(), StandardCharsets.UTF_8))).get("events"));
    }

    private void assertNothingKept() {
        assertEquals(List.of(), archive.references(), "nothing archived");
        assertTrue(ledger.applied().isEmpty(), "nothing applied");
    }

    @Test
    void anUnknownRouteIsA404ListingTheConfiguredOnes() {
        assertProblem(ingest.receive("zoho", sample()), 404, "urn:leadloop:problem:unknown-source",
                "no webhook route for 'zoho'; configured routes: [/webhooks/generic]");
        assertNothingKept();
    }

    @Test
    void aGetIsA405() {
        WebhookRequest post = sample();
        WebhookRequest get = new WebhookRequest("GET", post.host(), post.path(), post.rawQuery(), post.headers(), new byte[0]);

        assertProblem(ingest.receive(GenericAdapter.SOURCE, get), 405, "urn:leadloop:problem:method-not-allowed", "GET is not accepted; send POST");
        assertNothingKept();
    }

    @Test
    void aSignatureTheAdapterRejectsIsAnsweredWithTheAdaptersProblem() {
        String otherSecret = "whsec_" + Base64.getEncoder().encodeToString("another-secret".getBytes(StandardCharsets.UTF_8));
        IngestService otherRoute = ingest.withAdapters(List.of(new GenericAdapter(List.of(otherSecret), CLOCK)));

        assertProblem(otherRoute.receive(GenericAdapter.SOURCE, sample()), 401, "urn:leadloop:problem:unauthenticated", "signing secret");
        assertNothingKept();
    }

    @Test
    void eventsBeyondTheStorageBoundsAreA422AndNothingIsKept() throws Exception {
        List<Map<String, Object>> events = sampleEvents();
        Map<String, Object> longId = new HashMap<>(events.get(2));
        longId.put("lead_id", "L-" + "9".repeat(300));
        events.set(2, longId);

        Map<?, ?> problem = assertProblem(ingest.receive(GenericAdapter.SOURCE, signed(events)), 422,
                "urn:leadloop:problem:invalid-events", "/events/2/lead_id");
        assertTrue(problem.get("detail").toString().endsWith("nothing from this delivery was stored or applied"), problem.toString());
        assertEquals(1, ((List<?>) problem.get("errors")).size());
        assertNothingKept();
    }

    @Test
    void aDeliveryTooLargeToArchiveIsA413AndNothingIsApplied() throws Exception {
        // A new lead with 450 KB of incompressible data in an event of a type not known yet: valid, signed, too large.
        byte[] noise = new byte[450 * 1024];
        new Random(7).nextBytes(noise);
        List<Map<String, Object>> events = List.of(sampleEvents().get(0), Map.of("id", "evt-2001", "type", "lead.scored",
                "occurred_at", "2026-11-17T10:00:00Z", "lead_id", "L-1001", "blob", Base64.getEncoder().encodeToString(noise)));

        assertProblem(ingest.receive(GenericAdapter.SOURCE, signed(events)), 413, "urn:leadloop:problem:delivery-too-large",
                "nothing from it was stored or applied: send fewer events per delivery");
        assertNothingKept();
    }

    /** A ledger that cannot be written to, as when DynamoDB throttles or refuses every attempt. */
    private final EventLedger unavailable = new EventLedger() {
        @Override
        public List<Violation> violations(List<FunnelEvent> events) {
            return ledger.violations(events);
        }

        @Override
        public List<Applied> applyAll(List<FunnelEvent> events, String origin) {
            throw new IllegalStateException("the table is unavailable");
        }
    };

    @Test
    void aDeliveryThatCannotBeAppliedIsA503AfterItWasArchived() {
        WebhookResponse response = serviceWith(unavailable).receive(GenericAdapter.SOURCE, sample());

        assertProblem(response, 503, "urn:leadloop:problem:apply-failed", "(IllegalStateException); redeliver it: events already applied are skipped");
        assertEquals(1, archive.references().size());
        String reference = archive.references().get(0);
        assertTrue(response.body().contains("delivery " + reference + " is stored"), response.body());
        assertTrue(archive.stored(reference).isPresent(), "kept for the redelivery or a replay");
        assertTrue(archive.completed(reference).isEmpty(), "not marked applied");
        assertTrue(ledger.applied().isEmpty());
    }

    @Test
    void aRedeliveryCountsWhatWasAppliedBeforeAsDuplicates() throws Exception {
        WebhookResponse first = ingest.receive(GenericAdapter.SOURCE, sample());

        assertEquals(200, first.status(), first.body());
        assertEquals(new CrmAdapter.Receipt(first.receipt().delivery(), 14, 14, 0, 0), first.receipt());
        assertEquals(new Outcome(14, 0, 0), archive.completed(first.receipt().delivery()).orElseThrow());
        assertNotNull(ledger.lead("L-1001").reachedAt(Stage.CUSTOMER), "D-501 won: L-1001 is a customer");

        // The sender retries with two events more: a later activity, and an event type leadloop does not know.
        List<Map<String, Object>> events = sampleEvents();
        events.add(Map.of("id", "evt-1015", "type", "activity.logged", "occurred_at", "2026-11-22T09:00:00+01:00",
                "rep", "ben.okafor", "activity_type", "email", "lead_id", "L-1002"));
        events.add(Map.of("id", "evt-1016", "type", "lead.scored", "occurred_at", "2026-11-22T09:05:00+01:00",
                "lead_id", "L-1002", "score", 80));
        WebhookResponse again = ingest.receive(GenericAdapter.SOURCE, signed(events));

        assertEquals(200, again.status(), again.body());
        assertEquals(new CrmAdapter.Receipt(again.receipt().delivery(), 16, 1, 14, 1), again.receipt());
        Map<?, ?> body = (Map<?, ?>) Json.parse(again.body());
        assertEquals(1, ((Number) body.get("applied")).intValue(), again.body());
        assertEquals(14, ((Number) body.get("duplicates")).intValue(), again.body());
        assertEquals(1, ((Number) body.get("unmapped")).intValue(), again.body());
        assertEquals(new Outcome(1, 14, 1), archive.completed(again.receipt().delivery()).orElseThrow());
        assertEquals(15, ledger.applied().size(), "each event once");
        assertEquals(again.receipt().delivery(), List.copyOf(ledger.applied().values()).get(14), "the new event points to its delivery");
    }

    @Test
    void aReplayAppliesWhatFailedOnReceiptAndPagesThroughTheRange() {
        serviceWith(unavailable).receive(GenericAdapter.SOURCE, sample());
        String failed = archive.references().get(0);
        WebhookResponse later = ingest.receive(GenericAdapter.SOURCE, signed(List.of(Map.of("id", "evt-3001", "type", "lead.created",
                "occurred_at", "2026-11-22T18:00:00+01:00", "lead_id", "L-1005", "source", "webinar", "form", "demo-request"))));
        assertEquals(200, later.status(), later.body());
        Replay replay = new Replay(source -> GenericAdapter.replayMapper(), archive, ledger);
        Instant from = Instant.parse("2026-11-23T00:00:00Z");
        Instant until = Instant.parse("2026-11-24T00:00:00Z");

        Replay.Summary firstPage = replay.run(new Replay.Request(GenericAdapter.SOURCE, from, until, null, 1), () -> true);
        Replay.Summary rest = replay.run(new Replay.Request(GenericAdapter.SOURCE, from, until, firstPage.cursor(), 1), () -> true);

        assertEquals(1, firstPage.deliveries());
        assertEquals(14, firstPage.applied(), "the delivery that failed on receipt is applied now");
        assertNotNull(firstPage.cursor(), "one delivery per page: more to come");
        assertEquals(1, rest.deliveries());
        assertEquals(0, rest.applied());
        assertEquals(1, rest.alreadyApplied(), "applied on receipt");
        assertNull(rest.cursor(), "the range is done");
        assertEquals(new Outcome(14, 0, 0), archive.replayed(failed).orElseThrow());
        assertEquals(new Outcome(0, 1, 0), archive.replayed(later.receipt().delivery()).orElseThrow());
        assertNotNull(ledger.lead("L-1001").reachedAt(Stage.CUSTOMER));
    }
}
