package io.leadloop.ingest;

import io.leadloop.store.DeliveryLog;
import io.leadloop.store.DeliveryLog.Delivery;
import io.leadloop.store.FunnelStore;
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
    private final DeliveryLog deliveries;
    private final FunnelStore store;

    public IngestService(List<CrmAdapter> adapters, DeliveryLog deliveries, FunnelStore store) {
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(CrmAdapter::source, Function.identity()));
        this.deliveries = deliveries;
        this.store = store;
    }

    /** The same storage behind other routes (the SnapStart rehearsal's own signed route). */
    IngestService withAdapters(List<CrmAdapter> others) {
        return new IngestService(others, deliveries, store);
    }

    DeliveryLog deliveries() {
        return deliveries;
    }

    FunnelStore store() {
        return store;
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

        Map<String, String> headers = new HashMap<>(request.headers());
        headers.keySet().removeAll(UNSTORED_HEADERS);
        Delivery delivery = new Delivery(source, batch.deliveryId(), headers, request.body());
        String reference = deliveries.record(delivery);
        List<FunnelStore.Applied> outcomes;
        try {
            outcomes = store.applyAll(batch.events(), reference);
        } catch (RuntimeException e) {
            return Problem.of(503, "apply-failed", "The delivery was stored but could not be applied yet",
                    "delivery " + reference + " is stored; applying it failed (" + e.getClass().getSimpleName()
                            + "); redeliver it: events already applied are skipped").toResponse();
        }
        int applied = (int) outcomes.stream().filter(o -> o == FunnelStore.Applied.APPLIED).count();
        int duplicates = outcomes.size() - applied;
        DeliveryLog.Outcome outcome = new DeliveryLog.Outcome(applied, duplicates, batch.unmapped().size());
        deliveries.complete(delivery, outcome);
        CrmAdapter.Receipt receipt = new CrmAdapter.Receipt(reference, batch.events().size() + batch.unmapped().size(),
                applied, duplicates, batch.unmapped().size());
        return adapter.acknowledge(receipt).withReceipt(receipt);
    }
}
