package io.leadloop.ingest.salesforce;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.DeliveryMapper;
import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.ingest.WebhookResponse;
import io.leadloop.ingest.salesforce.SalesforceMessage.Notification;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Salesforce Outbound Messages, {@code POST /webhooks/salesforce}. They are not signed and cannot carry a header,
 * so a delivery is accepted only with the secret token in the endpoint URL ({@code ?token=}) and only from a
 * configured Organization ID; mutual TLS in front of the route is the stronger option (docs/webhooks/salesforce.md).
 * Salesforce retries anything but its SOAP Ack for 24 hours: real failures get a problem, while notifications
 * that merely cannot be mapped are acknowledged and wait in the stored delivery for a mapping fix.
 */
public final class SalesforceAdapter implements CrmAdapter {

    public static final String SOURCE = "salesforce";
    /** The URL token; also read as {@code _PARAM} (SSM SecureString) or {@code _FILE}. */
    public static final String TOKEN = "LEADLOOP_SALESFORCE_TOKEN";
    private static final String SECTION = "salesforce";
    static final String ORGANIZATION_IDS = "organization_ids";
    private static final String ACK_CONTENT_TYPE = "text/xml; charset=utf-8";
    private static final String ACK = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
              <soapenv:Body>
                <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
                  <Ack>true</Ack>
                </notificationsResponse>
              </soapenv:Body>
            </soapenv:Envelope>
            """;

    private static final Set<String> SETTINGS = Stream.concat(Stream.of(ORGANIZATION_IDS), SalesforceMapping.SETTINGS.stream())
            .collect(Collectors.toUnmodifiableSet());
    private static final String TOKEN_FORMAT = "a random token of at least 32 URL-safe characters (A-Z a-z 0-9 - . _ ~), "
            + "e.g. from: openssl rand -hex 32";

    private final byte[] tokenDigest;
    private final Set<String> organizations;
    private final String organizationsKey;
    private final SalesforceMapping mapping;
    private final Clock clock;

    private SalesforceAdapter(String token, Set<String> organizations, String organizationsKey, SalesforceMapping mapping,
                              Clock clock) {
        this.tokenDigest = Hmac.digest(token.getBytes(UTF_8));
        this.organizations = Set.copyOf(organizations);
        this.organizationsKey = organizationsKey;
        this.mapping = mapping;
        this.clock = clock;
    }

    /**
     * The adapter when Salesforce is configured ({@value #TOKEN} or a {@code salesforce} section in
     * {@code LEADLOOP_CONFIG}), empty when neither is; half a configuration is an error naming what is missing.
     */
    public static Optional<CrmAdapter> fromConfig(Config config, Clock clock) {
        Section root = Section.root(config);
        Optional<String> token = config.secret(TOKEN);
        if (token.isEmpty() && !root.has(SECTION)) {
            return Optional.empty();
        }
        Section settings = root.section(SECTION).allowOnly(SETTINGS);
        String checkedToken = token.map(SalesforceAdapter::checkedToken).orElseThrow(() -> new ConfigException(TOKEN,
                "is not set although " + settings.path() + " is; set it (or " + TOKEN + "_PARAM to an SSM SecureString name, or "
                        + TOKEN + "_FILE to a file) to " + TOKEN_FORMAT));
        Set<String> organizations = organizations(settings);
        SalesforceMapping mapping = SalesforceMapping.fromConfig(settings, StoreSettings.zone(config));
        return Optional.of(new SalesforceAdapter(checkedToken, organizations, settings.pathOf(ORGANIZATION_IDS), mapping, clock));
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Batch read(WebhookRequest request) throws WebhookRejected {
        // The token is checked before the body is parsed, so an unauthenticated caller learns nothing about parsing.
        authenticate(request.queryParameter("token"));
        return map(request, clock.instant(), organizations, organizationsKey, mapping);
    }

    /** The mapping configured now, for re-applying stored deliveries: no URL token needed (see {@link DeliveryMapper}). */
    public static DeliveryMapper replayMapper(Config config) {
        Section settings = Section.root(config).section(SECTION).allowOnly(SETTINGS);
        Set<String> organizations = organizations(settings);
        SalesforceMapping mapping = SalesforceMapping.fromConfig(settings, StoreSettings.zone(config));
        String organizationsKey = settings.pathOf(ORGANIZATION_IDS);
        return (request, receivedAt) -> map(request, receivedAt, organizations, organizationsKey, mapping);
    }

    private static Batch map(WebhookRequest request, Instant receivedAt, Set<String> organizations, String organizationsKey,
                             SalesforceMapping mapping) throws WebhookRejected {
        SalesforceMessage message = SalesforceMessage.parse(request.body());
        // The 18-character form only appends a checksum of the letter case, so the first 15 identify the org.
        String organization = message.organizationId().substring(0, 15);
        if (!organizations.contains(organization)) {
            throw WebhookRejected.forbidden("OrganizationId " + message.organizationId() + " is not in " + organizationsKey
                    + "; add it there if this org should feed leadloop");
        }
        List<FunnelEvent> events = new ArrayList<>();
        List<Batch.Unmapped> unmapped = new ArrayList<>();
        for (Notification notification : message.notifications()) {
            mapping.translate(organization, notification, receivedAt, events, unmapped);
        }
        return new Batch(Hmac.digestHex(request.body()), events, unmapped);
    }

    /** Salesforce's Ack, the only answer that stops its retries; it carries no receipt. */
    @Override
    public WebhookResponse acknowledge(Receipt receipt) {
        return new WebhookResponse(200, ACK_CONTENT_TYPE, ACK);
    }

    private void authenticate(String offered) throws WebhookRejected {
        if (offered == null || offered.isEmpty()) {
            throw WebhookRejected.unauthenticated("the URL has no token parameter; the Outbound Message's Endpoint URL must end in "
                    + "/webhooks/salesforce?token= followed by the value of " + TOKEN);
        }
        // Digests have one length whatever was offered, so every wrong token takes the same time to refuse.
        if (!Hmac.equal(tokenDigest, Hmac.digest(offered.getBytes(UTF_8)))) {
            throw WebhookRejected.unauthenticated("the token parameter does not match " + TOKEN
                    + "; check the Endpoint URL of the Outbound Message in Salesforce Setup");
        }
    }

    private static String checkedToken(String token) {
        if (!token.matches("[A-Za-z0-9._~-]{32,}")) {
            throw new ConfigException(TOKEN, "must be " + TOKEN_FORMAT + ", so that it cannot be guessed and travels in the URL unchanged");
        }
        return token;
    }

    /** The allowed orgs by their 15-character Organization ID; none listed is an error naming the setting. */
    static Set<String> organizations(Section settings) {
        String key = settings.pathOf(ORGANIZATION_IDS);
        List<String> ids = settings.strings(ORGANIZATION_IDS);
        if (ids.isEmpty()) {
            throw new ConfigException(key, "is not set; list the Organization ID of every Salesforce org that may send, "
                    + "as Setup → Company Information shows it (15 or 18 characters starting with 00D)");
        }
        Set<String> organizations = new HashSet<>();
        for (String id : ids) {
            String stripped = id.strip();
            if (!stripped.matches("00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?")) {
                throw new ConfigException(key, "'" + id + "' is not a Salesforce Organization ID: those have 15 or 18 letters "
                        + "and digits and start with 00D (Setup → Company Information)");
            }
            organizations.add(stripped.substring(0, 15));
        }
        return organizations;
    }

}
