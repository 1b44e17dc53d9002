package io.leadloop.ingest.backfill;

import io.leadloop.funnel.FunnelEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One CRM's history, read page by page through its REST API (read-only), as the funnel events its webhooks would
 * have delivered. Each sender's implementation sits beside its webhook adapter ({@code ingest/hubspot}, ...).
 * Event ids are derived from the records (object id, field, change time), never from the read, so that reading the
 * same history twice, or a history that webhooks also delivered, applies nothing twice.
 */
public interface HistorySource {

    /** The sender this history belongs to: the prefix of its event ids, as its webhook route's. */
    String source();

    /**
     * Reads the page after {@code cursor}.
     *
     * @param cursor where the previous page ended (as {@link HistoryPage#next()} gave it), or null for the first page
     * @param modifiedSince only records changed at or after this instant (a nightly reconciliation), or null for the
     *                      whole history (a backfill)
     */
    HistoryPage read(String cursor, Instant modifiedSince);

    /**
     * The CRM's users who may own leads and deals, read to the end of their list (a few calls, paged as the CRM pages
     * them): what lets a report name an owner its events carry by id.
     */
    Owners owners();

    /**
     * @param names    by owner id exactly as this source's events carry the owner; the CRM's name for each, as it gave it
     * @param apiCalls how many HTTP calls reading them took, rate-limited retries included
     */
    record Owners(Map<String, String> names, int apiCalls) {
        public Owners {
            names = Map.copyOf(names);
        }
    }

    /**
     * One page of history.
     *
     * @param next the cursor of the page after this one, or null when the history is read to its end
     * @param records how many CRM records the page held (progress, and the records/s figure)
     * @param apiCalls how many HTTP calls reading it took, rate-limited retries included
     */
    record HistoryPage(List<FunnelEvent> events, String next, int records, int apiCalls) {
        public HistoryPage {
            events = List.copyOf(events);
        }
    }
}
