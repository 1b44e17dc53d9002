package io.leadloop.testing.memory;

import io.leadloop.ingest.DeliveryArchive;
import io.leadloop.store.dynamodb.StoreLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The delivery archive in a map, for tests of the services that keep and replay deliveries: deliveries are stamped
 * with the clock's time, a body over DynamoDB's item size is {@link TooLarge} (the real archive gzips first, so it
 * holds more), and a page's cursor is the reference of its last delivery. Nothing expires.
 */
public final class InMemoryDeliveryArchive implements DeliveryArchive {

    private final Clock clock;
    /** By reference, in the order of reception. */
    private final Map<String, Stored> stored = new LinkedHashMap<>();
    private final Map<String, Outcome> completed = new LinkedHashMap<>();
    private final Map<String, Outcome> replayed = new LinkedHashMap<>();

    public InMemoryDeliveryArchive(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized String record(Delivery delivery) {
        if (delivery.body().length > StoreLimits.MAX_ITEM_BYTES) {
            throw new TooLarge("the delivery is " + delivery.body().length + " bytes; one stored delivery holds at most "
                    + StoreLimits.MAX_ITEM_BYTES + " bytes");
        }
        Stored kept = new Stored(delivery.source(), delivery.deliveryId(), clock.instant(), Map.copyOf(delivery.headers()),
                delivery.body().clone());
        stored.put(kept.reference(), kept);
        return kept.reference();
    }

    @Override
    public synchronized void complete(Delivery delivery, Outcome outcome) {
        completed.put(delivery.source() + "#" + delivery.deliveryId(), outcome);
    }

    @Override
    public synchronized Page received(String source, Instant from, Instant until, String cursor, int max, BooleanSupplier more) {
        List<Stored> inRange = stored.values().stream().filter(s -> s.source().equals(source)
                && !s.receivedAt().isBefore(from) && s.receivedAt().isBefore(until)).toList();
        int start = 0;
        if (cursor != null) {
            start = inRange.stream().map(Stored::reference).toList().indexOf(cursor) + 1;
            if (start == 0) throw new IllegalArgumentException("cursor '" + cursor + "' is not within the range asked for");
        }
        List<Stored> page = new ArrayList<>();
        for (int i = start; i < inRange.size(); i++) {
            // Asked once a delivery is in the page, so that every page progresses and ends at a reference.
            if (page.size() == max || (!page.isEmpty() && !more.getAsBoolean())) return new Page(page, 0, page.get(page.size() - 1).reference());
            page.add(inRange.get(i));
        }
        return new Page(page, 0, null);
    }

    @Override
    public synchronized void replayed(Stored delivery, Outcome outcome) {
        replayed.put(delivery.reference(), outcome);
    }

    /** The delivery stored under this reference, as it was received. */
    public synchronized Optional<Stored> stored(String reference) {
        return Optional.ofNullable(stored.get(reference));
    }

    /** The references of every delivery stored, in the order of reception. */
    public synchronized List<String> references() {
        return List.copyOf(stored.keySet());
    }

    /** What applying the delivery on receipt did; empty while it was not (yet) applied. */
    public synchronized Optional<Outcome> completed(String reference) {
        return Optional.ofNullable(completed.get(reference));
    }

    /** What the last replay of the delivery did; empty while it was not replayed. */
    public synchronized Optional<Outcome> replayed(String reference) {
        return Optional.ofNullable(replayed.get(reference));
    }
}
