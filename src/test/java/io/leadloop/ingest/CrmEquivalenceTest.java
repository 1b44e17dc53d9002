package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.GenericWebhookHandlerTest;
import io.leadloop.ingest.hubspot.HubSpotAdapter;
import io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.report.ReportJson;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoDeliveryArchive;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the three CRMs' sample events in events/ flow through the handlers into the same report numbers as
 * their generic equivalents, written by hand in events/equivalents/ from what a reader sees in each CRM payload
 * under the adapter's documented default mapping and the settings of that CRM's handler test.
 * <p>
 * Each side gets a fresh table in the same timezone (Europe/Madrid, as every handler test uses); the report for
 * 2026-W47 is built from each table and what a reader sees is compared: the counts, every ratio's current
 * numerator and denominator, the breakdown rows (by source and owner at least, which every sample carries), and the
 * disqualification and loss reasons.
 * <p>
 * The samples hold five or six leads, fewer than the default {@code metrics.min_group_size} (5) per value, so the
 * default report folds nearly every breakdown value into "other". The breakdowns are therefore compared twice: as
 * the default report shows them, and row by row from a report over the same table with {@code min_group_size} 1
 * (a report-only setting: it changes nothing that was ingested), where each source and owner is its own row.
 * <p>
 * What a CRM cannot send, its generic equivalent does not send either (see each test); ids differ (the generic
 * ids are the sender's own), which no report number depends on.
 */
@EndToEnd
class CrmEquivalenceTest {

    private static final Period WEEK_47 = Period.parse("2026-W47");
    /** Every sample was signed at 07:59:30Z on Monday 23 November; the handler tests run 30 s later, and so does this. */
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final String TIMEZONE = "Europe/Madrid";
    private static final Set<String> READER_DIMENSIONS = Set.of("source", "owner");

    /*
     * HubSpot, events/hubspot-webhook.json with HubSpotWebhookHandlerTest's settings (portal 24681357, defaults
     * otherwise, so no hubspot.currency). What the generic equivalent models, and why:
     * - one lead.created per contact at its contact.creation time, carrying the profile HubSpot sends as separate
     *   property changes: 501 source ORGANIC_SEARCH and owner 71234567 (set a minute later, same day), 502 source
     *   PAID_SEARCH; 503, 504, 505 have no profile properties in the sample, so none.
     * - lifecycle changes as stages at their times; 501's MQL is sent twice (HubSpot's retry), once here.
     * - 505's custom lifecycle stage 1034578213 is not mapped by default: no event (505 stays a lead).
     * - 503's hs_lead_status UNQUALIFIED: disqualified with reason "UNQUALIFIED", the default mapping's reason.
     * - deals: HubSpot's deal.creation carries no contact and no amount; they arrive as an association and an amount
     *   change a minute or two later, on the same day. The generic deal.created carries them directly. HubSpot sends
     *   the amount as a bare number and the test config sets no currency, so the generic deals have none either.
     * - 9001 moved to presentationscheduled (open), then closedwon; 9002 closedlost. HubSpot's loss carries no
     *   reason (closed_lost_reason is not attached, docs/webhooks/hubspot.md), so the generic deal.lost has none;
     *   neither deal has a HubSpot deal owner in the sample, so no owner on the generic deals.
     */
    @Test
    void hubSpotSampleReportsLikeItsGenericEquivalent() throws Exception {
        Config crm = HubSpotWebhookHandlerTest.config(Map.of());
        WebhookHandler handler = crmHandler(crm, HubSpotAdapter.fromConfig(crm, CLOCK).orElseThrow());
        APIGatewayV2HTTPResponse response = handler.handleRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE), null);
        assertEquals(200, response.getStatusCode(), response.getBody());

        Config generic = genericConfig();
        deliverGeneric(generic, "events/equivalents/hubspot-as-generic.json");

        assertSameReport(crm, generic, 5);
    }

    /*
     * Salesforce, events/salesforce-outbound-message.json (Leads) and events/salesforce-opportunity-message.json
     * (Opportunities) with SalesforceWebhookHandlerTest's settings (campaign_field UTM_Campaign__c, form_field
     * Web_Form__c, loss_reason_field Loss_Reason__c; default Lead Statuses; no opportunity_lead_field).
     * - each Lead once (Qb is notified twice with the same state): created at CreatedDate; LeadSource, OwnerId,
     *   the campaign and form fields and the attributes industry, employees, country, company as of its
     *   LastModifiedDate (the generic equivalent sends them with the creation: same week, same report).
     * - the stage its Status maps to, at LastModifiedDate: Working - Contacted → mql (Qb; Pz, created the week
     *   before), Closed - Converted → sql (Qd, Qe); Open - Not Contacted (Qa) is the lead itself; Nurturing (Qf) is
     *   not mapped by default, so Qf is a lead only; Closed - Not Converted (Qc) → disqualified, the reason being
     *   the status value.
     * - converted Leads link their ConvertedOpportunityId to the lead: the generic deal.created names the lead.
     *   7Tc was not converted from a lead and no opportunity_lead_field is set, so it has no lead; neither has 6Rm.
     * - Opportunity amounts are xsd:double as sent (18500.0), in CurrencyIsoCode, owned by OwnerId.
     * - closed deals count on their Close Date in the reporting timezone: 7Ta (won) and 7Tb (lost, Loss_Reason__c)
     *   were last modified on their Close Date, which gives the time; 6Rm was last modified on the 23rd, after its
     *   Close Date 2026-11-17, so it is won at the start of that date in Europe/Madrid.
     * - 7Tc is open: its StageName at LastModifiedDate.
     */
    @Test
    void salesforceSamplesReportLikeTheirGenericEquivalent() throws Exception {
        Config crm = SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS);
        WebhookHandler handler = crmHandler(crm, SalesforceAdapter.fromConfig(crm, CLOCK).orElseThrow());
        SalesforceWebhookHandlerTest.assertAcknowledged(
                handler.handleRequest(Fixtures.httpEvent(SalesforceWebhookHandlerTest.LEAD_MESSAGE), null));
        SalesforceWebhookHandlerTest.assertAcknowledged(
                handler.handleRequest(Fixtures.httpEvent(SalesforceWebhookHandlerTest.OPPORTUNITY_MESSAGE), null));

        Config generic = genericConfig();
        deliverGeneric(generic, "events/equivalents/salesforce-as-generic.json");

        assertSameReport(crm, generic, 6);
    }

    /*
     * Pipedrive, events/pipedrive-week.json (21 deliveries, in order) with PipedriveWebhookHandlerTest's
     * SAMPLE_CONFIG (users, stage_names, stage_funnel 1 → sql, lead_labels, profile and attribute fields).
     * - persons are leads, created at add_time with owner (by users), source and campaign from the mapped custom
     *   fields and the industry attribute; labels in lead_labels give stages at the change: Lucía Warm lead → mql;
     *   Sofia's Cold lead (7) is not mapped, so nothing.
     * - the Leads inbox lead about Jonas is Jonas's lead: a second description of him at its add_time with its
     *   source_name ("Web forms", no source custom field) and owner, and its Warm label → mql. The Helvetia inbox
     *   lead has no person, so it is a lead of its own (source_name Prospector), Hot → sql.
     * - deals at add_time with value, currency, owner and their person; created in stage 1 ("Qualified"), which
     *   stage_funnel maps to sql for the person; 301 moved to "Demo scheduled", then won at won_time for 18500
     *   (raised from 18000 as it closed); 302 lost at lost_time with its lost_reason; 303's value changed to 12000.
     * - activities count when done, at marked_as_done_time, for the rep: the planned meeting counts once it is
     *   marked done. The redelivery (attempt 2) of 301's win and the deletion of deal 288 add nothing.
     */
    @Test
    void pipedriveWeekReportsLikeItsGenericEquivalent() throws Exception {
        Config crm = Engines.freshConfig(PipedriveWebhookHandlerTest.SAMPLE_SETTINGS);
        WebhookHandler handler = crmHandler(crm, PipedriveAdapter.fromConfig(crm, CLOCK).orElseThrow());
        for (Map<String, Object> body : PipedriveWebhookHandlerTest.weekBodies()) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(PipedriveWebhookHandlerTest.request(body), null);
            assertEquals(200, response.getStatusCode(), response.getBody());
        }

        Config generic = genericConfig();
        deliverGeneric(generic, "events/equivalents/pipedrive-as-generic.json");

        assertSameReport(crm, generic, 5);
        Map<String, Object> crmReport = report(crm);
        Map<String, Object> genericReport = report(generic);
        // Pipedrive is the one sample with activities: the reps' counts are numbers a reader sees too.
        assertEquals(related(genericReport).get("activity_by_rep"), related(crmReport).get("activity_by_rep"), "activity by rep");
        assertFalse(((Map<?, ?>) related(crmReport).get("activity_by_rep")).isEmpty(), "the sample's activities are counted");
    }

    /** The handler as the CRM's handler test wires it: that adapter alone, its delivery archive and the table's ledger. */
    private static WebhookHandler crmHandler(Config config, CrmAdapter adapter) {
        String table = config.required(StoreSettings.TABLE, "");
        return new WebhookHandler(new IngestService(List.of(adapter),
                new DynamoDeliveryArchive(Engines.dynamo(), table, Duration.ofDays(400), CLOCK), Wiring.ledger(config, Engines.dynamo(), CLOCK)));
    }

    private static Config genericConfig() {
        return Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, TIMEZONE));
    }

    /** The equivalent's exact bytes, signed with the local test secret at the samples' signing time; every event applied. */
    private static void deliverGeneric(Config config, String file) throws Exception {
        WebhookHandler handler = new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), CLOCK));
        APIGatewayV2HTTPResponse response = handler.handleRequest(GenericWebhookHandlerTest.signedRaw(Files.readString(Path.of(file))), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<?, ?> receipt = (Map<?, ?>) Json.parse(response.getBody());
        assertEquals(receipt.get("received"), receipt.get("applied"), file + " is applied whole: " + receipt);
        assertEquals(0, ((Number) receipt.get("unmapped")).intValue(), file + ": " + receipt);
    }

    private static Map<String, Object> report(Config config) {
        return ReportJson.of(Wiring.reports(config, Engines.dynamo(), CLOCK).build(WEEK_47));
    }

    /** Every row of every breakdown: the same tables reported with no value folded into "other". */
    private static Config everyRow(Config config) {
        return config.with(Map.of(Section.DOCUMENT, "{\"metrics\": {\"min_group_size\": 1}}"));
    }

    private static void assertSameReport(Config crmConfig, Config genericConfig, long expectedLeads) {
        Map<String, Object> crm = report(crmConfig);
        Map<String, Object> generic = report(genericConfig);
        // Not two empty reports agreeing: the CRM's sample week is there.
        assertEquals(expectedLeads, ((Number) counts(crm).get("leads")).longValue(), "leads in the CRM's week: " + counts(crm));

        assertEquals(counts(generic), counts(crm), "counts");
        assertEquals(generic.get("previous_counts"), crm.get("previous_counts"), "previous_counts");
        assertEquals(currentRatios(generic), currentRatios(crm), "every ratio's current numerator / denominator");

        assertEquals(breakdowns(generic), breakdowns(crm), "every breakdown's rows, as the default report shows them");
        assertEquals(generic.get("disqualification_reasons"), crm.get("disqualification_reasons"), "disqualification reasons");
        assertEquals(generic.get("loss_reasons"), crm.get("loss_reasons"), "loss reasons");

        Map<String, Object> crmRows = breakdowns(report(everyRow(crmConfig)));
        Map<String, Object> genericRows = breakdowns(report(everyRow(genericConfig)));
        for (String dimension : READER_DIMENSIONS) {
            List<String> keys = crmRows.keySet().stream().filter(k -> k.endsWith(" by " + dimension)).toList();
            assertTrue(keys.stream().anyMatch(k -> ((List<?>) crmRows.get(k)).size() > 1),
                    "the CRM sample carries several values of " + dimension + ", so they are rows of their own: " + crmRows);
            for (String key : keys) {
                assertEquals(genericRows.get(key), crmRows.get(key), key + ", row by row");
            }
        }
        assertEquals(genericRows, crmRows, "every breakdown, row by row");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counts(Map<String, Object> report) {
        return (Map<String, Object>) report.get("counts");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> related(Map<String, Object> report) {
        return (Map<String, Object>) report.get("related");
    }

    /** Ratio key → [numerator, denominator] of the current period. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<Object>> currentRatios(Map<String, Object> report) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> ratio : (List<Map<String, Object>>) report.get("ratios")) {
            Map<String, Object> current = (Map<String, Object>) ratio.get("current");
            out.put((String) ratio.get("key"), List.of(current.get("numerator"), current.get("denominator")));
        }
        return out;
    }

    /** "ratio by dimension" → its rows (value, numerator, denominator, percent), in the report's order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> breakdowns(Map<String, Object> report) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> breakdown : (List<Map<String, Object>>) report.get("breakdowns")) {
            out.put(breakdown.get("ratio") + " by " + breakdown.get("dimension"), breakdown.get("rows"));
        }
        return out;
    }
}
