package io.leadloop.ingest.hubspot;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.DeliveryMapper;
import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.Problem;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * HubSpot app webhooks (docs/webhooks/hubspot.md): a signed JSON array of up to 100 events from the accounts
 * ("portals") that installed the app. HubSpot retries any delivery not answered 2xx, so a verified batch is
 * accepted whole: events that cannot be mapped are listed as unmapped rather than refused, and stay in the stored
 * delivery for re-application once the mapping is configured.
 */
public final class HubSpotAdapter implements CrmAdapter {

    public static final String SOURCE = "hubspot";
    public static final String CLIENT_SECRET = "LEADLOOP_HUBSPOT_CLIENT_SECRET";
    public static final String WEBHOOK_URL = "LEADLOOP_HUBSPOT_WEBHOOK_URL";
    public static final String SECTION = "hubspot";
    public static final String PORTAL_IDS = "portal_ids";
    static final String ACCEPT_V1 = "accept_v1";
    static final String PORTAL_IDS_SETTING = Section.DOCUMENT + "." + SECTION + "." + PORTAL_IDS;
    static final String ACCEPT_V1_SETTING = Section.DOCUMENT + "." + SECTION + "." + ACCEPT_V1;
    static final int MAX_EVENTS = 100;

    private final HubSpotSignature signatures;
    private final Set<String> portalIds;
    private final HubSpotMapping mapping;

    HubSpotAdapter(HubSpotSignature signatures, Set<String> portalIds, HubSpotMapping mapping) {
        this.signatures = signatures;
        this.portalIds = Set.copyOf(portalIds);
        this.mapping = mapping;
    }

    /** Empty when no client secret is set, i.e. this deployment takes no HubSpot webhooks. */
    public static Optional<CrmAdapter> fromConfig(Config config, Clock clock) {
        Section hubspot = Section.root(config).section(SECTION);
        Optional<String> secret = config.secret(CLIENT_SECRET);
        if (secret.isEmpty()) {
            if (!hubspot.keys().isEmpty() || config.optional(WEBHOOK_URL).isPresent()) {
                throw new ConfigException(CLIENT_SECRET, "is not set although HubSpot is configured (" + hubspot.path()
                        + " or " + WEBHOOK_URL + "); set it, or " + CLIENT_SECRET + "_PARAM to an SSM SecureString name,"
                        + " to the client secret of the HubSpot app (Auth tab), or remove the HubSpot settings");
            }
            return Optional.empty();
        }
        allowOnlyKnown(hubspot);
        HubSpotSignature signatures = new HubSpotSignature(secret.get(), config.optional(WEBHOOK_URL)
                .map(HubSpotAdapter::publicUrl).orElse(null), hubspot.bool(ACCEPT_V1, false), clock);
        return Optional.of(new HubSpotAdapter(signatures, portalIds(hubspot), HubSpotMapping.from(hubspot)));
    }

    /** The mapping configured now, for re-applying stored deliveries: no client secret needed (see {@link DeliveryMapper}). */
    public static DeliveryMapper replayMapper(Config config) {
        Section hubspot = allowOnlyKnown(Section.root(config).section(SECTION));
        Set<String> portalIds = portalIds(hubspot);
        HubSpotMapping mapping = HubSpotMapping.from(hubspot);
        return (request, receivedAt) -> map(request, portalIds, mapping);
    }

    private static Section allowOnlyKnown(Section hubspot) {
        Set<String> known = new HashSet<>(HubSpotMapping.SETTINGS);
        known.addAll(Set.of(PORTAL_IDS, ACCEPT_V1));
        return hubspot.allowOnly(known);
    }

    private static Set<String> portalIds(Section hubspot) {
        List<String> ids = hubspot.strings(PORTAL_IDS);
        if (ids.isEmpty()) {
            throw new ConfigException(PORTAL_IDS_SETTING, "is not set; set it to the ids of the HubSpot accounts whose webhooks this"
                    + " deployment accepts (the Hub ID in HubSpot's account menu), e.g. [\"24681357\"]");
        }
        for (String id : ids) {
            if (!id.strip().matches("\\d+")) {
                throw new ConfigException(PORTAL_IDS_SETTING, "'" + id + "' is not a HubSpot account id; use the numeric Hub ID, e.g. \"24681357\"");
            }
        }
        return ids.stream().map(String::strip).collect(Collectors.toSet());
    }

    private static String publicUrl(String url) {
        try {
            URI uri = new URI(url);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) return url;
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(WEBHOOK_URL, "'" + url + "' is not an absolute URL; set it to the target URL registered"
                + " in the HubSpot app's webhook settings, e.g. https://hooks.example.com/webhooks/hubspot");
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Batch read(WebhookRequest request) throws WebhookRejected {
        signatures.verify(request);
        return map(request, portalIds, mapping);
    }

    private static Batch map(WebhookRequest request, Set<String> portalIds, HubSpotMapping mapping) throws WebhookRejected {
        List<?> items = events(request.jsonBody());
        List<FunnelEvent> events = new ArrayList<>();
        List<Batch.Unmapped> unmapped = new ArrayList<>();
        Set<String> foreignPortals = new TreeSet<>();
        Set<String> identities = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            String pointer = "/" + i;
            List<Problem.FieldError> errors = new ArrayList<>();
            HubSpotEvent event = HubSpotEvent.read(items.get(i), pointer, errors);
            if (event == null) {
                identities.add(Json.compact(items.get(i)));
                unmapped.add(new Batch.Unmapped(pointer, errors.stream().map(e -> e.pointer() + " " + e.detail())
                        .collect(Collectors.joining("; "))));
                continue;
            }
            identities.add(event.key());
            if (!portalIds.contains(event.portalId())) {
                foreignPortals.add(event.portalId());
                continue;
            }
            HubSpotMapping.Outcome outcome = mapping.translate(event);
            if (outcome.event() != null) events.add(outcome.event());
            else unmapped.add(new Batch.Unmapped(event.key(), outcome.unmappedReason()));
        }
        if (!foreignPortals.isEmpty()) {
            throw WebhookRejected.forbidden("events from HubSpot account(s) " + foreignPortals + " are not accepted here;"
                    + " if they should be, add them to " + PORTAL_IDS_SETTING + "; nothing from this delivery was stored");
        }
        return new Batch(deliveryId(identities), events, unmapped);
    }

    private static List<?> events(Object parsed) throws WebhookRejected {
        if (!(parsed instanceof List<?> items)) {
            throw WebhookRejected.malformed("body must be a JSON array of HubSpot events");
        }
        if (items.size() > MAX_EVENTS) {
            throw WebhookRejected.malformed("HubSpot sends at most " + MAX_EVENTS + " events per request; this one has " + items.size());
        }
        return items;
    }

    /**
     * Stable across HubSpot's retries of a batch, which change each event's {@code attemptNumber} and so the body:
     * derived from the events' identities instead, so a redelivery overwrites the delivery it repeats.
     */
    private static String deliveryId(Set<String> identities) {
        return Hmac.digestHex(String.join("\n", identities).getBytes(StandardCharsets.UTF_8));
    }
}
