package io.leadloop.ingest;

import io.leadloop.funnel.FunnelEvent;
import java.util.List;

/**
 * Where funnel events are applied, each at most once, in their order of arrival and in any order of occurrence: the
 * port every way in (webhooks, replay, backfill) writes through. The stored state and the counters derived from it are
 * the adapter's concern ({@code store/dynamodb}).
 */
public interface EventLedger {

    /**
     * What became of one event: applied, applied before, or dropped because it names a lead that was erased
     * ({@link io.leadloop.funnel.FunnelEvent.LeadErased}), so that nothing of that person is stored again.
     */
    enum Applied { APPLIED, DUPLICATE, ERASED }

    /**
     * One event that could never be applied as it is.
     *
     * @param event its index in the events checked
     * @param field the field at fault as the generic format names it ({@code lead_id}, {@code attributes/industry}),
     *              or null when the event as a whole is (an item it would write is too large)
     */
    record Violation(int event, String field, String detail) {}

    /**
     * Why some of these events could not be applied as they are, checked before anything is stored or applied, so
     * that a delivery is refused whole instead of failing on every retry.
     *
     * @return the violations, each with the index of its event; empty when all can be applied
     */
    List<Violation> violations(List<FunnelEvent> events);

    /**
     * Applies the events in their order, each at most once: an event id applied before is a duplicate. A delivery
     * naming an erased lead is not kept in the {@link DeliveryArchive} once applied.
     *
     * @param origin the stored delivery (or backfill page) the events came from, kept with each applied event
     * @return what became of each event, index-aligned with {@code events}
     */
    List<Applied> applyAll(List<FunnelEvent> events, String origin);
}
