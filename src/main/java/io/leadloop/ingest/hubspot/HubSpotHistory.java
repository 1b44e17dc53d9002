package io.leadloop.ingest.hubspot;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.backfill.CrmHttp;
import io.leadloop.ingest.backfill.CrmHttp.CrmApiException;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.hubspot.HubSpotMapping.DealStage;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * HubSpot's history through its CRM v3 search API (docs/backfill.md): contacts, then deals, each sorted by last
 * modification, 100 a page. The search API answers at most 10,000 results per query, so when a query's window is used
 * up the next page starts a new query from the last modification time read (records sharing that instant are read
 * twice, which applies nothing twice). Won and lost deal stages come from the pipelines API; configured
 * {@code hubspot.deal_stages} override it.
 *
 * <p>Event ids are {@code hubspot:{portal}:backfill:{object}:{id}:{fact}:{value}:{time}}: HubSpot's webhook ids rest on
 * subscription and event ids that a record does not carry, so they cannot be derived here; the funnel state converges
 * all the same, because a stage keeps its earliest time and a field its latest occurrence, whichever way they came.
 */
public final class HubSpotHistory implements HistorySource {

    public static final String ACCESS_TOKEN = "LEADLOOP_HUBSPOT_ACCESS_TOKEN";
    public static final String API_URL = "LEADLOOP_HUBSPOT_API_URL";
    static final String DEFAULT_API_URL = "https://api.hubapi.com";
    static final String SCOPES = "crm.objects.contacts.read, crm.objects.deals.read, crm.objects.owners.read";
    static final int PAGE_SIZE = 100;
    /** HubSpot's search API refuses to page past this many results of one query. */
    static final int SEARCH_WINDOW = 10_000;

    private static final String CONTACTS = "contacts";
    private static final String DEALS = "deals";

    private final CrmHttp http;
    private final URI api;
    private final Map<String, String> headers;
    private final HubSpotMapping mapping;
    private String portalId;
    private Map<String, DealStage> learnedDealStages;

    HubSpotHistory(CrmHttp http, URI api, String accessToken, HubSpotMapping mapping) {
        this.http = http;
        this.api = api;
        this.headers = Map.of("Authorization", "Bearer " + accessToken);
        this.mapping = mapping;
    }

    /** The account the private app's token belongs to, mapped as {@code LEADLOOP_CONFIG.hubspot} maps webhooks. */
    public static HubSpotHistory fromConfig(Config config, CrmHttp http) {
        String token = config.requiredSecret(ACCESS_TOKEN, "the access token of a HubSpot private app with the scopes " + SCOPES
                + " (Settings > Integrations > Private apps)");
        String url = config.optional(API_URL).orElse(DEFAULT_API_URL);
        URI api;
        try {
            api = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(API_URL, "'" + url + "' is not a URL; leave it unset for " + DEFAULT_API_URL);
        }
        return new HubSpotHistory(http, api, token, HubSpotMapping.from(Section.root(config).section(HubSpotAdapter.SECTION)));
    }

    @Override
    public String source() {
        return HubSpotAdapter.SOURCE;
    }

    @Override
    public HistoryPage read(String cursor, Instant modifiedSince) {
        int callsBefore = http.calls();
        try {
            Position at = cursor == null ? new Position(CONTACTS, modifiedSince, 0, null) : Position.parse(cursor);
            if (portalId == null) portalId = portalId();
            Map<?, ?> answer = search(at);
            List<Map<?, ?>> results = objects(answer.get("results"));
            List<FunnelEvent> events = new ArrayList<>();
            if (CONTACTS.equals(at.object())) {
                results.forEach(contact -> events.addAll(contactEvents(contact)));
            } else {
                if (learnedDealStages == null) learnedDealStages = pipelineStages();
                Map<String, String> leads = dealLeads(results);
                results.forEach(deal -> events.addAll(dealEvents(deal, leads.get(text(deal.get("id"))))));
            }
            return new HistoryPage(events, next(at, answer, results, modifiedSince), results.size(), http.calls() - callsBefore);
        } catch (CrmApiException e) {
            throw refusedToken(e);
        }
    }

