package io.leadloop.testing;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.ingest.EventLedger;
import io.leadloop.ingest.EventLedger.Applied;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.backfill.HistorySource.HistoryPage;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A history source read to its end, as a backfill runner reads it, and its events applied through the real store. */
public final class Histories {
    private Histories() {}

    public static List<HistoryPage> readAll(HistorySource history, Instant modifiedSince) {
        List<HistoryPage> pages = new ArrayList<>();
        String cursor = null;
        do {
            HistoryPage page = history.read(cursor, modifiedSince);
            pages.add(page);
            cursor = page.next();
        } while (cursor != null);
        return pages;
    }

    public static List<FunnelEvent> events(List<HistoryPage> pages) {
        return pages.stream().flatMap(page -> page.events().stream()).toList();
    }

    public static List<String> ids(List<HistoryPage> pages) {
        return events(pages).stream().map(FunnelEvent::id).toList();
    }

    /** Applies the events to the table of {@code config} (DynamoDB Local), as a backfill page would be. */
    public static List<Applied> apply(Config config, List<FunnelEvent> events, String origin) {
        EventLedger ledger = Wiring.ledger(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));
        return ledger.applyAll(events, origin);
    }
}
