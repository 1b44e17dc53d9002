package io.leadloop.ingest;

import java.util.Map;

/** One sender's dialect: how to verify it, how to read its payload, and how it wants to be answered. */
public interface CrmAdapter {

    /** The route segment and the prefix of every event id: {@code POST /webhooks/{source}}. */
    String source();

    /** Verifies the sender and maps the payload; throws before anything is stored if either fails. */
    Batch read(WebhookRequest request) throws WebhookRejected;

    /** The 2xx answer once the delivery is stored and applied. */
    default WebhookResponse acknowledge(Receipt receipt) {
        return WebhookResponse.json(200, Map.of(
                "delivery", receipt.delivery(),
                "received", receipt.received(),
                "applied", receipt.applied(),
                "duplicates", receipt.duplicates(),
                "unmapped", receipt.unmapped()));
    }

    /** What happened to a delivery's events. */
    record Receipt(String delivery, int received, int applied, int duplicates, int unmapped) {}
}
