package io.leadloop.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * What a report says about one CRM's history. It starts on the day of the oldest event a complete backfill read:
 * a period before it shows no data because none was read, not because nothing happened. A reconciliation that ran
 * once is expected nightly; one that has not finished for {@link #STALE_AFTER} leaves dropped webhooks unrepaired.
 *
 * @param from                 the first day (in the counters' timezone) of the history read, null unless a backfill finished
 * @param backfillFinishedAt   when the last complete backfill finished, null if none did
 * @param lastReconciliationAt when the last complete reconciliation finished, null if none did
 * @param reconciledThrough    the last complete reconciliation covered every change before this instant
 */
public record SourceHistory(String source, LocalDate from, Backfill backfill, Instant backfillFinishedAt,
                            Instant lastReconciliationAt, Instant reconciledThrough, boolean reconciliationStale) {

    /** A nightly run missed once is a bad night; one missed twice is a reconciliation that stopped. */
    public static final Duration STALE_AFTER = Duration.ofDays(2);

    public enum Backfill {
        /** A complete read of the history finished (a later re-run may be in progress). */
        DONE,
        IN_PROGRESS,
        NEVER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static SourceHistory of(HistoryStatus.Source read, ZoneId zone, Instant now) {
        HistoryStatus.Runs backfill = read.backfill();
        Backfill state = backfill == null ? Backfill.NEVER : backfill.lastFinishedAt() != null ? Backfill.DONE : Backfill.IN_PROGRESS;
        LocalDate from = state == Backfill.DONE && read.historyStartsAt() != null ? LocalDate.ofInstant(read.historyStartsAt(), zone) : null;
        HistoryStatus.Runs reconciliation = read.reconciliation();
        Instant lastSignOfLife = reconciliation == null ? null
                : reconciliation.lastFinishedAt() != null ? reconciliation.lastFinishedAt() : reconciliation.inProgressSince();
        return new SourceHistory(read.source(), from, state, backfill == null ? null : backfill.lastFinishedAt(),
                reconciliation == null ? null : reconciliation.lastFinishedAt(), reconciliation == null ? null : reconciliation.through(),
                lastSignOfLife != null && lastSignOfLife.isBefore(now.minus(STALE_AFTER)));
    }

    /** {@code day} is before the history read: a period from it shows no data of this source for lack of reading. */
    public boolean startsAfter(LocalDate day) {
        return from != null && day.isBefore(from);
    }
}
