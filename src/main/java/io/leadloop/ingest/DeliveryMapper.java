package io.leadloop.ingest;

import java.time.Instant;

/**
 * How one sender's delivery becomes funnel events once the sender is known to be genuine: the half of an adapter that
 * a replay needs. A stored delivery was verified when it was received, and its signature or credentials (never stored)
 * could not be checked again, so a replay maps it without them, through the mapping configured now.
 */
@FunctionalInterface
public interface DeliveryMapper {

    /**
     * @param receivedAt when the delivery was received (Salesforce's notifications carry no time of their own)
     * @throws WebhookRejected when the body is refused as on receipt (unreadable, or an account no longer configured)
     */
    Batch map(WebhookRequest request, Instant receivedAt) throws WebhookRejected;
}
