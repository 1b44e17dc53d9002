package io.leadloop.ingest;

import static io.leadloop.ingest.ShuffledReplayTest.leadsToCloseDenominators;
import static io.leadloop.ingest.ShuffledReplayTest.replay;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.leadloop.ingest.ShuffledReplayTest.HubSpotHistory;
import io.leadloop.ingest.ShuffledReplayTest.PipedriveHistory;
import io.leadloop.ingest.ShuffledReplayTest.SalesforceHistory;
import io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's cases, each through its CRM's real handler into DynamoDB Local and read from the report: a change
 * delivered after a newer one (or after the win) does not replace it.
 */
@EndToEnd
class LateChangeAttributionTest {

    private static final String ZH_Q = "0055g00000AhZhQAAV";
    private static final String ZI_Q = "0055g00000AhZiQAAV";

    /** Lead 00Q…: the notification of 09:00Z (owner …ZiQ) arrives before the one of 08:00Z (owner …ZhQ). */
    @Test
    void salesforceCreditsTheOwnerOfTheLatestModificationNotTheLastDelivered() {
        Map<String, String> lead = new LinkedHashMap<>(Map.of("Id", "00Q5g00000Nb2AaEAJ", "Company", "Alvarado Logística",
                "CreatedDate", "2026-11-16T07:30:00.000Z", "IsConverted", "false", "LeadSource", "Web",
                "Status", "Open - Not Contacted"));
        lead.put("OwnerId", ZI_Q);
        APIGatewayV2HTTPEvent nineOClock = SalesforceHistory.message("Lead", lead, Instant.parse("2026-11-16T09:00:00Z"));
        lead.put("OwnerId", ZH_Q);
        APIGatewayV2HTTPEvent eightOClock = SalesforceHistory.message("Lead", lead, Instant.parse("2026-11-16T08:00:00Z"));

        Config config = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS);
        Map<String, Object> report = replay(List.of(nineOClock, eightOClock), config,
                c -> ShuffledReplayTest.handler(c, SalesforceAdapter.fromConfig(c, Fixtures.clockAt(Fixtures.SIGNED_AT)).orElseThrow()));

