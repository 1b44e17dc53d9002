package io.leadloop.ingest.generic;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.CustomerChurned;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.DeliveryMapper;
import io.leadloop.ingest.Fields;
import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.Problem;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.settings.ConfigException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * leadloop's own format (docs/webhooks.md, schema/generic-webhook.schema.json), signed as Standard Webhooks.
 * Being our format, it is validated strictly: a malformed event fails the whole delivery with a pointer to it,
 * except an event {@code type} we do not know yet, which is kept unmapped so newer senders are not refused.
 */
public final class GenericAdapter implements CrmAdapter {

    public static final String SOURCE = "generic";
    /** The Standard Webhooks secrets ({@code whsec_...}) senders sign with; several, separated by commas, while rotating. */
    public static final String SECRET = "LEADLOOP_GENERIC_SECRET";
    static final int MAX_EVENTS = 500;

    private final StandardWebhooks signatures;

    /** @throws ConfigException naming {@value #SECRET} when a secret is not a {@code whsec_} secret */
    public GenericAdapter(List<String> secrets, Clock clock) {
        try {
            this.signatures = new StandardWebhooks(secrets, clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SECRET, e.getMessage());
        }
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Batch read(WebhookRequest request) throws WebhookRejected {
        return map(request, signatures.verify(request));
    }

    /** The mapping, for re-applying stored deliveries: their {@code webhook-id} header is stored with them. */
    public static DeliveryMapper replayMapper() {
        return (request, receivedAt) -> map(request, request.header("webhook-id"));
    }

    private static Batch map(WebhookRequest request, String webhookId) throws WebhookRejected {
        Object parsed = request.jsonBody();
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("events") instanceof List<?> items)) {
            throw WebhookRejected.malformed("body must be a JSON object with an \"events\" array");
        }
        if (items.size() > MAX_EVENTS) {
            throw WebhookRejected.malformed("a delivery holds at most " + MAX_EVENTS + " events; this one has " + items.size());
        }
        List<FunnelEvent> events = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        List<Batch.Unmapped> unmapped = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Fields f = Fields.of(items.get(i), "/events/" + i, errors);
            if (f == null) continue;
            String id = f.requiredText("id");
            String type = f.requiredText("type");
            var at = f.requiredInstant("occurred_at");
            if (id == null || type == null) continue;
            String eventId = SOURCE + ":" + id;
            FunnelEvent event = switch (type) {
                case "lead.created" -> new LeadCreated(eventId, at, f.requiredText("lead_id"), new LeadProfile(
                        f.text("source"), f.text("campaign"), f.text("form"), f.text("owner"), f.attributes("attributes")));
                case "lead.stage_reached" -> new LeadStageReached(eventId, at, f.requiredText("lead_id"), stage(f));
                case "lead.disqualified" -> new LeadDisqualified(eventId, at, f.requiredText("lead_id"), f.text("reason"));
                case "deal.created" -> new DealCreated(eventId, at, f.requiredText("deal_id"), f.text("lead_id"), money(f), f.text("owner"));
                case "deal.updated" -> new DealUpdated(eventId, at, f.requiredText("deal_id"), f.text("lead_id"), money(f), f.text("owner"));
                case "deal.stage_changed" -> new DealStageChanged(eventId, at, f.requiredText("deal_id"), f.text("lead_id"), f.requiredText("stage"));
                case "deal.won" -> new DealWon(eventId, at, f.requiredText("deal_id"), f.text("lead_id"), money(f), f.text("owner"));
                case "deal.lost" -> new DealLost(eventId, at, f.requiredText("deal_id"), f.text("lead_id"), money(f), f.text("owner"), f.text("reason"));
                case "customer.churned" -> new CustomerChurned(eventId, at, f.requiredText("lead_id"), f.text("reason"));
                case "activity.logged" -> new ActivityLogged(eventId, at, f.requiredText("rep"), f.requiredText("activity_type"), f.text("lead_id"));
                case "lead.erased" -> new LeadErased(eventId, at, f.requiredText("lead_id"));
                default -> null;
            };
            if (event == null) {
                unmapped.add(new Batch.Unmapped(eventId, "unknown event type '" + type + "'"));
            } else if (!f.failed()) {
                events.add(event);
                origins.add("/events/" + i);
            }
        }
        if (!errors.isEmpty()) {
            throw new WebhookRejected(new Problem(422, "urn:leadloop:problem:invalid-events", "Some events do not follow the generic format",
                    errors.size() + " field(s) are invalid, the first: " + errors.get(0).pointer() + " " + errors.get(0).detail()
                            + "; nothing from this delivery was stored", errors));
        }
        return new Batch(deliveryId(webhookId, request.body()), events, unmapped, origins);
    }

    /**
     * The webhook-id names a message, and a redelivery of it repeats the same body: it overwrites the stored delivery.
     * A sender that reuses a webhook-id for a different body has sent another message, so the body's digest is part
     * of the id and both are kept, each with its unmapped events.
     */
    private static String deliveryId(String webhookId, byte[] body) {
        return webhookId + "#" + Hmac.digestHex(body).substring(0, 16);
    }

    private static Stage stage(Fields f) {
        String name = f.requiredText("stage");
        if (name == null) return null;
        return Stage.fromWireName(name).orElseGet(() -> {
            f.reject("stage", "must be one of lead, mql, sql, opportunity, customer; was '" + name + "'");
            return null;
        });
    }

    private static Money money(Fields f) {
        return new Money(f.decimal("amount"), f.text("currency"));
    }
}
