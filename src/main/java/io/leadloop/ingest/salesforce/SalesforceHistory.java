package io.leadloop.ingest.salesforce;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.backfill.CrmHttp;
import io.leadloop.ingest.backfill.CrmHttp.CrmApiException;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.backfill.PhaseCursor;
import io.leadloop.ingest.salesforce.SalesforceMessage.Notification;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Salesforce org's Leads, their Status history and its Opportunities, read through the REST query API
 * (docs/backfill.md, Salesforce) with an OAuth 2.0 client-credentials token. Each Lead and Opportunity record is
 * mapped exactly as an Outbound Message notification carrying it would be ({@link SalesforceMapping}), as the version
 * its {@code SystemModstamp} names: event ids read {@code salesforce:<org>:history:<record id>:<SystemModstamp>:<part>},
 * so a re-read of an unchanged record yields the same ids and a changed record states its new version. Each Status
 * change in LeadHistory dates the stage it reached ({@code salesforce:<org>:history:<LeadHistory id>:new}), which a
 * notification, carrying only the latest state, never could.
 */
public final class SalesforceHistory implements HistorySource {

    public static final String CLIENT_ID = "LEADLOOP_SALESFORCE_CLIENT_ID";
    public static final String CLIENT_SECRET = "LEADLOOP_SALESFORCE_CLIENT_SECRET";
    public static final String INSTANCE_URL = "LEADLOOP_SALESFORCE_INSTANCE_URL";
    static final String API = "/services/data/v62.0";
    /** The most records Salesforce returns per query batch; it may send fewer. */
    static final int BATCH_SIZE = 2000;

