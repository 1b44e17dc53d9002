package io.leadloop.ingest;

import io.leadloop.ingest.DeliveryArchive.Delivery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Receives one webhook delivery: the sender's adapter verifies and maps it, the raw delivery is stored, then
 * its events are applied, each at most once. Only after all of that does the sender get its 2xx.
 */
public final class IngestService {

    /** Headers kept with a stored delivery: enough to re-verify or debug it, never a credential. */
    private static final Set<String> UNSTORED_HEADERS = Set.of("authorization", "cookie");

    private final Map<String, CrmAdapter> adapters;
    private final DeliveryArchive deliveries;
    private final EventLedger store;

    public IngestService(List<CrmAdapter> adapters, DeliveryArchive deliveries, EventLedger store) {
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(CrmAdapter::source, Function.identity()));
        this.deliveries = deliveries;
        this.store = store;
    }

    /** The same storage behind other routes (the SnapStart rehearsal's own signed route). */
    public IngestService withAdapters(List<CrmAdapter> others) {
        return new IngestService(others, deliveries, store);
    }

    public DeliveryArchive deliveries() {
        return deliveries;
    }

    public EventLedger store() {
        return store;
    }

    /**
     * Events that can never be written as they are: the whole delivery is refused (422), so that a sender retrying it
     * gets the same clear answer each time instead of a 503, and nothing of it is half-applied.
     */
    private static Problem unstorable(Batch batch, List<EventLedger.Violation> violations) {
        List<Problem.FieldError> errors = violations.stream().map(v -> new Problem.FieldError(batch.pointer(v.event(), v.field()),
                (batch.origins().isEmpty() ? "event " + batch.events().get(v.event()).id() + (v.field() == null ? "" : ": " + v.field()) + " " : "")
                        + v.detail())).toList();
        Problem.FieldError first = errors.get(0);
        return new Problem(422, "urn:leadloop:problem:invalid-events", "Some events exceed what can be stored",
                errors.size() + " value(s) exceed leadloop's storage bounds (docs/webhooks.md), the first: "
                        + (first.pointer().isEmpty() ? "" : first.pointer() + " ") + first.detail()
                        + "; nothing from this delivery was stored or applied", errors);
    }

    public WebhookResponse receive(String source, WebhookRequest request) {
        CrmAdapter adapter = adapters.get(source);
        if (adapter == null) {
            return Problem.of(404, "unknown-source", "No such webhook route",
                    "there is no webhook route for '" + source + "'; configured routes: "
                            + adapters.keySet().stream().sorted().map(s -> "/webhooks/" + s).toList()).toResponse();
        }
        if (!"POST".equalsIgnoreCase(request.method())) {
            return Problem.of(405, "method-not-allowed", "Webhooks are POSTed", request.method() + " is not accepted; send POST").toResponse();
        }
        Batch batch;
        try {
            batch = adapter.read(request);
        } catch (WebhookRejected rejected) {
            return rejected.problem().toResponse();
        }

        List<EventLedger.Violation> violations = store.violations(batch.events());
        if (!violations.isEmpty()) return unstorable(batch, violations).toResponse();
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.keySet().removeAll(UNSTORED_HEADERS);
        Delivery delivery = new Delivery(source, batch.deliveryId(), headers, request.body());
        String reference;
        try {
            reference = deliveries.record(delivery);
        } catch (DeliveryArchive.TooLarge e) {
            return Problem.of(413, "delivery-too-large", "The delivery is too large to store", e.getMessage()
                    + "; nothing from it was stored or applied: send fewer events per delivery").toResponse();
        }
        List<EventLedger.Applied> outcomes;
        try {
            outcomes = store.applyAll(batch.events(), reference);
        } catch (RuntimeException e) {
            return Problem.of(503, "apply-failed", "The delivery was stored but could not be applied yet",
                    "delivery " + reference + " is stored; applying it failed (" + e.getClass().getSimpleName()
                            + "); redeliver it: events already applied are skipped").toResponse();
        }
        int applied = (int) outcomes.stream().filter(o -> o == EventLedger.Applied.APPLIED).count();
        int duplicates = outcomes.size() - applied;
        DeliveryArchive.Outcome outcome = new DeliveryArchive.Outcome(applied, duplicates, batch.unmapped().size());
        deliveries.complete(delivery, outcome);
        CrmAdapter.Receipt receipt = new CrmAdapter.Receipt(reference, batch.events().size() + batch.unmapped().size(),
                applied, duplicates, batch.unmapped().size());
        return adapter.acknowledge(receipt).withReceipt(receipt);
    }
}
