package io.leadloop.ingest.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.BackfillCursors.Position;
import io.leadloop.ingest.backfill.CrmHttp.CrmApiException;
import io.leadloop.ingest.backfill.HistorySource.Owners;
import io.leadloop.testing.Unit;
import io.leadloop.testing.memory.InMemoryEventLedger;
import io.leadloop.testing.memory.InMemoryOwnerDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What a backfill run does with the CRM's users: records them once, at the run's start, and never fails the history for them. */
@Unit
class BackfillOwnersTest {

    private static final Instant NOW = Instant.parse("2026-11-23T02:30:00Z");

    private final InMemoryEventLedger ledger = new InMemoryEventLedger(new FunnelRules(ZoneId.of("Europe/Madrid")));
    private final InMemoryOwnerDirectory directory = new InMemoryOwnerDirectory();
    private final Map<String, Position> positions = new HashMap<>();
    private final BackfillCursors cursors = new BackfillCursors() {
        @Override
        public Optional<Position> get(String source, Kind kind) {
            return Optional.ofNullable(positions.get(source + "#" + kind));
        }

        @Override
        public void put(String source, Kind kind, Position position) {
            positions.put(source + "#" + kind, position);
        }
    };
    private final Backfill backfill = new Backfill(ledger, cursors, directory, Clock.fixed(NOW, ZoneOffset.UTC));

    /** A CRM of two pages of one lead each, whose users are what {@code owners} gives, counting how often they were asked for. */
    private static final class TwoPageCrm implements HistorySource {
        final AtomicInteger ownerReads = new AtomicInteger();
        private final Supplier<Owners> owners;

        TwoPageCrm(Supplier<Owners> owners) {
            this.owners = owners;
        }

        @Override
        public String source() {
            return "hubspot";
        }

        @Override
        public HistoryPage read(String cursor, Instant modifiedSince) {
            String lead = cursor == null ? "hubspot:24681357:contact:501" : "hubspot:24681357:contact:502";
            return new HistoryPage(List.of(new LeadCreated(lead + ":created", Instant.parse("2026-11-16T08:12:00Z"), lead, LeadProfile.EMPTY)),
                    cursor == null ? "contacts;;1;1" : null, 1, 1);
        }

        @Override
        public Owners owners() {
            ownerReads.incrementAndGet();
            return owners.get();
        }
    }

    @Test
    void aRunRecordsTheCrmsUsersOnceAtItsStartAndCountsTheirCalls() {
        TwoPageCrm crm = new TwoPageCrm(() -> new Owners(Map.of("71234567", "Marta Ruiz", "71234568", "Jonas Weber"), 2));
        AtomicInteger pages = new AtomicInteger();

        Backfill.Summary cut = backfill.run(crm, Kind.BACKFILL, () -> pages.getAndIncrement() < 1, s -> {});
        Backfill.Summary resumed = backfill.run(crm, Kind.BACKFILL, () -> true, s -> {});

        assertEquals(new Backfill.OwnersRecorded(2, null), cut.owners());
        assertEquals(3, cut.apiCalls(), "the users' 2 calls and the page's");
        assertNull(resumed.owners(), "the run's continuation does not read them again");
        assertEquals(1, crm.ownerReads.get());
        assertEquals(Map.of("hubspot", Map.of("71234567", "Marta Ruiz", "71234568", "Jonas Weber")), directory.namesBySource());
        assertEquals(2, cut.toJson().get("owner_names"));

        backfill.run(crm, Kind.RECONCILE, () -> true, s -> {});
        assertEquals(2, crm.ownerReads.get(), "each new run (the nightly reconciliation) reads them afresh");
    }

    @Test
    void namesTooLongAreShortenedAndBlankOnesLeftToTheId() {
        String title = "María José Fernández-Castellanos de la Vega, Senior Enterprise Account Executive, Iberia & LATAM, Strategic Accounts";
        TwoPageCrm crm = new TwoPageCrm(() -> new Owners(Map.of("71234567", "  Marta Ruiz ", "71234568", title, "71234569", " "), 1));

        Backfill.Summary summary = backfill.run(crm, Kind.BACKFILL, () -> true, s -> {});

        Map<String, String> recorded = directory.namesBySource().get("hubspot");
        assertEquals("Marta Ruiz", recorded.get("71234567"));
        String shortened = recorded.get("71234568");
        assertEquals(OwnerDirectory.MAX_NAME_CHARS, shortened.codePointCount(0, shortened.length()));
        assertTrue(shortened.startsWith("María José Fernández-Castellanos de la Vega, Senior Enterprise Account Executive") && shortened.endsWith("…"),
                shortened);
        assertEquals(Map.of("71234567", "Marta Ruiz", "71234568", shortened), recorded, "no name for a blank one: the email shows its id");
        assertEquals(new Backfill.OwnersRecorded(2, null), summary.owners());
    }

    @Test
    void usersTheCrmWillNotListFailNothingAndKeepTheNamesRecordedBefore() {
        directory.record("hubspot", Map.of("71234567", "Marta Ruiz"));
        TwoPageCrm crm = new TwoPageCrm(() -> {
            throw new CrmApiException("GET /crm/v3/owners answered 403: MISSING_SCOPES", 403);
        });

        Backfill.Summary summary = backfill.run(crm, Kind.BACKFILL, () -> true, s -> {});

        assertTrue(summary.done());
        assertEquals(2, summary.applied(), "both pages' leads");
        assertEquals(new Backfill.OwnersRecorded(0, "GET /crm/v3/owners answered 403: MISSING_SCOPES"), summary.owners());
        assertEquals("GET /crm/v3/owners answered 403: MISSING_SCOPES", summary.toJson().get("owner_names_problem"));
        assertEquals(Map.of("hubspot", Map.of("71234567", "Marta Ruiz")), directory.namesBySource());
    }
}
