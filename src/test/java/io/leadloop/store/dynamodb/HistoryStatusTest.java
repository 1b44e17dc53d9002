package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.BackfillCursors.Position;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.HistoryStatus;
import io.leadloop.report.HistoryStatus.Runs;
import io.leadloop.report.HistoryStatus.Source;
import io.leadloop.settings.Config;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backfill positions against DynamoDB Local, read back through the report's port: what each source's backfill
 * and reconciliation items say, sources without either left out, a run in progress told apart from a finished one.
 */
@Contract
class HistoryStatusTest {

    private final Config config = Engines.freshConfig(Map.of());
    private final DynamoBackfillCursors cursors = Wiring.backfillCursors(config, Engines.dynamo());
    private final HistoryStatus status = cursors;

    @Test
    void noSourceIsListedBeforeAnyHistoryWasRead() {
        assertEquals(List.of(), status.sources());
    }

    @Test
    void eachSourceWithABackfillOrAReconciliationIsReadBackWithBoth() {
        cursors.put("hubspot", Kind.BACKFILL, new Position(null, null, null, Instant.parse("2026-11-19T16:42:10Z"),
                Instant.parse("2026-11-19T16:03:00Z"), Instant.parse("2024-12-01T09:14:00Z")));
        cursors.put("hubspot", Kind.RECONCILE, new Position(null, null, null, Instant.parse("2026-11-23T01:31:05Z"),
                Instant.parse("2026-11-23T01:30:00Z"), Instant.parse("2021-03-02T11:00:00Z")));
        cursors.put("pipedrive", Kind.BACKFILL, new Position("deals|eyJmaWVsZCI6ImlkIiwidmFsdWUiOjQyfQ", null,
                Instant.parse("2026-11-22T20:00:00Z"), null, null, Instant.parse("2025-06-30T08:00:00Z")));

        assertEquals(List.of(
                new Source("hubspot", new Runs(null, Instant.parse("2026-11-19T16:42:10Z"), Instant.parse("2026-11-19T16:03:00Z")),
                        new Runs(null, Instant.parse("2026-11-23T01:31:05Z"), Instant.parse("2026-11-23T01:30:00Z")),
                        Instant.parse("2024-12-01T09:14:00Z")),
                new Source("pipedrive", new Runs(Instant.parse("2026-11-22T20:00:00Z"), null, null), null,
                        Instant.parse("2025-06-30T08:00:00Z"))),
                status.sources(), "where history starts is the backfill's oldest event, never a reconciliation's");
    }

    @Test
    void aReconciliationWithoutABackfillHasNoHistoryStart() {
        cursors.put("salesforce", Kind.RECONCILE, new Position("Lead|/services/data/v62.0/query/01gD0000002HU6KIAW-2000",
                Instant.parse("2026-11-22T01:30:00Z"), Instant.parse("2026-11-23T01:30:00Z"), Instant.parse("2026-11-22T01:34:40Z"),
                Instant.parse("2026-11-22T01:30:00Z"), Instant.parse("2026-10-02T10:00:00Z")));

        assertEquals(List.of(new Source("salesforce", null, new Runs(Instant.parse("2026-11-23T01:30:00Z"), Instant.parse("2026-11-22T01:34:40Z"),
                Instant.parse("2026-11-22T01:30:00Z")), null)), status.sources());
    }
}
