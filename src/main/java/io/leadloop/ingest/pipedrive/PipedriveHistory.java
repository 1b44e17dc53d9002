package io.leadloop.ingest.pipedrive;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.backfill.CrmHttp;
import io.leadloop.ingest.backfill.CrmHttp.CrmApiException;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.backfill.PhaseCursor;
import io.leadloop.ingest.pipedrive.PipedriveMapping.Unmappable;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Pipedrive account's persons, Leads inbox leads and deals (docs/backfill.md, Pipedrive): persons and deals through
 * API v2, oldest update first, leads through API v1 (which alone lists them), oldest first; 500 a page, each record
 * turned into the facts it states now. The webhook path keys its events by the notification ({@code meta.id}), which
 * no record carries, so these are keyed by the record and the time of the fact
 * ({@code pipedrive:<company>:history:deal:301:won:2026-11-20T15:20:00Z}): a re-read yields the same ids, and a fact a
 * webhook also delivered is the same state twice (earliest stage time, latest field value, latest closing), so counts
 * do not change.
 */
public final class PipedriveHistory implements HistorySource {

    public static final String API_TOKEN = "LEADLOOP_PIPEDRIVE_API_TOKEN";
    public static final String COMPANY_DOMAIN = "LEADLOOP_PIPEDRIVE_COMPANY_DOMAIN";
    public static final String API_URL = "LEADLOOP_PIPEDRIVE_API_URL";
    /** The largest page Pipedrive's cursor-paginated endpoints serve. */
    static final int PAGE_SIZE = 500;

    private static final String PERSONS = "persons";
    private static final String LEADS = "leads";
    private static final String DEALS = "deals";
    /** Leads come between persons and deals, so a cursor stored by a run from before they were read still reads on. */
    private static final List<String> PHASES = List.of(PERSONS, LEADS, DEALS);

    private final URI base;
    private final Map<String, String> headers;
    private final CrmHttp http;
    private final PipedriveSettings settings;
    private final PipedriveMapping mapping;
    private String companyId;

    PipedriveHistory(URI base, String apiToken, CrmHttp http, PipedriveSettings settings) {
        this.base = base;
        this.headers = Map.of("x-api-token", apiToken, "Accept", "application/json");
        this.http = http;
        this.settings = settings;
        this.mapping = new PipedriveMapping(settings);
    }

    /**
     * The history, when {@value #API_TOKEN} (or its {@code _PARAM} / {@code _FILE} form) is set; then the account's
     * address must be known too: {@value #COMPANY_DOMAIN} ({@code acme} for {@code https://acme.pipedrive.com}) or
     * {@value #API_URL}. Stage names, users and custom fields are the webhook path's {@code LEADLOOP_CONFIG.pipedrive}.
     */
    public static Optional<HistorySource> fromConfig(Config config, CrmHttp http) {
        Optional<String> token = config.secret(API_TOKEN);
        if (token.isEmpty()) return Optional.empty();
        URI base = config.url(API_URL, "https://acme.pipedrive.com").orElseGet(() -> companyUrl(config));
        return Optional.of(new PipedriveHistory(base, token.get(), http, PipedriveSettings.from(Section.root(config))));
    }

    @Override
    public String source() {
        return PipedriveAdapter.SOURCE;
    }

    /**
     * Cursors read {@code persons|<Pipedrive's next_cursor>}, then {@code leads|<next_start>}, then {@code deals|…}
     * ({@link PhaseCursor}).
     */
    @Override
    public HistoryPage read(String cursor, Instant modifiedSince) {
        int callsBefore = http.calls();
        PhaseCursor at = PhaseCursor.parse(cursor, PHASES);
        String collection = at.phase();
        String company = companyId();
        boolean leads = LEADS.equals(collection);
        Map<?, ?> answer = (Map<?, ?>) get(leads ? leadsUri(at.crmCursor()) : collectionUri(collection, at.crmCursor(), modifiedSince));
        List<?> records = answer.get("data") instanceof List<?> data ? data : List.of();
        List<FunnelEvent> events = new ArrayList<>();
        for (Object record : records) {
            PipedriveObject object = new PipedriveObject((Map<?, ?>) record);
            try {
                events.addAll(facts(collection, company, object, modifiedSince));
            } catch (Unmappable unreadable) {
                // A record whose fields do not read states no fact; the rest of the page still counts.
            }
        }
        Map<?, ?> more = answer.get("additional_data") instanceof Map<?, ?> additional ? additional : Map.of();
        String next = leads ? nextStart(more, at.crmCursor(), records.size()) : PipedriveObject.scalar(more.get("next_cursor"));
        return new HistoryPage(events, at.next(PHASES, next), records.size(), http.calls() - callsBefore);
    }

