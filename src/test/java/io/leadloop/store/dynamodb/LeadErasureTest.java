package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.DeliveryArchive;
import io.leadloop.ingest.EventLedger.Applied;
import io.leadloop.ingest.Replay;
import io.leadloop.json.Json;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's erasure against DynamoDB Local: past one transaction's items, and against a replay. */
@Contract
class LeadErasureTest {

    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final Instant MONDAY = Instant.parse("2026-11-16T09:00:00Z");

    private final Config config = Engines.freshConfig(Map.of(StoreSettings.TIMEZONE, "Europe/Madrid"));
    private final DynamoEventLedger ledger = Wiring.ledger(config, Engines.dynamo(), CLOCK);

    @Test
    void aLeadWithMoreDealsThanOneTransactionHoldsIsErasedWholeAndItsDealsStillCount() {
        List<FunnelEvent> events = new ArrayList<>(List.of(new LeadCreated("e-lead", MONDAY, "L1", LeadProfile.EMPTY)));
        for (int i = 0; i < 120; i++) {
            events.add(new DealCreated("e-deal-" + i, MONDAY.plusSeconds(i), "D" + i, "L1", new Money(BigDecimal.TEN, "EUR"), "ana.garcia"));
        }
        ledger.applyAll(events, "generic#d1");

        assertEquals(Applied.APPLIED, ledger.apply(new LeadErased("e-erase", MONDAY.plusSeconds(3600), "L1"), "generic#d2"));
        assertEquals(Applied.DUPLICATE, ledger.apply(new LeadErased("e-erase", MONDAY.plusSeconds(3600), "L1"), "generic#d2"));

        assertNull(ledger.lead("L1"));
        for (int i = 0; i < 120; i++) assertNull(ledger.deal("D" + i).leadId(), "D" + i + " no longer names the lead");
        long wonBefore = Fixtures.countsOf(config, Period.parse("2026-W47")).won();
        assertEquals(List.of(Applied.APPLIED, Applied.ERASED), ledger.applyAll(List.of(
                new DealWon("e-won", MONDAY.plusSeconds(7200), "D7", null, new Money(BigDecimal.TEN, "EUR"), "ana.garcia"),
                new DealWon("e-won-named", MONDAY.plusSeconds(7200), "D8", "L1", new Money(BigDecimal.TEN, "EUR"), "ana.garcia")),
                "generic#d3"));
        assertEquals(wonBefore + 1, Fixtures.countsOf(config, Period.parse("2026-W47")).won(), "a deal not naming the erased lead counts");
        assertNull(ledger.lead("L1"));
    }

    @Test
    void aReplayedDeliveryOfAnErasedLeadResurrectsNothingAndIsNotKept() {
        ledger.apply(new LeadErased("generic:erase-L-9", MONDAY, "L-9"), "generic#erasure");
        // A delivery the lead item no longer remembered (past its last 100), still stored when the replay runs.
        DynamoDeliveryArchive archive = new DynamoDeliveryArchive(Engines.dynamo(), config.required(StoreSettings.TABLE, "t"),
                Duration.ofDays(400), CLOCK);
        byte[] body = Json.compact(Map.of("events", List.of(Map.of("id", "old-1", "type", "lead.created",
                "occurred_at", "2026-11-16T09:00:00Z", "lead_id", "L-9", "attributes", Map.of("email", "iker@example.com")))))
                .getBytes(StandardCharsets.UTF_8);
        String reference = archive.record(new DeliveryArchive.Delivery("generic", "msg-old#0123456789abcdef",
                Map.of("webhook-id", "msg-old"), body));

        Replay.Summary summary = Wiring.replay(config, Engines.dynamo(), CLOCK).run(new Replay.Request("generic",
                Fixtures.SIGNED_AT.minusSeconds(60), Fixtures.SIGNED_AT.plusSeconds(60), null, 10), () -> true);

        assertEquals(1, summary.deliveries(), "the replay read the delivery");
        assertEquals(0, summary.applied());
        assertNull(ledger.lead("L-9"));
        assertTrue(Engines.dynamo().getItem(r -> r.tableName(config.required(StoreSettings.TABLE, "t"))
                .key(Keys.delivery("generic", "msg-old#0123456789abcdef")).consistentRead(true)).item().isEmpty(),
                reference + " is deleted, not marked replayed");
    }
}
