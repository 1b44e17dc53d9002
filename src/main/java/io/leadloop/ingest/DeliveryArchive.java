package io.leadloop.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Raw webhook deliveries, kept before anything is applied or acknowledged, so that nothing a CRM sent is lost and any
 * delivery can be re-applied after a mapping fix ({@link Replay}). How they are stored is the adapter's concern
 * ({@code store/dynamodb}).
 */
public interface DeliveryArchive {

    /** A delivery as received: which CRM, its id, the headers that matter and the exact bytes. */
    record Delivery(String source, String deliveryId, Map<String, String> headers, byte[] body) {}

    /** How a stored delivery was applied. */
    record Outcome(int applied, int duplicates, int unmapped) {}

    /** A stored delivery read back: the request as the sender made it (minus credentials) and when it arrived. */
    record Stored(String source, String deliveryId, Instant receivedAt, Map<String, String> headers, byte[] body) {
        public String reference() {
            return source + "#" + deliveryId;
        }
    }

    /** One page of a source's deliveries in order of reception, and where the next page starts (null: none). */
    record Page(List<Stored> deliveries, int expired, String cursor) {}

    /** A delivery that cannot be stored as one record; thrown before anything is written. */
    final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Stores the delivery as received.
     *
     * @return the reference the applied events point back to
     * @throws TooLarge when the delivery is too large to store
     */
    String record(Delivery delivery);

    /** What applying the recorded delivery did. */
    void complete(Delivery delivery, Outcome outcome);

    /**
     * The deliveries of {@code source} received in [{@code from}, {@code until}), after {@code cursor} (a previous page's),
     * at most {@code max} of them, going on while {@code more} says there is time. Deliveries that have expired since
     * are counted, not returned.
     */
    Page received(String source, Instant from, Instant until, String cursor, int max, BooleanSupplier more);

    /** What re-applying a stored delivery found now: its status follows the current mapping's unmapped events. */
    void replayed(Stored delivery, Outcome outcome);
}
