package io.leadloop.ingest.backfill;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.ingest.EventLedger;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.BackfillCursors.Position;
import io.leadloop.ingest.backfill.HistorySource.HistoryPage;
import io.leadloop.ingest.backfill.HistorySource.Owners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads a CRM's history into the ledger page by page, saving the cursor after each applied page, so that a run cut
 * short (Lambda's 15 minutes, a crash) is resumed by the next one where it stopped, and re-applying a page changes
 * nothing. An event the ledger could never store is reported and skipped: one odd record must not stop the history.
 * Each run starts by recording the CRM's users in the {@link OwnerDirectory}, so that names follow the CRM at least
 * nightly; users that cannot be read or recorded are reported, and the history is read all the same, as names only
 * label what the events count.
 */
public final class Backfill {

    /** A reconciliation with no run before it looks back one night and a margin. */
    static final Duration FIRST_RECONCILE_WINDOW = Duration.ofHours(25);

    private final EventLedger ledger;
    private final BackfillCursors cursors;
    private final OwnerDirectory owners;
    private final Clock clock;

    public Backfill(EventLedger ledger, BackfillCursors cursors, OwnerDirectory owners, Clock clock) {
        this.ledger = ledger;
        this.cursors = cursors;
        this.owners = owners;
        this.clock = clock;
    }

    /** One event skipped: its id and why the ledger refuses it. */
    public record Skipped(String eventId, String detail) {}

    /**
     * The owner names of a run's start: how many were recorded, or, when none could be, why (then {@code names} is 0
     * and the names recorded before stay).
     */
    public record OwnersRecorded(int names, String problem) {}

    /** @param owners what the run's start recorded; null when this invocation continued a run begun before */
    public record Summary(String source, Kind kind, int records, int applied, int duplicates, List<Skipped> skipped,
                          int apiCalls, int pages, String cursor, boolean done, Instant since, Duration took,
                          OwnersRecorded owners) {

        public double recordsPerSecond() {
            double seconds = took.toNanos() / 1e9;
            return seconds <= 0 ? 0 : records / seconds;
        }

        /** The summary as the local command prints it and the Lambda function returns it. */
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", source);
            out.put("kind", kind.wireName());
            out.put("records", records);
            out.put("events_applied", applied);
            out.put("events_duplicate", duplicates);
            out.put("events_skipped", skipped.size());
            out.put("skipped", skipped.stream().map(s -> Map.of("event_id", s.eventId(), "detail", s.detail())).toList());
            out.put("api_calls", apiCalls);
            out.put("pages", pages);
            out.put("cursor", cursor);
            out.put("done", done);
            out.put("modified_since", since == null ? null : since.toString());
            out.put("records_per_second", Math.round(recordsPerSecond() * 10) / 10.0);
            out.put("owner_names", owners == null ? null : owners.names());
            out.put("owner_names_problem", owners == null ? null : owners.problem());
            return out;
        }
    }

    /**
     * Continues the run in progress of this kind, or starts one, until the history is read or {@code more} says to stop.
     *
     * @param progress told each page's summary so far (the local command prints it)
     */
    public Summary run(HistorySource source, Kind kind, BooleanSupplier more, Consumer<Summary> progress) {
        Instant started = clock.instant();
        Position position = cursors.get(source.source(), kind).orElse(Position.NEVER);
        OwnersRecorded ownersRecorded = null;
        int apiCalls = 0;
        if (!position.inProgress()) {
            position = new Position(null, sinceFor(source.source(), kind, position), started, position.lastRunAt(), position.through(),
                    position.oldestEventAt());
            Owners listed = null;
            try {
                listed = source.owners();
                Map<String, String> names = recordable(listed.names());
                owners.record(source.source(), names);
                ownersRecorded = new OwnersRecorded(names.size(), null);
            } catch (RuntimeException unrecorded) {
                ownersRecorded = new OwnersRecorded(0, unrecorded.getMessage());
            }
            if (listed != null) apiCalls += listed.apiCalls();
        }
        String cursor = position.cursor();
        Instant since = position.since();
        int records = 0;
        int applied = 0;
        int duplicates = 0;
        int pages = 0;
        List<Skipped> skipped = new ArrayList<>();
        boolean done = false;
        while (!done && more.getAsBoolean()) {
            HistoryPage page = source.read(cursor, since);
            List<FunnelEvent> storable = storable(page.events(), skipped);
            for (EventLedger.Applied outcome : ledger.applyAll(storable, "backfill#" + source.source() + "#" + (cursor == null ? "start" : cursor))) {
                if (outcome == EventLedger.Applied.APPLIED) applied++;
                else duplicates++;
            }
            records += page.records();
            apiCalls += page.apiCalls();
            pages++;
            cursor = page.next();
            done = cursor == null;
            Instant oldest = oldest(position.oldestEventAt(), storable);
            position = done
                    ? new Position(null, null, null, clock.instant(), position.runStartedAt(), oldest)
                    : new Position(cursor, since, position.runStartedAt(), position.lastRunAt(), position.through(), oldest);
            cursors.put(source.source(), kind, position);
            progress.accept(new Summary(source.source(), kind, records, applied, duplicates, List.copyOf(skipped), apiCalls, pages,
                    cursor, done, since, Duration.between(started, clock.instant()), ownersRecorded));
        }
        return new Summary(source.source(), kind, records, applied, duplicates, List.copyOf(skipped), apiCalls, pages, cursor, done,
                since, Duration.between(started, clock.instant()), ownersRecorded);
    }

    /**
     * The names as the directory keeps them: stripped, a blank one left out (the id is shown instead), and one longer
     * than {@link OwnerDirectory#MAX_NAME_CHARS} cut short with an ellipsis, which keeps the rep recognisable where
     * refusing would lose every name of the CRM.
     */
    static Map<String, String> recordable(Map<String, String> names) {
        Map<String, String> out = new TreeMap<>();
        names.forEach((id, name) -> {
            String shown = name.strip();
            if (id.isBlank() || shown.isEmpty()) return;
            if (shown.codePointCount(0, shown.length()) > OwnerDirectory.MAX_NAME_CHARS) {
                shown = shown.substring(0, shown.offsetByCodePoints(0, OwnerDirectory.MAX_NAME_CHARS - 1)).strip() + "…";
            }
            out.put(id, shown);
        });
        return out;
    }

    /** A backfill reads everything; a reconciliation what changed since the last one, or since the backfill began. */
    private Instant sinceFor(String source, Kind kind, Position last) {
        if (kind == Kind.BACKFILL) return null;
        if (last.through() != null) return last.through();
        return cursors.get(source, Kind.BACKFILL).map(Position::through)
                .orElseGet(() -> clock.instant().minus(FIRST_RECONCILE_WINDOW));
    }

    /** Where the history read so far starts: the earlier of {@code known} and the page's events. */
    private static Instant oldest(Instant known, List<FunnelEvent> events) {
        Instant oldest = known;
        for (FunnelEvent event : events) {
            if (oldest == null || event.occurredAt().isBefore(oldest)) oldest = event.occurredAt();
        }
        return oldest;
    }

    private List<FunnelEvent> storable(List<FunnelEvent> events, List<Skipped> skipped) {
        Set<Integer> refused = new HashSet<>();
        for (EventLedger.Violation v : ledger.violations(events)) {
            refused.add(v.event());
            skipped.add(new Skipped(events.get(v.event()).id(), (v.field() == null ? "" : v.field() + ": ") + v.detail()));
        }
        if (refused.isEmpty()) return events;
        List<FunnelEvent> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!refused.contains(i)) out.add(events.get(i));
        }
        return out;
    }
}
