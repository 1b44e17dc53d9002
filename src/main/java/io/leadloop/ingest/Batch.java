package io.leadloop.ingest;

import io.leadloop.funnel.FunnelEvent;
import java.util.List;

/**
 * A verified delivery turned into funnel events. Events the adapter could not map are listed with why, so the
 * receipt can say so; they stay in the stored raw delivery for re-application once the mapping is fixed.
 *
 * @param origins where each event is in the body, as a JSON pointer (index-aligned with {@code events}) below which
 *                its fields are named as the funnel's (the generic format's); empty when the body is in a CRM's own
 *                terms, and a problem then names the event by its id instead
 */
public record Batch(String deliveryId, List<FunnelEvent> events, List<Unmapped> unmapped, List<String> origins) {

    public record Unmapped(String reference, String reason) {}

    public Batch {
        events = List.copyOf(events);
        unmapped = List.copyOf(unmapped);
        origins = List.copyOf(origins);
        if (!origins.isEmpty() && origins.size() != events.size()) {
            throw new IllegalArgumentException(origins.size() + " origins for " + events.size() + " events");
        }
    }

    public Batch(String deliveryId, List<FunnelEvent> events, List<Unmapped> unmapped) {
        this(deliveryId, events, unmapped, List.of());
    }

    /** The JSON pointer of an event's field (or of the event, for a null field) in the body; empty without origins. */
    String pointer(int event, String field) {
        if (origins.isEmpty()) return "";
        return field == null ? origins.get(event) : origins.get(event) + "/" + field;
    }
}
