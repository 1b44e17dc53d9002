package io.leadloop.lambda;

import io.leadloop.ingest.Batch;
import io.leadloop.ingest.DeliveryArchive;
import io.leadloop.ingest.IngestService;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the webhook function does before its SnapStart snapshot: a built-in generic delivery, signed with a secret
 * of its own (never a configured one), goes through the real adapter, the delivery archive, the funnel rules and the
 * event transactions. Nothing is sent ({@link Rehearsal}): reads find an empty table and each write ends its step.
 */
public final class WebhookRehearsal {
    private WebhookRehearsal() {}

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("leadloop snapstart rehearsal".getBytes(StandardCharsets.US_ASCII));

    /** One lead through the funnel to a won deal, with the fields the breakdowns and qualification read. */
    private static final String EVENTS = """
            {"events":[
             {"id":"rehearsal-1","type":"lead.created","occurred_at":"2026-01-05T09:00:00Z","lead_id":"rehearsal-lead",
              "source":"webinar","campaign":"rehearsal","form":"demo-request","owner":"rehearsal",
              "attributes":{"industry":"software","employees":240,"country":"ES"}},
             {"id":"rehearsal-2","type":"lead.stage_reached","occurred_at":"2026-01-05T10:00:00Z","lead_id":"rehearsal-lead","stage":"mql"},
             {"id":"rehearsal-3","type":"activity.logged","occurred_at":"2026-01-05T11:00:00Z","rep":"rehearsal",
              "activity_type":"call","lead_id":"rehearsal-lead"},
             {"id":"rehearsal-4","type":"lead.stage_reached","occurred_at":"2026-01-06T09:00:00Z","lead_id":"rehearsal-lead","stage":"sql"},
             {"id":"rehearsal-5","type":"deal.created","occurred_at":"2026-01-06T10:00:00Z","deal_id":"rehearsal-deal",
              "lead_id":"rehearsal-lead","amount":1200.50,"currency":"EUR","owner":"rehearsal"},
             {"id":"rehearsal-6","type":"deal.stage_changed","occurred_at":"2026-01-07T10:00:00Z","deal_id":"rehearsal-deal",
              "lead_id":"rehearsal-lead","stage":"negotiation"},
             {"id":"rehearsal-7","type":"deal.won","occurred_at":"2026-01-08T10:00:00Z","deal_id":"rehearsal-deal",
              "lead_id":"rehearsal-lead","amount":1200.50,"currency":"EUR","owner":"rehearsal"}
            ]}""";

    /**
     * The steps: receive the delivery (verify, parse, map; its TransactWriteItems with the index entry is refused), apply its events as the real
     * path does, grouped (the prefetch's BatchGetItem finds nothing, the rules run, the one TransactWriteItems is
     * refused), complete the delivery (UpdateItem, refused).
     */
    public static List<Runnable> steps(IngestService ingest, Clock clock) {
        GenericAdapter adapter = new GenericAdapter(List.of(SECRET), clock);
        WebhookRequest request = signedDelivery(clock);
        Batch batch;
        try {
            batch = adapter.read(request);
        } catch (WebhookRejected e) {
            throw new IllegalStateException("the rehearsal's own delivery was rejected: " + e.problem().detail(), e);
        }
        DeliveryArchive.Delivery delivery = new DeliveryArchive.Delivery(GenericAdapter.SOURCE, batch.deliveryId(), request.headers(), request.body());
        IngestService rehearsal = ingest.withAdapters(List.of(adapter));
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> rehearsal.receive(GenericAdapter.SOURCE, request));
        steps.add(() -> ingest.store().applyAll(batch.events(), GenericAdapter.SOURCE + "#" + batch.deliveryId()));
        steps.add(() -> ingest.deliveries().complete(delivery, new DeliveryArchive.Outcome(batch.events().size(), 0, 0)));
        return steps;
    }

    private static WebhookRequest signedDelivery(Clock clock) {
        byte[] body = EVENTS.getBytes(StandardCharsets.UTF_8);
        String id = "msg_rehearsal";
        long timestamp = clock.instant().getEpochSecond();
        return new WebhookRequest("POST", "localhost", "/webhooks/" + GenericAdapter.SOURCE, "", Map.of(
                "content-type", "application/json",
                "webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", StandardWebhooks.sign(SECRET, id, timestamp, body)), body);
    }
}