    /**
     * The account's owners, active and archived: a deal keeps the owner it had when its rep left, and an archived
     * owner keeps its id. Each is named by first and last name, else by email; the id is {@code hubspot_owner_id}'s.
     */
    @Override
    public Owners owners() {
        int callsBefore = http.calls();
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (boolean archived : List.of(false, true)) {
                String after = null;
                do {
                    Map<?, ?> answer = (Map<?, ?>) http.get(api.resolve("/crm/v3/owners?limit=" + PAGE_SIZE + "&archived=" + archived
                            + (after == null ? "" : "&after=" + URLEncoder.encode(after, UTF_8))), headers);
                    for (Map<?, ?> owner : objects(answer.get("results"))) {
                        String id = text(owner.get("id"));
                        String name = text(Objects.toString(owner.get("firstName"), "") + " " + Objects.toString(owner.get("lastName"), ""));
                        String shown = name != null ? name : text(owner.get("email"));
                        if (id != null && shown != null) names.putIfAbsent(id, shown);
                    }
                    after = after(answer);
                } while (after != null);
            }
        } catch (CrmApiException e) {
            throw refusedToken(e);
        }
        return new Owners(names, http.calls() - callsBefore);
    }

    private static RuntimeException refusedToken(CrmApiException e) {
        if (e.status() != 401 && e.status() != 403) return e;
        return new ConfigException(ACCESS_TOKEN, "was refused by HubSpot (" + e.getMessage() + "); set it to the access token"
                + " of a private app of this account with the scopes " + SCOPES);
    }

    /**
     * Where a page starts: the object, the lower bound of last modification of the query (null: none), how many
     * results of that query were read before it, and HubSpot's {@code after} token.
     */
    record Position(String object, Instant since, int read, String after) {
        String encode() {
            return object + ";" + (since == null ? "" : since.toEpochMilli()) + ";" + read + ";" + (after == null ? "" : after);
        }

        static Position parse(String cursor) {
            String[] parts = cursor.split(";", -1);
            if (parts.length != 4 || !(CONTACTS.equals(parts[0]) || DEALS.equals(parts[0]))) {
                throw new IllegalArgumentException("'" + cursor + "' is not a HubSpot backfill cursor");
            }
            return new Position(parts[0], parts[1].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(parts[1])),
                    Integer.parseInt(parts[2]), parts[3].isEmpty() ? null : parts[3]);
        }
    }

    private String next(Position at, Map<?, ?> answer, List<Map<?, ?>> results, Instant modifiedSince) {
        String after = after(answer);
        if (after != null) {
            int read = at.read() + results.size();
            if (read + PAGE_SIZE <= SEARCH_WINDOW) return new Position(at.object(), at.since(), read, after).encode();
            Instant last = instant(((Map<?, ?>) results.get(results.size() - 1).get("properties")).get(modifiedProperty(at.object())));
            return new Position(at.object(), last, 0, null).encode();
        }
        return CONTACTS.equals(at.object()) ? new Position(DEALS, modifiedSince, 0, null).encode() : null;
    }

    /** HubSpot's cursor to the next page of a list or a search, null on the last page. */
    private static String after(Map<?, ?> answer) {
        return answer.get("paging") instanceof Map<?, ?> paging && paging.get("next") instanceof Map<?, ?> next ? text(next.get("after")) : null;
    }

    private static String modifiedProperty(String object) {
        return CONTACTS.equals(object) ? "lastmodifieddate" : "hs_lastmodifieddate";
    }

    private Map<?, ?> search(Position at) {
        String modified = modifiedProperty(at.object());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", at.since() == null ? List.of() : List.of(Map.of("filters", List.of(Map.of(
                "propertyName", modified, "operator", "GTE", "value", Long.toString(at.since().toEpochMilli()))))));
        body.put("sorts", List.of(Map.of("propertyName", modified, "direction", "ASCENDING")));
        body.put("properties", List.copyOf(CONTACTS.equals(at.object()) ? contactProperties() : DEAL_PROPERTIES));
        body.put("limit", PAGE_SIZE);
        if (at.after() != null) body.put("after", at.after());
        return (Map<?, ?>) http.postJson(api.resolve("/crm/v3/objects/" + at.object() + "/search"), headers, body);
    }

    private String portalId() {
        Object id = ((Map<?, ?>) http.get(api.resolve("/account-info/v3/details"), headers)).get("portalId");
        if (id == null) throw new CrmApiException("GET /account-info/v3/details named no portalId", 200);
        return text(id);
    }

    private Set<String> contactProperties() {
        Set<String> names = new LinkedHashSet<>(List.of("createdate", "lastmodifieddate", "lifecyclestage", "hs_lead_status"));
        names.addAll(mapping.contactProperties().keySet());
        for (String stage : new TreeMap<>(mapping.lifecycleStages()).keySet()) {
            names.add(v2DateEntered(stage));
            names.add("hs_lifecyclestage_" + stage + "_date");
        }
        return names;
    }

    private static String v2DateEntered(String stage) {
        return "hs_v2_date_entered_" + stage;
    }

    private static final List<String> DEAL_PROPERTIES = List.of("dealstage", "pipeline", "amount", "deal_currency_code",
            "hubspot_owner_id", "createdate", "closedate", "hs_is_closed_won", "hs_is_closed", "hs_lastmodifieddate");

    private List<FunnelEvent> contactEvents(Map<?, ?> contact) {
        String id = text(contact.get("id"));
        Map<?, ?> p = (Map<?, ?>) contact.get("properties");
        String leadId = HubSpotMapping.leadId(portalId, id);
        String key = "hubspot:" + portalId + ":backfill:contact:" + id + ":";
        Instant created = instant(p.get("createdate"));
        Instant modified = instant(p.get("lastmodifieddate"));
        List<FunnelEvent> events = new ArrayList<>();
        if (created != null) events.add(new LeadCreated(key + "createdate:" + created.toEpochMilli(), created, leadId, LeadProfile.EMPTY));
        new TreeMap<>(mapping.lifecycleStages()).forEach((stageId, stage) -> {
            Instant entered = instant(p.get(v2DateEntered(stageId)));
            if (entered == null) entered = instant(p.get("hs_lifecyclestage_" + stageId + "_date"));
            if (entered != null) {
                events.add(new LeadStageReached(key + "lifecyclestage:" + stageId + ":" + entered.toEpochMilli(), entered, leadId, stage));
            }
        });
        Instant asOf = modified != null ? modified : created;
        if (asOf == null) return events;
        String status = text(p.get("hs_lead_status"));
        String reason = status == null ? null : mapping.disqualificationReason(status);
        // HubSpot keeps no date for a lead status: the first read that sees it dates the disqualification, and later reads
        // repeat that event's id, so the earliest sighting stands.
        if (reason != null) events.add(new LeadDisqualified(key + "hs_lead_status:" + status, asOf, leadId, reason));
        Map<String, String> fields = new TreeMap<>();
        mapping.contactProperties().forEach((property, field) -> {
            String value = text(p.get(property));
            if (value != null) fields.put(field, value);
        });
        // The search API gives current values without their change times: as of the last modification, they are the latest.
        if (!fields.isEmpty()) {
            events.add(new LeadCreated(key + "profile:" + asOf.toEpochMilli(), asOf, leadId, LeadProfile.ofFields(fields)));
        }
        return events;
    }

    private List<FunnelEvent> dealEvents(Map<?, ?> deal, String contactId) {
        String id = text(deal.get("id"));
        Map<?, ?> p = (Map<?, ?>) deal.get("properties");
        String dealId = HubSpotMapping.dealId(portalId, id);
        String leadId = contactId == null ? null : HubSpotMapping.leadId(portalId, contactId);
        String key = "hubspot:" + portalId + ":backfill:deal:" + id + ":";
        Instant created = instant(p.get("createdate"));
        Instant modified = instant(p.get("hs_lastmodifieddate"));
        Instant asOf = modified != null ? modified : created;
        List<FunnelEvent> events = new ArrayList<>();
        if (created != null) events.add(new DealCreated(key + "createdate:" + created.toEpochMilli(), created, dealId, leadId, Money.UNKNOWN, null));
        if (asOf == null) return events;
        String currency = text(p.get("deal_currency_code"));
        Money amount = new Money(decimal(p.get("amount")), currency != null ? currency : mapping.currency());
        String owner = text(p.get("hubspot_owner_id"));
        events.add(new DealUpdated(key + "fields:" + asOf.toEpochMilli(), asOf, dealId, leadId, amount, owner));
        String stageId = text(p.get("dealstage"));
        if (stageId == null) return events;
        Instant closed = instant(p.get("closedate"));
        Instant closedAt = closed != null ? closed : asOf;
        switch (outcome(stageId, p)) {
            case WON -> events.add(new DealWon(key + "won:" + closedAt.toEpochMilli(), closedAt, dealId, leadId, Money.UNKNOWN, null));
            case LOST -> events.add(new DealLost(key + "lost:" + closedAt.toEpochMilli(), closedAt, dealId, leadId, Money.UNKNOWN, null, null));
            case OPEN -> events.add(new DealStageChanged(key + "dealstage:" + stageId + ":" + asOf.toEpochMilli(), asOf, dealId, leadId, stageId));
        }
        return events;
    }

    /** A stage neither configured nor in any pipeline (deleted since) still says on the record whether it closed. */
    private DealStage outcome(String stageId, Map<?, ?> p) {
        DealStage known = mapping.dealStage(stageId, learnedDealStages);
        if (known != null) return known;
        if ("true".equals(text(p.get("hs_is_closed_won")))) return DealStage.WON;
        return "true".equals(text(p.get("hs_is_closed"))) ? DealStage.LOST : DealStage.OPEN;
    }

    /** Each deal's lead: its contact with the lowest id, so that every read links the same one. */
    private Map<String, String> dealLeads(List<Map<?, ?>> deals) {
        Map<String, String> leads = new HashMap<>();
        if (deals.isEmpty()) return leads;
        List<Map<String, String>> inputs = deals.stream().map(d -> Map.of("id", text(d.get("id")))).toList();
        Map<?, ?> answer = (Map<?, ?>) http.postJson(api.resolve("/crm/v4/associations/deals/contacts/batch/read"), headers,
                Map.of("inputs", inputs));
        for (Map<?, ?> result : objects(answer.get("results"))) {
            String dealId = text(((Map<?, ?>) result.get("from")).get("id"));
            objects(result.get("to")).stream().map(to -> text(to.get("toObjectId")))
                    .min((a, b) -> new BigDecimal(a).compareTo(new BigDecimal(b)))
                    .ifPresent(contact -> leads.put(dealId, contact));
        }
        return leads;
    }

    /** Closed stages with probability 1.0 are won, other closed ones lost, as HubSpot's pipelines define them. */
    private Map<String, DealStage> pipelineStages() {
        Map<String, DealStage> stages = new HashMap<>();
        Map<?, ?> answer = (Map<?, ?>) http.get(api.resolve("/crm/v3/pipelines/deals"), headers);
        for (Map<?, ?> pipeline : objects(answer.get("results"))) {
            for (Map<?, ?> stage : objects(pipeline.get("stages"))) {
                Map<?, ?> metadata = stage.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
                boolean closed = "true".equals(text(metadata.get("isClosed")));
                BigDecimal probability = decimal(metadata.get("probability"));
                stages.put(text(stage.get("id")), !closed ? DealStage.OPEN
                        : probability != null && probability.compareTo(BigDecimal.ONE) == 0 ? DealStage.WON : DealStage.LOST);
            }
        }
        return stages;
    }

    private static List<Map<?, ?>> objects(Object list) {
        if (!(list instanceof List<?> items)) return List.of();
        return items.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
    }

    private static String text(Object value) {
        if (value == null) return null;
        String text = value.toString();
        return text.isBlank() ? null : text.strip();
    }

    /** HubSpot writes datetime properties as ISO 8601 in search results, and as epoch milliseconds elsewhere. */
    private static Instant instant(Object value) {
        String text = text(value);
        if (text == null) return null;
        try {
            return text.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal decimal(Object value) {
        String text = text(value);
        if (text == null) return null;
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
