package io.leadloop.report;

import java.time.Instant;
import java.util.List;

/**
 * How far each CRM's history was read into the funnel, as its backfill and nightly reconciliation left it
 * (docs/backfill.md): what lets a report say where its data starts and whether dropped webhooks are being repaired.
 * Read once per report; {@link SourceHistory} decides what is said.
 */
public interface HistoryStatus {

    /** Each source a backfill or a reconciliation ever ran for, by source name; empty when no history was read. */
    List<Source> sources();

    /**
     * @param backfill        its backfill's runs, null when none ever started
     * @param reconciliation  its reconciliation's runs, null when none ever started
     * @param historyStartsAt the earliest time an event its backfill read occurred at, null before any
     */
    record Source(String source, Runs backfill, Runs reconciliation, Instant historyStartsAt) {}

    /**
     * @param inProgressSince when the run in progress started, null when none is
     * @param lastFinishedAt  when the last complete run finished, null when none did
     * @param through         the last complete run covered every change before this instant
     */
    record Runs(Instant inProgressSince, Instant lastFinishedAt, Instant through) {}
}
