package io.leadloop.ingest.backfill;

import java.util.List;

/**
 * Where a history read in phases stands, as a {@link HistorySource} cursor: {@code <phase>|<the CRM's own cursor>}. A
 * CRM's history is read one object type after another (its phases: persons then deals, say), each paged by the cursor
 * the CRM gives; an empty CRM cursor starts a phase.
 */
public record PhaseCursor(String phase, String crmCursor) {

    private static final String SEPARATOR = "|";

    /** The cursor a read was given: null starts the first phase; a cursor of no known phase is refused. */
    public static PhaseCursor parse(String cursor, List<String> phases) {
        if (cursor == null) return new PhaseCursor(phases.get(0), "");
        int separator = cursor.indexOf(SEPARATOR);
        String phase = separator < 0 ? cursor : cursor.substring(0, separator);
        if (separator < 0 || !phases.contains(phase)) {
            throw new IllegalArgumentException("'" + cursor + "' is not a cursor of this history; its phases are " + phases);
        }
        return new PhaseCursor(phase, cursor.substring(separator + 1));
    }

    public boolean atStart() {
        return crmCursor.isEmpty();
    }

    /**
     * The cursor after this page: the same phase's next CRM page while there is one, else the next phase's start,
     * else null, the end of the history.
     */
    public String next(List<String> phases, String nextCrmCursor) {
        if (nextCrmCursor != null && !nextCrmCursor.isEmpty()) return phase + SEPARATOR + nextCrmCursor;
        int position = phases.indexOf(phase);
        return position + 1 < phases.size() ? phases.get(position + 1) + SEPARATOR : null;
    }
}
