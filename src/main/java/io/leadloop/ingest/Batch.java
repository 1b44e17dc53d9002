package io.leadloop.ingest;

import io.leadloop.funnel.FunnelEvent;
import java.util.List;

/**
 * A verified delivery turned into funnel events. Events the adapter could not map are listed with why, so the
 * receipt can say so; they stay in the stored raw delivery for re-application once the mapping is fixed.
 */
public record Batch(String deliveryId, List<FunnelEvent> events, List<Unmapped> unmapped) {

    public record Unmapped(String reference, String reason) {}

    public Batch {
        events = List.copyOf(events);
        unmapped = List.copyOf(unmapped);
    }
}