    /**
     * The company's users, active or not (a deactivated user still owns the deals of their time), from
     * {@code GET /api/v1/users}, which lists them all in one answer. A user {@code pipedrive.users} names keeps that name:
     * their newer events carry it instead of the id, so their older ones read the same.
     */
    @Override
    public Owners owners() {
        int callsBefore = http.calls();
        Map<?, ?> answer = (Map<?, ?>) get(base.resolve("/api/v1/users"));
        Map<String, String> names = new LinkedHashMap<>();
        for (Object listed : answer.get("data") instanceof List<?> data ? data : List.of()) {
            Map<?, ?> user = (Map<?, ?>) listed;
            String id = PipedriveObject.scalar(user.get("id"));
            String name = PipedriveObject.scalar(user.get("name"));
            if (id != null && name != null) names.put(id, settings.users().getOrDefault(id, name));
        }
        return new Owners(names, http.calls() - callsBefore);
    }

    private List<FunnelEvent> facts(String collection, String company, PipedriveObject record, Instant modifiedSince)
            throws Unmappable {
        return switch (collection) {
            case PERSONS -> person(company, record);
            case LEADS -> changedSince(record, modifiedSince) ? inboxLead(company, record) : List.of();
            default -> deal(company, record);
        };
    }

    /**
     * A person: created at {@code add_time}; described as it is now at {@code update_time}, when each of its fields
     * was last true; at the stage of each mapped label it has, at {@code update_time} at the latest (the earliest
     * time anyone saw stands, so a webhook that saw the label added dates it exactly).
     */
    List<FunnelEvent> person(String company, PipedriveObject person) throws Unmappable {
        if (person.isTrue("is_deleted")) return List.of();
        String id = required(person, "id");
        return contact(historyKey(company, "person", id), scoped(company, "person", id), person);
    }

    /**
     * A Leads inbox lead, read as a person is: a lead about a person is that person's lead, one about an organization
     * only stands alone ({@code pipedrive:<company>:lead:<id>}), as on the webhook path.
     */
    List<FunnelEvent> inboxLead(String company, PipedriveObject lead) throws Unmappable {
        String id = required(lead, "id");
        String personId = lead.text("person_id");
        String leadId = personId != null ? scoped(company, "person", personId) : scoped(company, "lead", id);
        return contact(historyKey(company, "lead", id), leadId, lead);
    }

    private List<FunnelEvent> contact(String key, String leadId, PipedriveObject contact) throws Unmappable {
        Instant addedAt = requiredTime(contact, "add_time");
        Instant updatedAt = contact.instant("update_time", addedAt);
        List<FunnelEvent> events = new ArrayList<>();
        events.add(new LeadCreated(key + ":created", addedAt, leadId, LeadProfile.EMPTY));
        LeadProfile profile = mapping.profile(contact);
        if (!profile.fields().isEmpty()) events.add(new LeadCreated(key + ":profile:" + updatedAt, updatedAt, leadId, profile));
        for (String label : contact.ids("label_ids")) {
            Stage stage = settings.leadLabels().get(label);
            if (stage != null) events.add(new LeadStageReached(key + ":label:" + label, updatedAt, leadId, stage));
        }
        return events;
    }

    /**
     * A deal: created at {@code add_time}; its value, currency, owner and person as of {@code update_time}; in its
     * stage since {@code stage_change_time} (with the {@code stage_funnel} stage for its person); won at
     * {@code won_time} or lost at {@code lost_time}. A reopened deal states no closing, as on the webhook path.
     */
    List<FunnelEvent> deal(String company, PipedriveObject deal) throws Unmappable {
        String status = deal.text("status");
        if ("deleted".equals(status) || deal.isTrue("is_deleted")) return List.of();
        String id = required(deal, "id");
        String dealId = scoped(company, "deal", id);
        String key = historyKey(company, "deal", id);
        String personId = deal.text("person_id");
        String leadId = personId == null ? null : scoped(company, "person", personId);
        Instant addedAt = requiredTime(deal, "add_time");
        Instant updatedAt = deal.instant("update_time", addedAt);
        Money amount = new Money(deal.decimal("value"), deal.text("currency"));
        String owner = mapping.owner(deal);
        List<FunnelEvent> events = new ArrayList<>();
        events.add(new DealCreated(key + ":created", addedAt, dealId, leadId, Money.UNKNOWN, null));
        events.add(new DealUpdated(key + ":values:" + updatedAt, updatedAt, dealId, leadId, amount, owner));
        String stageId = deal.text("stage_id");
        if (stageId != null) {
            Instant enteredAt = deal.instant("stage_change_time", addedAt);
            events.add(new DealStageChanged(key + ":stage:" + stageId + ":" + enteredAt, enteredAt, dealId, leadId,
                    settings.stageNames().getOrDefault(stageId, stageId)));
            Stage reached = settings.stageFunnel().get(stageId);
            if (reached != null && leadId != null) {
                events.add(new LeadStageReached(key + ":stage-funnel:" + stageId, enteredAt, leadId, reached));
            }
        }
        if ("won".equals(status)) {
            Instant wonAt = deal.instant("won_time", deal.instant("close_time", updatedAt));
            events.add(new DealWon(key + ":won:" + wonAt, wonAt, dealId, leadId, amount, owner));
        } else if ("lost".equals(status)) {
            Instant lostAt = deal.instant("lost_time", deal.instant("close_time", updatedAt));
            events.add(new DealLost(key + ":lost:" + lostAt, lostAt, dealId, leadId, amount, owner, deal.text("lost_reason")));
        }
        return events;
    }

