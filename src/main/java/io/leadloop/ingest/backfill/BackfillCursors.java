package io.leadloop.ingest.backfill;

import java.time.Instant;
import java.util.Optional;

/** Where each source's backfill and reconciliation stand, kept beside the funnel so that any run can resume one. */
public interface BackfillCursors {

    /** A backfill reads the whole history; a reconciliation what changed since the last one. */
    enum Kind {
        BACKFILL, RECONCILE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param cursor       where the run in progress stopped ({@link HistorySource.HistoryPage#next()}), null when none is
     * @param since        the run in progress reads records changed at or after this (null: all of them)
     * @param runStartedAt when the run in progress started
     * @param lastRunAt    when the last complete run finished, null if none did
     * @param through      what the last complete run covered: every change before this instant (its start)
     * @param oldestEventAt the earliest time any event read by a run of this kind occurred at (where the history it
     *                      read starts), null before the first event
     */
    record Position(String cursor, Instant since, Instant runStartedAt, Instant lastRunAt, Instant through, Instant oldestEventAt) {
        public static final Position NEVER = new Position(null, null, null, null, null, null);

        public boolean inProgress() {
            return cursor != null;
        }
    }

    Optional<Position> get(String source, Kind kind);

    void put(String source, Kind kind, Position position);
}
