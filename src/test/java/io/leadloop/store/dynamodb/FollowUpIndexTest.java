package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.FollowUpQueue;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The follow-up index against DynamoDB Local: kept in each event's transaction, read with one Query, so listing the
 * qualified leads nobody worked never reads every lead.
 */
@Contract
class FollowUpIndexTest {

    private final Config config = Engines.freshConfig(Map.of(StoreSettings.TIMEZONE, "Europe/Madrid", Section.DOCUMENT,
            "{\"qualified_lead\": {\"definitions\": [{\"effective_from\": \"2026-01-01\", \"rules\": [{\"attribute\": \"form\", \"one_of\": [\"demo-request\"]}]}]}}"));
    private final DynamoEventLedger ledger = Wiring.ledger(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));
    private final DynamoFollowUpQueue followUps = Wiring.followUpQueue(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));
    private int serial;

    private void apply(FunnelEvent event) {
        ledger.apply(event, "test#" + serial);
    }

    private LeadCreated created(String lead, String at, String form) {
        return new LeadCreated("e" + ++serial, Instant.parse(at), lead, new LeadProfile("webinar", "q4", form, "ana", Map.of()));
    }

    private List<String> waiting(String before) {
        return followUps.awaitingFollowUp(Instant.parse(before), 100).leads().stream().map(FollowUp::leadId).toList();
    }

    @Test
    void qualifiedLeadsWaitUntilTheirFirstActivityOldestFirst() {
        apply(created("L2", "2026-11-17T10:00:00Z", "demo-request"));
        apply(created("L1", "2026-11-16T10:00:00Z", "demo-request"));
        apply(created("L3", "2026-11-18T10:00:00Z", "newsletter"));
        apply(created("L4", "2026-11-22T10:00:00Z", "demo-request"));

        assertEquals(List.of("L1", "L2"), waiting("2026-11-20T00:00:00Z"), "qualified, created before the cutoff, oldest first");
        assertEquals(List.of("L1", "L2", "L4"), waiting("2026-11-23T00:00:00Z"));
        FollowUp l1 = followUps.awaitingFollowUp(Instant.parse("2026-11-20T00:00:00Z"), 100).leads().get(0);
        assertEquals(new FollowUp("L1", Instant.parse("2026-11-16T10:00:00Z"), "ana", "webinar", "q4", "demo-request"), l1);

        apply(new ActivityLogged("e" + ++serial, Instant.parse("2026-11-19T09:00:00Z"), "ana", "call", "L1"));

        assertEquals(List.of("L2", "L4"), waiting("2026-11-23T00:00:00Z"), "worked: gone from the index");
    }

    @Test
    void anEarlierStageMovesTheLeadsPlaceAndALimitIsReported() {
        apply(created("L5", "2026-11-18T10:00:00Z", "demo-request"));
        apply(created("L6", "2026-11-17T10:00:00Z", "demo-request"));
        // A late event: L5 was an MQL on the 15th, so it has existed (and waited) since then.
        apply(new LeadStageReached("e" + ++serial, Instant.parse("2026-11-15T08:00:00Z"), "L5", Stage.MQL));

        assertEquals(List.of("L5", "L6"), waiting("2026-11-23T00:00:00Z"), "one item per lead, at its new place");
        FollowUpQueue.FollowUps firstOnly = followUps.awaitingFollowUp(Instant.parse("2026-11-23T00:00:00Z"), 1);
        assertEquals(List.of("L5"), firstOnly.leads().stream().map(FollowUp::leadId).toList());
        assertTrue(firstOnly.truncated());
    }

    @Test
    void leadsOlderThanTheRetentionAreNotListedEvenBeforeDynamoDbDeletesThem() {
        // Retention 400 days before 2026-11-23: a lead from 2025-06-01 has expired (its TTL passed; DynamoDB Local,
        // like DynamoDB for a while, still holds the item). The report must not page through such items.
        apply(created("OLD", "2025-06-01T10:00:00Z", "demo-request"));
        apply(created("NEW", "2026-11-16T10:00:00Z", "demo-request"));

        assertEquals(List.of("NEW"), waiting("2026-11-20T00:00:00Z"));
    }

    @Test
    void everyAppliedEventIsCountedOnTheDayItArrived() {
        apply(created("L7", "2026-10-01T10:00:00Z", "demo-request"));
        apply(created("L8", "2026-11-20T10:00:00Z", "newsletter"));

        // Applied on 23 November (the clock), whatever day the events occurred.
        assertEquals(Map.of(LocalDate.parse("2026-11-23"), 2L), Wiring.counterHistory(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)).eventsAppliedOn(List.of(LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-23"))));
    }
}