    private static final String LEAD = "Lead";
    private static final String LEAD_HISTORY = "LeadHistory";
    private static final String OPPORTUNITY = "Opportunity";
    private static final List<String> PHASES = List.of(LEAD, LEAD_HISTORY, OPPORTUNITY);
    /** How the REST API writes a dateTime ({@code 2026-11-16T08:12:00.000+0000}); notifications write xsd:dateTime. */
    private static final Pattern REST_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?[+-]\\d{4}");
    private static final DateTimeFormatter REST_DATE_TIME_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSS]xx");
    private static final String CREDENTIALS_FIX = "set " + CLIENT_ID + " and " + CLIENT_SECRET + " to the consumer key and secret "
            + "of a connected app (or external client app) with the client credentials flow enabled and a run-as user who may "
            + "read Leads, Lead history and Opportunities";

    private final URI instance;
    private final String clientId;
    private final String clientSecret;
    private final CrmHttp http;
    private final SalesforceMapping mapping;
    private final Set<String> organizations;
    private final String organizationsKey;
    private Session session;
    private Boolean multiCurrency;

    /** An access token and where to use it; the org's id comes with it, in the identity URL. */
    private record Session(String accessToken, URI instance, String organization) {}

    /** @param organizations the orgs that may report here (the webhook path's allow-list); empty allows the token's org */
    SalesforceHistory(URI instance, String clientId, String clientSecret, CrmHttp http, SalesforceMapping mapping,
                      Set<String> organizations, String organizationsKey) {
        this.instance = instance;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.http = http;
        this.mapping = mapping;
        this.organizations = Set.copyOf(organizations);
        this.organizationsKey = organizationsKey;
    }

    /**
     * The history, when {@value #CLIENT_ID} or {@value #CLIENT_SECRET} (each also as {@code _PARAM} / {@code _FILE})
     * is set; then both must be, and {@value #INSTANCE_URL} (the org's My Domain URL). Lead statuses and fields are the
     * webhook path's {@code LEADLOOP_CONFIG.salesforce}.
     */
    public static Optional<HistorySource> fromConfig(Config config, CrmHttp http) {
        if (config.secret(CLIENT_ID).isEmpty() && config.secret(CLIENT_SECRET).isEmpty()) return Optional.empty();
        String clientId = config.requiredSecret(CLIENT_ID, "the consumer key of the connected app leadloop reads history with");
        String clientSecret = config.requiredSecret(CLIENT_SECRET, "the consumer secret of that connected app");
        URI instance = config.url(INSTANCE_URL, "https://acme.my.salesforce.com").orElseThrow(() -> new ConfigException(INSTANCE_URL,
                "is not set; set it to the org's My Domain URL (Setup → My Domain), e.g. https://acme.my.salesforce.com"));
        Section settings = Section.root(config).section(SalesforceAdapter.SOURCE);
        SalesforceMapping mapping = SalesforceMapping.fromConfig(settings, StoreSettings.zone(config));
        Set<String> organizations = settings.has(SalesforceAdapter.ORGANIZATION_IDS) ? SalesforceAdapter.organizations(settings) : Set.of();
        return Optional.of(new SalesforceHistory(instance, clientId, clientSecret, http, mapping, organizations,
                settings.pathOf(SalesforceAdapter.ORGANIZATION_IDS)));
    }

    @Override
    public String source() {
        return SalesforceAdapter.SOURCE;
    }

    /** Cursors read {@code Lead|<nextRecordsUrl>}, then {@code LeadHistory|…}, {@code Opportunity|…} ({@link PhaseCursor}). */
    @Override
    public HistoryPage read(String cursor, Instant modifiedSince) {
        int callsBefore = http.calls();
        PhaseCursor at = PhaseCursor.parse(cursor, PHASES);
        String object = at.phase();
        Map<?, ?> answer = (Map<?, ?>) (at.atStart() ? query(soql(object, modifiedSince)) : get(at.crmCursor()));
        List<?> records = answer.get("records") instanceof List<?> list ? list : List.of();
        String organization = session().organization();
        List<FunnelEvent> events = new ArrayList<>();
        for (Object record : records) {
            Map<String, String> fields = fields((Map<?, ?>) record);
            if (LEAD_HISTORY.equals(object)) {
                statusChange(organization, fields, events);
            } else {
                snapshot(organization, object, fields, events);
            }
        }
        String more = Boolean.TRUE.equals(answer.get("done")) ? null : (String) answer.get("nextRecordsUrl");
        return new HistoryPage(events, at.next(PHASES, more), records.size(), http.calls() - callsBefore);
    }

    /**
     * The org's users, active or not (a deactivated user still owns the records of their time), by their 18-character
     * Id, as query results and Outbound Messages write {@code OwnerId}; one query, followed through {@code nextRecordsUrl}.
     */
    @Override
    public Owners owners() {
        int callsBefore = http.calls();
        Map<String, String> names = new LinkedHashMap<>();
        Map<?, ?> answer = (Map<?, ?>) query("SELECT Id, Name FROM User ORDER BY Id");
        while (true) {
            for (Object record : answer.get("records") instanceof List<?> list ? list : List.of()) {
                Map<String, String> user = fields((Map<?, ?>) record);
                if (user.get("Id") != null && user.get("Name") != null) names.put(user.get("Id"), user.get("Name"));
            }
            if (Boolean.TRUE.equals(answer.get("done")) || !(answer.get("nextRecordsUrl") instanceof String more)) break;
            answer = (Map<?, ?>) get(more);
        }
        return new Owners(names, http.calls() - callsBefore);
    }

    /** A Lead or Opportunity as the notification of its latest version; what the mapping cannot map states nothing. */
    private void snapshot(String organization, String object, Map<String, String> fields, List<FunnelEvent> events) {
        Instant version = Instant.parse(fields.get("SystemModstamp"));
        Notification notification = new Notification("history:" + fields.get("Id") + ":" + version, object, fields);
        mapping.translate(organization, notification, version, events, new ArrayList<Batch.Unmapped>());
    }

    /**
     * A Status change: the lead held the new status from then on, and the old one until then at the latest (the
     * earliest time of a stage stands, so a lead's creation or an earlier change dates it better where known).
     */
    private void statusChange(String organization, Map<String, String> change, List<FunnelEvent> events) {
        String key = SalesforceAdapter.SOURCE + ":" + organization + ":history:" + change.get("Id");
        Instant at = Instant.parse(change.get("CreatedDate"));
        String leadId = change.get("LeadId");
        if (change.get("OldValue") != null) events.addAll(mapping.statusHeld(organization, key + ":old", leadId, change.get("OldValue"), at));
        if (change.get("NewValue") != null) events.addAll(mapping.statusHeld(organization, key + ":new", leadId, change.get("NewValue"), at));
    }

    private String soql(String object, Instant modifiedSince) {
        // SOQL dateTime literals are unquoted, in whole seconds; rounding down only re-reads a record.
        String since = modifiedSince == null ? null : modifiedSince.truncatedTo(ChronoUnit.SECONDS).toString();
        return switch (object) {
            case LEAD -> select(mapping.leadFields(), LEAD, since == null ? "" : " WHERE SystemModstamp >= " + since);
            case LEAD_HISTORY -> select(List.of("Id", "LeadId", "CreatedDate", "OldValue", "NewValue"), LEAD_HISTORY,
                    " WHERE Field = 'Status'" + (since == null ? "" : " AND CreatedDate >= " + since));
            default -> select(mapping.opportunityFields(multiCurrency()), OPPORTUNITY,
                    since == null ? "" : " WHERE SystemModstamp >= " + since);
        };
    }

    private static String select(List<String> fields, String object, String where) {
        return "SELECT " + String.join(", ", fields) + " FROM " + object + where + " ORDER BY CreatedDate, Id";
    }

    /** Whether the org keeps several currencies: only then has Opportunity a CurrencyIsoCode to select. */
    private boolean multiCurrency() {
        if (multiCurrency == null) {
            Map<?, ?> describe = (Map<?, ?>) get(API + "/sobjects/Opportunity/describe");
            multiCurrency = describe.get("fields") instanceof List<?> fields && fields.stream()
                    .anyMatch(field -> field instanceof Map<?, ?> f && "CurrencyIsoCode".equals(f.get("name")));
        }
        return multiCurrency;
    }

    private Object query(String soql) {
        return get(API + "/query?q=" + URLEncoder.encode(soql, UTF_8));
    }

    /** A GET on the instance; an expired or revoked session is renewed once, as Salesforce's INVALID_SESSION_ID asks. */
    private Object get(String pathAndQuery) {
        try {
            return http.get(session().instance().resolve(pathAndQuery), headers());
        } catch (CrmApiException refused) {
            if (refused.status() != 401) throw refused;
            session = null;
            return http.get(session().instance().resolve(pathAndQuery), headers());
        }
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + session().accessToken(), "Accept", "application/json",
                "Sforce-Query-Options", "batchSize=" + BATCH_SIZE);
    }

    private Session session() {
        if (session == null) session = authenticate();
        return session;
    }

    private Session authenticate() {
        Map<?, ?> token;
        try {
            token = (Map<?, ?>) http.postForm(instance.resolve("/services/oauth2/token"), Map.of("Accept", "application/json"),
                    Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
        } catch (CrmApiException refused) {
            if (refused.status() == 400 || refused.status() == 401) {
                throw new ConfigException(CLIENT_ID, "Salesforce at " + instance + " refused the client credentials ("
                        + refused.getMessage() + "); " + CREDENTIALS_FIX);
            }
            throw refused;
        }
        String accessToken = (String) token.get("access_token");
        String identity = (String) token.get("id");
        if (accessToken == null || identity == null) {
            throw new CrmApiException("POST /services/oauth2/token answered without access_token or id; is " + instance
                    + " a Salesforce org's My Domain URL?", 200);
        }
        URI issuedFor = token.get("instance_url") instanceof String url ? URI.create(url) : instance;
        // The identity URL ends in /id/<organization id>/<user id>; the first 15 characters identify the org.
        String[] parts = identity.split("/");
        String organization = parts[parts.length - 2].substring(0, 15);
        if (!organizations.isEmpty() && !organizations.contains(organization)) {
            throw new ConfigException(CLIENT_ID, "its token is for org " + organization + ", which is not in " + organizationsKey
                    + "; use the connected app of a listed org, or add the org there if it should report here");
        }
        return new Session(accessToken, issuedFor, organization);
    }

    /** A query record's fields as a notification carries them: text, without nulls, the record's attributes or relations. */
    private static Map<String, String> fields(Map<?, ?> record) {
        Map<String, String> fields = new LinkedHashMap<>();
        record.forEach((name, value) -> {
            String text = value instanceof String s ? dateTime(s)
                    : value instanceof BigDecimal decimal ? decimal.toPlainString()
                    : value instanceof Number || value instanceof Boolean ? value.toString()
                    : null;
            if (text != null && !text.isEmpty()) fields.put((String) name, text);
        });
        return fields;
    }

    private static String dateTime(String value) {
        if (!REST_DATE_TIME.matcher(value).matches()) return value;
        try {
            return OffsetDateTime.parse(value, REST_DATE_TIME_FORMAT).toInstant().toString();
        } catch (DateTimeParseException notADateTime) {
            return value;
        }
    }
}