        assertEquals(Map.of(ZI_Q, 1), leadsToCloseDenominators(report, "owner"));
    }

    /** A person handed from ana to ben and then to chloe: the changes count (they were unmapped) and chloe stands. */
    @Test
    void pipedriveCreditsAPersonsLatestOwnerChangeWhateverTheOrder() {
        Map<String, Object> person = PipedriveHistory.person(640, 23160411, "webinar", Instant.parse("2026-11-16T08:00:00Z"));
        APIGatewayV2HTTPEvent created = PipedriveHistory.webhook("create", "person", person, null, Instant.parse("2026-11-16T08:00:00Z"));
        APIGatewayV2HTTPEvent toBen = PipedriveHistory.change("person", person, "owner_id", 23160412, Instant.parse("2026-11-17T10:00:00Z"));
        APIGatewayV2HTTPEvent toChloe = PipedriveHistory.change("person", person, "owner_id", 23160413, Instant.parse("2026-11-18T10:00:00Z"));
        APIGatewayV2HTTPEvent referral = PipedriveHistory.change("person", person, "custom_fields",
                Map.of("a222d8059d3bd7c10d53e3c58b7050ec35b9cb88", Map.of("type", "varchar", "value", "referral")),
                Instant.parse("2026-11-18T11:00:00Z"));

        Map<String, Object> inOrder = pipedrive(List.of(created, toBen, toChloe, referral));
        Map<String, Object> lateOlderChange = pipedrive(List.of(created, referral, toChloe, toBen));

        assertEquals(Map.of("chloe.martin", 1), leadsToCloseDenominators(inOrder, "owner"));
        assertEquals(Map.of("referral", 1), leadsToCloseDenominators(inOrder, "source"));
        assertEquals(inOrder, lateOlderChange);
    }

    /**
     * HubSpot deal 9101: amount 10,000 and owner …568 at 10:00, amount 12,000 and owner …569 at 11:00, won the next
     * day; the 10:00 changes are retried and arrive last, after the win.
     */
    @Test
    void hubSpotDealOwnerAndAmountChangesDeliveredAfterTheWinReplaceNothingNewer() {
        Instant ten = Instant.parse("2026-11-18T10:00:00Z");
        Instant eleven = Instant.parse("2026-11-18T11:00:00Z");
        List<Map<String, Object>> events = List.of(
                HubSpotHistory.event(Instant.parse("2026-11-16T09:00:00Z"), "contact.creation", 601, Map.of("changeFlag", "NEW")),
                HubSpotHistory.event(Instant.parse("2026-11-18T09:00:00Z"), "deal.creation", 9101, Map.of("changeFlag", "NEW")),
                HubSpotHistory.event(Instant.parse("2026-11-18T09:01:00Z"), "deal.associationChange", 9101, Map.of(
                        "associationType", "DEAL_TO_CONTACT", "fromObjectId", 9101, "toObjectId", 601,
                        "associationRemoved", false, "isPrimaryAssociation", true)),
                HubSpotHistory.property(eleven, "deal", 9101, "amount", "12000"),
                HubSpotHistory.property(eleven, "deal", 9101, "hubspot_owner_id", "71234569"),
                HubSpotHistory.property(Instant.parse("2026-11-19T16:00:00Z"), "deal", 9101, "dealstage", "closedwon"),
                HubSpotHistory.property(ten, "deal", 9101, "amount", "10000"),
                HubSpotHistory.property(ten, "deal", 9101, "hubspot_owner_id", "71234568"));
        List<APIGatewayV2HTTPEvent> deliveries = events.stream()
                .map(e -> HubSpotWebhookHandlerTest.signed(Json.compact(List.of(e)))).toList();

        Map<String, Object> report = replay(deliveries, HubSpotWebhookHandlerTest.config(Map.of()),
                c -> HubSpotWebhookHandlerTest.handler(c, Fixtures.clockAt(Fixtures.SIGNED_AT)));

        assertEquals(Map.of("71234569", new BigDecimal("12000")), ShuffledReplayTest.wonValueByDealOwner(report));
    }

    /**
     * Pipedrive deal 741: opened at 18,000 by ana, handed to chloe, then to ben and renegotiated to 18,200 on the 18th,
     * raised to 18,500 on the 19th, won on the 20th; the webhooks of the 17th and 18th are delayed (a 30-minute ban,
     * then retries) past the win. Each webhook's data is the deal as it was when sent.
     */
    @Test
    void pipedriveDealValueAndOwnerChangesDeliveredAfterTheWinReplaceNothingNewer() {
        Instant added = Instant.parse("2026-11-17T09:00:00Z");
        Map<String, Object> person = PipedriveHistory.person(641, 23160411, "webinar", Instant.parse("2026-11-16T09:00:00Z"));
        Map<String, Object> deal = PipedriveHistory.deal(741, 641, 23160411, 18000, added);
        APIGatewayV2HTTPEvent personCreated = PipedriveHistory.webhook("create", "person", person, null, Instant.parse("2026-11-16T09:00:00Z"));
        APIGatewayV2HTTPEvent dealCreated = PipedriveHistory.webhook("create", "deal", deal, null, added);
        APIGatewayV2HTTPEvent toChloe = PipedriveHistory.change("deal", deal, "owner_id", 23160413, Instant.parse("2026-11-17T12:00:00Z"));
        APIGatewayV2HTTPEvent toBen = PipedriveHistory.change("deal", deal, "owner_id", 23160412, Instant.parse("2026-11-18T10:00:00Z"));
        APIGatewayV2HTTPEvent renegotiated = PipedriveHistory.change("deal", deal, "value", 18200, Instant.parse("2026-11-18T10:05:00Z"));
        APIGatewayV2HTTPEvent raised = PipedriveHistory.change("deal", deal, "value", 18500, Instant.parse("2026-11-19T12:00:00Z"));
        APIGatewayV2HTTPEvent won = PipedriveHistory.closing(deal, true, Instant.parse("2026-11-20T15:20:00Z"));

        Map<String, Object> report = pipedrive(List.of(personCreated, dealCreated, raised, won, renegotiated, toBen, toChloe));

        assertEquals(Map.of("ben.okafor", new BigDecimal("18500")), ShuffledReplayTest.wonValueByDealOwner(report));
    }

    private static Map<String, Object> pipedrive(List<APIGatewayV2HTTPEvent> deliveries) {
        return replay(deliveries, Engines.freshConfig(PipedriveWebhookHandlerTest.SAMPLE_SETTINGS),
                c -> ShuffledReplayTest.handler(c, PipedriveAdapter.fromConfig(c, Fixtures.clockAt(Fixtures.SIGNED_AT)).orElseThrow()));
    }
}
