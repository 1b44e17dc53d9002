package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.hubspot.HubSpotWebhookHandlerTest;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.pipedrive.PipedriveWebhookHandlerTest;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.ingest.salesforce.SalesforceWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.ReportJson;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoDeliveryArchive;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Done-when of issue 14: three weeks of one company's CRM history (leads created with a source and an owner, sources
 * corrected, leads reassigned, MQLs and SQLs, deals opened, renegotiated, handed to another rep, won or lost, a won
 * amount corrected afterwards), sent as each CRM sends it, one webhook per request, through the real handler into
 * DynamoDB Local: once in the order it happened and twice shuffled. The report's per-rep and per-source tables (and
 * every other breakdown, the counts and the won value) are the same each time, and they are the history's final
 * owners, sources and amounts.
 */
@EndToEnd
class ShuffledReplayTest {

    private static final Period NOVEMBER = Period.parse("2026-11");
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final int LEADS = 12;

    // ---- the history, in CRM-neutral terms: rep and source are indexes into each CRM's own values ----

    sealed interface Change permits LeadNew, LeadSource, LeadOwner, LeadStage, DealNew, DealAmount, DealOwner, DealClose {
        Instant at();
    }

    record LeadNew(Instant at, int lead, int source, int owner) implements Change {}

    record LeadSource(Instant at, int lead, int source) implements Change {}

    record LeadOwner(Instant at, int lead, int owner) implements Change {}

    /** {@code sql} false: MQL. */
    record LeadStage(Instant at, int lead, boolean sql) implements Change {}

    record DealNew(Instant at, int deal, int lead, int amount, int owner) implements Change {}

    record DealAmount(Instant at, int deal, int amount) implements Change {}

    record DealOwner(Instant at, int deal, int owner) implements Change {}

    record DealClose(Instant at, int deal, boolean won) implements Change {}