    /** Lead and deal ids carry the company, as the webhook path's do; the token's account tells it once per read. */
    private String companyId() {
        if (companyId == null) {
            Map<?, ?> me = (Map<?, ?>) get(base.resolve("/api/v1/users/me"));
            String company = me.get("data") instanceof Map<?, ?> user ? PipedriveObject.scalar(user.get("company_id")) : null;
            if (company == null) {
                throw new CrmApiException("GET /api/v1/users/me answered without data.company_id; is " + base + " Pipedrive's API?", 200);
            }
            companyId = company;
        }
        return companyId;
    }

    private URI collectionUri(String collection, String cursor, Instant modifiedSince) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(PAGE_SIZE));
        query.put("sort_by", "update_time");
        query.put("sort_direction", "asc");
        if (modifiedSince != null) query.put("updated_since", wholeSeconds(modifiedSince).toString());
        if (!cursor.isEmpty()) query.put("cursor", cursor);
        return uri("/api/v2/" + collection, query);
    }

    /**
     * API v1 pages leads by offset and has no {@code updated_since}; oldest first, since a lead changed during the read
     * keeps its place (sorted by update, it would move behind the offset and push an unread one before it).
     */
    private URI leadsUri(String start) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(PAGE_SIZE));
        query.put("start", start.isEmpty() ? "0" : start);
        query.put("sort", "add_time ASC");
        query.put("archived_status", "all");
        return uri("/api/v1/leads", query);
    }

    /** The leads API filters nothing by time, so a reconciliation skips here the leads unchanged since. */
    private static boolean changedSince(PipedriveObject lead, Instant modifiedSince) throws Unmappable {
        if (modifiedSince == null) return true;
        return !lead.instant("update_time", requiredTime(lead, "add_time")).isBefore(wholeSeconds(modifiedSince));
    }

    /** Where the next page starts: {@code next_start}, or the page's own start plus what it held when that is absent. */
    private static String nextStart(Map<?, ?> additionalData, String start, int held) {
        if (!(additionalData.get("pagination") instanceof Map<?, ?> pagination)) return null;
        if (!Boolean.TRUE.equals(pagination.get("more_items_in_collection"))) return null;
        String next = PipedriveObject.scalar(pagination.get("next_start"));
        return next != null ? next : Long.toString((start.isEmpty() ? 0 : Long.parseLong(start)) + held);
    }

    /** Whole seconds, rounded down: Pipedrive's filter reads seconds, and an earlier bound only re-reads a record. */
    private static Instant wholeSeconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS);
    }

    private URI uri(String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            uri.append(separator).append(parameter.getKey()).append('=').append(URLEncoder.encode(parameter.getValue(), UTF_8));
            separator = '&';
        }
        return base.resolve(uri.toString());
    }

    private Object get(URI uri) {
        try {
            return http.get(uri, headers);
        } catch (CrmApiException refused) {
            if (refused.status() == 401) {
                throw new ConfigException(API_TOKEN, "Pipedrive refused the API token (" + refused.getMessage() + "); set it to the "
                        + "API token of an admin user (Pipedrive → Personal preferences → API) of the account at " + base);
            }
            throw refused;
        }
    }

    private static String required(PipedriveObject record, String field) throws Unmappable {
        String value = record.text(field);
        if (value == null) throw new Unmappable("the record has no " + field);
        return value;
    }

    private static Instant requiredTime(PipedriveObject record, String field) throws Unmappable {
        Instant at = record.instant(field, null);
        if (at == null) throw new Unmappable("the record has no " + field);
        return at;
    }

    private static String scoped(String company, String kind, String id) {
        return PipedriveAdapter.SOURCE + ":" + company + ":" + kind + ":" + id;
    }

    private static String historyKey(String company, String kind, String id) {
        return PipedriveAdapter.SOURCE + ":" + company + ":history:" + kind + ":" + id;
    }

    private static URI companyUrl(Config config) {
        String domain = config.optional(COMPANY_DOMAIN).orElseThrow(() -> new ConfigException(COMPANY_DOMAIN, "is not set; set it to "
                + "your Pipedrive company domain (acme for https://acme.pipedrive.com), or " + API_URL + " to the API's base URL"));
        if (!domain.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
            throw new ConfigException(COMPANY_DOMAIN, "'" + domain + "' is not a company domain; use only the part before "
                    + ".pipedrive.com, e.g. acme");
        }
        return URI.create("https://" + domain + ".pipedrive.com");
    }
}