    /** Lead i is created on 2 + i November; even leads get a deal (the lead's number), every fourth of them won. */
    static List<Change> history() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            Instant created = Instant.parse("2026-11-02T09:00:00Z").plus(Duration.ofDays(i));
            changes.add(new LeadNew(created, i, i % 4, i % 3));
            if (i % 3 == 0) changes.add(new LeadSource(created.plus(Duration.ofHours(26)), i, (i + 1) % 4));
            if (i % 2 == 0) changes.add(new LeadOwner(created.plus(Duration.ofHours(50)), i, (i + 1) % 3));
            if (i % 4 != 3) changes.add(new LeadStage(created.plus(Duration.ofHours(28)), i, false));
            if (i % 2 != 0) continue;
            Instant converted = created.plus(Duration.ofHours(72));
            changes.add(new LeadStage(converted, i, true));
            changes.add(new DealNew(converted.plusSeconds(60), i, i, 1000 * (i + 1), (i + 2) % 3));
            changes.add(new DealAmount(converted.plus(Duration.ofHours(24)), i, 1000 * (i + 1) + 500));
            changes.add(new DealOwner(converted.plus(Duration.ofHours(48)), i, i % 3));
            if (i % 4 == 0) {
                Instant won = converted.plus(Duration.ofHours(72));
                changes.add(new DealClose(won, i, true));
                if (i % 8 == 0) changes.add(new DealAmount(won.plus(Duration.ofHours(20)), i, 1000 * (i + 1) + 250));
            } else {
                changes.add(new DealClose(converted.plus(Duration.ofHours(72)), i, false));
            }
        }
        changes.sort(java.util.Comparator.comparing(Change::at));
        return changes;
    }

    /** What the history ends as: each lead's last owner and source, each won deal's last owner and amount. */
    record Outcome(Map<Integer, Integer> leadOwner, Map<Integer, Integer> leadSource, Map<Integer, Integer> wonBy,
                   Map<Integer, Integer> wonAmount) {
        static Outcome of(List<Change> history) {
            Outcome o = new Outcome(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
            Map<Integer, Integer> dealOwner = new HashMap<>();
            Map<Integer, Integer> dealAmount = new HashMap<>();
            for (Change c : history) {
                if (c instanceof LeadNew n) {
                    o.leadOwner.put(n.lead(), n.owner());
                    o.leadSource.put(n.lead(), n.source());
                } else if (c instanceof LeadSource s) {
                    o.leadSource.put(s.lead(), s.source());
                } else if (c instanceof LeadOwner w) {
                    o.leadOwner.put(w.lead(), w.owner());
                } else if (c instanceof DealNew d) {
                    dealOwner.put(d.deal(), d.owner());
                    dealAmount.put(d.deal(), d.amount());
                } else if (c instanceof DealAmount a) {
                    dealAmount.put(a.deal(), a.amount());
                } else if (c instanceof DealOwner w) {
                    dealOwner.put(w.deal(), w.owner());
                } else if (c instanceof DealClose x && x.won()) {
                    o.wonBy.put(x.deal(), -1);
                }
            }
            o.wonBy.replaceAll((deal, unset) -> dealOwner.get(deal));
            o.wonBy.keySet().forEach(deal -> o.wonAmount.put(deal, dealAmount.get(deal)));
            return o;
        }
    }

    // ---- the three CRMs ----

    @Test
    void hubSpotHistoryReportsTheSameInAnyOrder() throws Exception {
        List<String> reps = List.of("71234567", "71234568", "71234569");
        List<String> sources = List.of("ORGANIC_SEARCH", "PAID_SEARCH", "REFERRALS", "EMAIL_MARKETING");
        assertSameInAnyOrder(new HubSpotHistory(reps, sources).deliveries(history()), reps, sources,
                () -> HubSpotWebhookHandlerTest.config(Map.of()),
                config -> HubSpotWebhookHandlerTest.handler(config, CLOCK));
    }

    @Test
    void salesforceHistoryReportsTheSameInAnyOrder() throws Exception {
        List<String> reps = List.of("0055g00000AhZhQAAV", "0055g00000AhZiQAAV", "0055g00000AhZjQAAV");
        List<String> sources = List.of("Web", "Phone Inquiry", "Partner Referral", "Purchased List");
        assertSameInAnyOrder(new SalesforceHistory(reps, sources).deliveries(history()), reps, sources,
                () -> SalesforceWebhookHandlerTest.configWith(SalesforceWebhookHandlerTest.SAMPLE_SETTINGS),
                config -> handler(config, SalesforceAdapter.fromConfig(config, CLOCK).orElseThrow()));
    }

    @Test
    void pipedriveHistoryReportsTheSameInAnyOrder() throws Exception {
        List<String> reps = List.of("ana.garcia", "ben.okafor", "chloe.martin");
        List<String> sources = List.of("webinar", "paid-search", "organic", "referral");
        assertSameInAnyOrder(new PipedriveHistory(List.of(23160411, 23160412, 23160413), sources).deliveries(history()), reps, sources,
                () -> Engines.freshConfig(PipedriveWebhookHandlerTest.SAMPLE_SETTINGS),
                config -> handler(config, PipedriveAdapter.fromConfig(config, CLOCK).orElseThrow()));
    }

    static WebhookHandler handler(Config config, CrmAdapter adapter) {
        String table = config.required(StoreSettings.TABLE, "");
        return new WebhookHandler(new IngestService(List.of(adapter),
                new DynamoDeliveryArchive(Engines.dynamo(), table, Duration.ofDays(400), CLOCK), Wiring.ledger(config, Engines.dynamo(), CLOCK)));
    }

    private static void assertSameInAnyOrder(List<APIGatewayV2HTTPEvent> deliveries, List<String> reps, List<String> sources,
                                             Supplier<Config> freshTable, Function<Config, WebhookHandler> handlers) {
        Map<String, Object> inOrder = replay(deliveries, freshTable.get(), handlers);
        assertIsTheHistorysOutcome(inOrder, Outcome.of(history()), reps, sources);
        for (long seed : new long[] {14, 1114}) {
            List<APIGatewayV2HTTPEvent> shuffled = new ArrayList<>(deliveries);
            Collections.shuffle(shuffled, new Random(seed));
            Map<String, Object> replayed = replay(shuffled, freshTable.get(), handlers);
            assertEquals(inOrder.get("reps"), replayed.get("reps"), "per-rep table, shuffle " + seed);
            assertEquals(inOrder.get("breakdowns"), replayed.get("breakdowns"), "per-source, per-owner and every other breakdown, shuffle " + seed);
            assertEquals(inOrder, replayed, "the whole report, shuffle " + seed);
        }
    }

    /** Each delivery through the handler into a fresh table; the November report with every breakdown row its own. */
    static Map<String, Object> replay(List<APIGatewayV2HTTPEvent> deliveries, Config config,
                                              Function<Config, WebhookHandler> handlers) {
        WebhookHandler handler = handlers.apply(config);
        for (APIGatewayV2HTTPEvent delivery : deliveries) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(delivery, null);
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertTrue(!response.getBody().contains("\"unmapped\":") || response.getBody().contains("\"unmapped\":0"),
                    "every webhook of the history is mapped: " + response.getBody());
        }
        Config everyRow = config.with(Map.of(Section.DOCUMENT, "{\"metrics\": {\"min_group_size\": 1}}"));
        Map<String, Object> report = ReportJson.of(Wiring.reports(everyRow, Engines.dynamo(), CLOCK)
                .build(NOVEMBER));
        report.keySet().retainAll(List.of("counts", "ratios", "breakdowns", "reps", "related", "loss_reasons", "what_wins"));
        return report;
    }

    /** Not two wrong reports agreeing: the in-order one shows the history's final owners, sources and amounts. */
    @SuppressWarnings("unchecked")
    private static void assertIsTheHistorysOutcome(Map<String, Object> report, Outcome outcome, List<String> reps, List<String> sources) {
        Map<String, Object> counts = (Map<String, Object>) report.get("counts");
        assertEquals(LEADS, ((Number) counts.get("leads")).intValue(), counts.toString());
        assertEquals(outcome.wonBy().size(), ((Number) counts.get("won")).intValue(), counts.toString());

        Map<String, BigDecimal> wonValueByRep = new TreeMap<>();
        outcome.wonBy().forEach((deal, rep) -> wonValueByRep.merge(reps.get(rep), BigDecimal.valueOf(outcome.wonAmount().get(deal)), BigDecimal::add));
        Map<String, BigDecimal> reported = wonValueByDealOwner(report);
        assertEquals(wonValueByRep.keySet(), reported.keySet(), "reps with won value: " + report.get("reps"));
        wonValueByRep.forEach((rep, value) -> assertEquals(0, value.compareTo(reported.get(rep)), rep + ": " + report.get("reps")));

        assertEquals(leadsBy(outcome.leadOwner(), reps), leadsToCloseDenominators(report, "owner"), "leads by their last owner");
        assertEquals(leadsBy(outcome.leadSource(), sources), leadsToCloseDenominators(report, "source"), "leads by their last source");
    }

    /** The won value on each rep's "closed by" line: the deals' final owners, whoever owned their leads. */
    @SuppressWarnings("unchecked")
    static Map<String, BigDecimal> wonValueByDealOwner(Map<String, Object> report) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("reps")) {
            BigDecimal value = new BigDecimal(row.get("won_value").toString());
            if ("closed_by".equals(row.get("role")) && value.signum() != 0) {
                out.put((String) row.get("rep"), value.stripTrailingZeros().setScale(0));
            }
        }
        return out;
    }

    private static Map<String, Integer> leadsBy(Map<Integer, Integer> valueOfLead, List<String> names) {
        Map<String, Integer> out = new TreeMap<>();
        valueOfLead.values().forEach(v -> out.merge(names.get(v), 1, Integer::sum));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Integer> leadsToCloseDenominators(Map<String, Object> report, String dimension) {
        for (Map<String, Object> breakdown : (List<Map<String, Object>>) report.get("breakdowns")) {
            if (breakdown.get("ratio").equals("leads_to_close") && breakdown.get("dimension").equals(dimension)) {
                Map<String, Integer> out = new TreeMap<>();
                for (Map<String, Object> row : (List<Map<String, Object>>) breakdown.get("rows")) {
                    int leads = ((Number) ((Map<String, Object>) row.get("ratio")).get("denominator")).intValue();
                    if (leads > 0) out.put((String) row.get("value"), leads);
                }
                return out;
            }
        }
        throw new AssertionError("no leads_to_close breakdown by " + dimension + ": " + report.get("breakdowns"));
    }

    // ---- how each CRM sends the history ----

    /** HubSpot: one webhook event per change (a new contact's source and owner as property changes a minute later). */
    record HubSpotHistory(List<String> reps, List<String> sources) {
        List<APIGatewayV2HTTPEvent> deliveries(List<Change> history) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (Change c : history) {
                if (c instanceof LeadNew n) {
                    events.add(event(n.at(), "contact.creation", 501 + n.lead(), Map.of("changeFlag", "NEW")));
                    events.add(property(n.at().plusSeconds(60), "contact", 501 + n.lead(), "hs_analytics_source", sources.get(n.source())));
                    events.add(property(n.at().plusSeconds(60), "contact", 501 + n.lead(), "hubspot_owner_id", reps.get(n.owner())));
                } else if (c instanceof LeadSource s) {
                    events.add(property(s.at(), "contact", 501 + s.lead(), "hs_analytics_source", sources.get(s.source())));
                } else if (c instanceof LeadOwner w) {
                    events.add(property(w.at(), "contact", 501 + w.lead(), "hubspot_owner_id", reps.get(w.owner())));
                } else if (c instanceof LeadStage s) {
                    events.add(property(s.at(), "contact", 501 + s.lead(), "lifecyclestage",
                        s.sql() ? "salesqualifiedlead" : "marketingqualifiedlead"));
                } else if (c instanceof DealNew d) {
                    events.add(event(d.at(), "deal.creation", 9001 + d.deal(), Map.of("changeFlag", "NEW")));
                    events.add(event(d.at().plusSeconds(30), "deal.associationChange", 9001 + d.deal(), Map.of(
                            "associationType", "DEAL_TO_CONTACT", "fromObjectId", 9001 + d.deal(), "toObjectId", 501 + d.lead(),
                            "associationRemoved", false, "isPrimaryAssociation", true)));
                    events.add(property(d.at().plusSeconds(60), "deal", 9001 + d.deal(), "amount", Integer.toString(d.amount())));
                    events.add(property(d.at().plusSeconds(60), "deal", 9001 + d.deal(), "hubspot_owner_id", reps.get(d.owner())));
                } else if (c instanceof DealAmount a) {
                    events.add(property(a.at(), "deal", 9001 + a.deal(), "amount", Integer.toString(a.amount())));
                } else if (c instanceof DealOwner w) {
                    events.add(property(w.at(), "deal", 9001 + w.deal(), "hubspot_owner_id", reps.get(w.owner())));
                } else if (c instanceof DealClose x) {
                    events.add(property(x.at(), "deal", 9001 + x.deal(), "dealstage", x.won() ? "closedwon" : "closedlost"));
                }
            }
            return events.stream().map(e -> HubSpotWebhookHandlerTest.signed(Json.compact(List.of(e)))).toList();
        }

        static Map<String, Object> property(Instant at, String object, int id, String name, String value) {
            return event(at, object + ".propertyChange", id, Map.of("propertyName", name, "propertyValue", value));
        }

        private static final java.util.concurrent.atomic.AtomicLong EVENT_IDS = new java.util.concurrent.atomic.AtomicLong(4200000);

        static Map<String, Object> event(Instant at, String subscriptionType, int objectId, Map<String, Object> extra) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", EVENT_IDS.incrementAndGet());
            e.put("subscriptionId", 2510000 + Math.abs(subscriptionType.hashCode() % 100));
            e.put("portalId", 24681357);
            e.put("appId", 1234567);
            e.put("occurredAt", at.toEpochMilli());
            e.put("subscriptionType", subscriptionType);
            e.put("attemptNumber", 0);
            e.put("objectId", objectId);
            e.put("changeSource", "CRM_UI");
            e.put("sourceId", "userId:71234567");
            e.putAll(extra);
            return e;
        }
    }

    /** Salesforce: an Outbound Message per modification, carrying the record's whole state as then modified. */
    record SalesforceHistory(List<String> reps, List<String> sources) {
        List<APIGatewayV2HTTPEvent> deliveries(List<Change> history) {
            Map<Integer, Map<String, String>> leads = new HashMap<>();
            Map<Integer, Map<String, String>> opportunities = new HashMap<>();
            List<APIGatewayV2HTTPEvent> out = new ArrayList<>();
            for (Change c : history) {
                if (c instanceof LeadNew n) {
                    Map<String, String> lead = new LinkedHashMap<>();
                    lead.put("Id", leadId(n.lead()));
                    lead.put("Company", "Cliente " + n.lead());
                    lead.put("CreatedDate", time(n.at()));
                    lead.put("IsConverted", "false");
                    lead.put("LeadSource", sources.get(n.source()));
                    lead.put("OwnerId", reps.get(n.owner()));
                    lead.put("Status", "Open - Not Contacted");
                    leads.put(n.lead(), lead);
                    out.add(message("Lead", lead, n.at()));
                } else if (c instanceof LeadSource s) {
                    out.add(message("Lead", with(leads.get(s.lead()), "LeadSource", sources.get(s.source())), s.at()));
                } else if (c instanceof LeadOwner w) {
                    out.add(message("Lead", with(leads.get(w.lead()), "OwnerId", reps.get(w.owner())), w.at()));
                } else if (c instanceof LeadStage s) {
                    Map<String, String> lead = leads.get(s.lead());
                    if (s.sql()) {
                        with(lead, "Status", "Closed - Converted");
                        with(lead, "IsConverted", "true");
                        with(lead, "ConvertedOpportunityId", opportunityId(s.lead()));
                    } else {
                        with(lead, "Status", "Working - Contacted");
                    }
                    out.add(message("Lead", lead, s.at()));
                } else if (c instanceof DealNew d) {
                    Map<String, String> opportunity = new LinkedHashMap<>();
                    opportunity.put("Id", opportunityId(d.deal()));
                    opportunity.put("Amount", d.amount() + ".0");
                    opportunity.put("CloseDate", LocalDate.ofInstant(d.at(), MADRID).plusDays(30).toString());
                    opportunity.put("CreatedDate", time(d.at()));
                    opportunity.put("CurrencyIsoCode", "EUR");
                    opportunity.put("IsClosed", "false");
                    opportunity.put("IsWon", "false");
                    opportunity.put("OwnerId", reps.get(d.owner()));
                    opportunity.put("StageName", "Qualification");
                    opportunities.put(d.deal(), opportunity);
                    out.add(message("Opportunity", opportunity, d.at()));
                } else if (c instanceof DealAmount a) {
                    out.add(message("Opportunity", with(opportunities.get(a.deal()), "Amount", a.amount() + ".0"), a.at()));
                } else if (c instanceof DealOwner w) {
                    out.add(message("Opportunity", with(opportunities.get(w.deal()), "OwnerId", reps.get(w.owner())), w.at()));
                } else if (c instanceof DealClose x) {
                    Map<String, String> opportunity = opportunities.get(x.deal());
                    with(opportunity, "CloseDate", LocalDate.ofInstant(x.at(), MADRID).toString());
                    with(opportunity, "IsClosed", "true");
                    with(opportunity, "IsWon", Boolean.toString(x.won()));
                    with(opportunity, "StageName", x.won() ? "Closed Won" : "Closed Lost");
                    if (!x.won()) with(opportunity, "Loss_Reason__c", "Price");
                    out.add(message("Opportunity", opportunity, x.at()));
                }
            }
            return out;
        }

        private static Map<String, String> with(Map<String, String> record, String field, String value) {
            record.put(field, value);
            return record;
        }

        private static String leadId(int lead) {
            return String.format("00Q5g00000Hx%03dAAJ", lead);
        }

        private static String opportunityId(int deal) {
            return String.format("0065g00000Yd%03dAAJ", deal);
        }

        private static String time(Instant at) {
            return at.toString().replace("Z", ".000Z");
        }

        /** One notification of the record as modified {@code at}, in the sample Lead message's envelope. */
        static APIGatewayV2HTTPEvent message(String type, Map<String, String> record, Instant at) {
            StringBuilder fields = new StringBuilder();
            Map<String, String> sent = new TreeMap<>(record);
            sent.put("LastModifiedDate", time(at));
            sent.put("SystemModstamp", time(at));
            sent.forEach((field, value) -> fields.append("     <sf:").append(field).append('>').append(value)
                    .append("</sf:").append(field).append(">\n"));
            String notificationId = "04l5g" + UUID.nameUUIDFromBytes((type + record + at).getBytes(StandardCharsets.UTF_8))
                    .toString().replace("-", "").substring(0, 10) + "AAJ";
            String notification = "   <Notification>\n    <Id>" + notificationId + "</Id>\n"
                    + "    <sObject xsi:type=\"sf:" + type + "\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\">\n"
                    + fields + "    </sObject>\n   </Notification>\n";
            String sample = Fixtures.httpEvent(SalesforceWebhookHandlerTest.LEAD_MESSAGE).getBody();
            return SalesforceWebhookHandlerTest.withBody(SalesforceWebhookHandlerTest.LEAD_MESSAGE,
                    SalesforceWebhookHandlerTest.withNotifications(sample, List.of(notification)));
        }
    }

    /** Pipedrive webhooks v2: a create or change per modification, {@code data} whole, {@code previous} the changed fields. */
    record PipedriveHistory(List<Integer> users, List<String> sources) {
        private static final String SOURCE_FIELD = "a222d8059d3bd7c10d53e3c58b7050ec35b9cb88";
        private static final String WARM = "6";
        private static final String HOT = "5";

        List<APIGatewayV2HTTPEvent> deliveries(List<Change> history) {
            Map<Integer, Map<String, Object>> persons = new HashMap<>();
            Map<Integer, Map<String, Object>> deals = new HashMap<>();
            List<APIGatewayV2HTTPEvent> out = new ArrayList<>();
            for (Change c : history) {
                if (c instanceof LeadNew n) {
                    Map<String, Object> person = person(601 + n.lead(), users.get(n.owner()), sources.get(n.source()), n.at());
                    persons.put(n.lead(), person);
                    out.add(webhook("create", "person", person, null, n.at()));
                } else if (c instanceof LeadSource s) {
                    out.add(change("person", persons.get(s.lead()), "custom_fields",
                        Map.of(SOURCE_FIELD, Map.of("type", "varchar", "value", sources.get(s.source()))), s.at()));
                } else if (c instanceof LeadOwner w) {
                    out.add(change("person", persons.get(w.lead()), "owner_id", users.get(w.owner()), w.at()));
                } else if (c instanceof LeadStage s) {
                    Map<String, Object> person = persons.get(s.lead());
                    List<Object> labels = new ArrayList<>((List<?>) person.get("label_ids"));
                    labels.add(Integer.valueOf(s.sql() ? HOT : WARM));
                    out.add(change("person", person, "label_ids", labels, s.at()));
                } else if (c instanceof DealNew d) {
                    Map<String, Object> deal = deal(701 + d.deal(), 601 + d.lead(), users.get(d.owner()), d.amount(), d.at());
                    deals.put(d.deal(), deal);
                    out.add(webhook("create", "deal", deal, null, d.at()));
                } else if (c instanceof DealAmount a) {
                    out.add(change("deal", deals.get(a.deal()), "value", a.amount(), a.at()));
                } else if (c instanceof DealOwner w) {
                    out.add(change("deal", deals.get(w.deal()), "owner_id", users.get(w.owner()), w.at()));
                } else if (c instanceof DealClose x) {
                    out.add(closing(deals.get(x.deal()), x.won(), x.at()));
                }
            }
            return out;
        }

        static Map<String, Object> person(int id, int owner, String source, Instant added) {
            Map<String, Object> person = new LinkedHashMap<>();
            person.put("id", id);
            person.put("name", "Persona " + id);
            person.put("owner_id", owner);
            person.put("org_id", null);
            person.put("emails", List.of(Map.of("label", "work", "value", "p" + id + "@example.com", "primary", true)));
            person.put("label_ids", List.of());
            person.put("visible_to", "3");
            person.put("add_time", added.toString());
            person.put("update_time", added.toString());
            person.put("custom_fields", Map.of(SOURCE_FIELD, Map.of("type", "varchar", "value", source)));
            return person;
        }

        /** An open deal in stage 1 of the default pipeline. */
        static Map<String, Object> deal(int id, int person, int owner, int value, Instant added) {
            Map<String, Object> deal = new LinkedHashMap<>();
            deal.put("id", id);
            deal.put("title", "Persona " + person + " – licencia");
            deal.put("creator_user_id", owner);
            deal.put("owner_id", owner);
            deal.put("person_id", person);
            deal.put("org_id", null);
            deal.put("pipeline_id", 1);
            deal.put("stage_id", 1);
            deal.put("value", value);
            deal.put("currency", "EUR");
            deal.put("status", "open");
            deal.put("lost_reason", null);
            deal.put("add_time", added.toString());
            deal.put("update_time", added.toString());
            deal.put("won_time", null);
            deal.put("lost_time", null);
            deal.put("close_time", null);
            deal.put("custom_fields", Map.of());
            return deal;
        }

        /** The deal won or lost {@code at}, as Pipedrive sends the status change. */
        static APIGatewayV2HTTPEvent closing(Map<String, Object> deal, boolean won, Instant at) {
            Map<String, Object> previous = new LinkedHashMap<>();
            previous.put("status", "open");
            previous.put(won ? "won_time" : "lost_time", null);
            previous.put("close_time", null);
            previous.put("update_time", deal.get("update_time"));
            deal.put("status", won ? "won" : "lost");
            deal.put(won ? "won_time" : "lost_time", at.toString());
            deal.put("close_time", at.toString());
            if (!won) deal.put("lost_reason", "Price");
            deal.put("update_time", at.toString());
            return webhook("change", "deal", deal, previous, at);
        }

        /** Sets {@code field} on the object (custom fields merged by key) and sends the change with the old value. */
        @SuppressWarnings("unchecked")
        static APIGatewayV2HTTPEvent change(String entity, Map<String, Object> object, String field, Object value, Instant at) {
            Map<String, Object> previous = new LinkedHashMap<>();
            if (field.equals("custom_fields")) {
                Map<String, Object> custom = new LinkedHashMap<>((Map<String, Object>) object.get(field));
                Map<String, Object> old = new LinkedHashMap<>();
                ((Map<String, Object>) value).keySet().forEach(key -> old.put(key, custom.get(key)));
                previous.put(field, old);
                custom.putAll((Map<String, Object>) value);
                object.put(field, custom);
            } else {
                previous.put(field, object.get(field));
                object.put(field, value);
            }
            previous.put("update_time", object.get("update_time"));
            object.put("update_time", at.toString());
            return webhook("change", entity, object, previous, at);
        }

        static APIGatewayV2HTTPEvent webhook(String action, String entity, Map<String, Object> data, Map<String, Object> previous,
                                                     Instant at) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("action", action);
            meta.put("entity", entity);
            meta.put("company_id", PipedriveWebhookHandlerTest.COMPANY);
            meta.put("correlation_id", UUID.nameUUIDFromBytes(("c" + entity + data.get("id") + at).getBytes(StandardCharsets.UTF_8)).toString());
            meta.put("entity_id", data.get("id").toString());
            meta.put("id", UUID.nameUUIDFromBytes((action + entity + data.get("id") + at).getBytes(StandardCharsets.UTF_8)).toString());
            meta.put("is_bulk_edit", false);
            meta.put("timestamp", at.toString());
            meta.put("type", "general");
            meta.put("user_id", "23160411");
            meta.put("version", "2.0");
            meta.put("webhook_id", "8102");
            meta.put("webhook_owner_id", "23160411");
            meta.put("change_source", "app");
            meta.put("attempt", 1);
            meta.put("host", "northwind.pipedrive.com");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("meta", meta);
            body.put("data", deepCopy(data));
            body.put("previous", previous == null ? null : deepCopy(previous));
            return PipedriveWebhookHandlerTest.request(body);
        }

        /** The object as it is now: later changes to the history's state must not reach an earlier webhook. */
        private static Object deepCopy(Object value) {
            try {
                return Json.parse(Json.compact(value));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
