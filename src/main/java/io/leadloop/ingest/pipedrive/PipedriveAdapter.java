package io.leadloop.ingest.pipedrive;

import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.DeliveryMapper;
import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Pipedrive webhooks v2 on {@code POST /webhooks/pipedrive} (docs/webhooks/pipedrive.md): one event per request,
 * verified by the HTTP Basic credentials set on the webhook, translated by {@link PipedriveMapping}.
 * <p>
 * Pipedrive retries a failed delivery only three times (after 3, 30 and 150 s) and, after ten failing first
 * attempts, bans the webhook for 30 minutes and drops its events. So only an unauthenticated sender (401), a
 * foreign account (403) or a body that is no v2 webhook at all (400) is refused; an authentic webhook that cannot
 * be mapped is answered 200 and kept unmapped with its raw delivery, to be re-applied once the mapping covers it.
 */
public final class PipedriveAdapter implements CrmAdapter {

    public static final String SOURCE = "pipedrive";
    public static final String USER = "LEADLOOP_PIPEDRIVE_USER";
    public static final String PASSWORD = "LEADLOOP_PIPEDRIVE_PASSWORD";
    static final int MIN_PASSWORD_LENGTH = 16;

    private final PipedriveCredentials credentials;
    private final PipedriveSettings settings;
    private final PipedriveMapping mapping;

    PipedriveAdapter(PipedriveCredentials credentials, PipedriveSettings settings) {
        this.credentials = credentials;
        this.settings = settings;
        this.mapping = new PipedriveMapping(settings);
    }

    /**
     * The adapter, when any of {@code LEADLOOP_PIPEDRIVE_USER}, {@code LEADLOOP_PIPEDRIVE_PASSWORD} (or their
     * {@code _PARAM} / {@code _FILE} forms) or {@code LEADLOOP_CONFIG.pipedrive} is set; then all of it must be right.
     *
     * @param clock unused: Pipedrive sends no signed timestamp, so there is no replay window to check
     */
    public static Optional<CrmAdapter> fromConfig(Config config, Clock clock) {
        Section root = Section.root(config);
        if (config.secret(USER).isEmpty() && config.secret(PASSWORD).isEmpty() && !root.has(PipedriveSettings.SECTION)) {
            return Optional.empty();
        }
        String user = config.requiredSecret(USER, "the HTTP Basic user name set on the Pipedrive webhooks");
        String password = config.requiredSecret(PASSWORD, "the HTTP Basic password set on the Pipedrive webhooks");
        if (user.contains(":")) {
            throw new ConfigException(USER, "must not contain ':', which HTTP Basic uses to separate user and password");
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new ConfigException(PASSWORD, "is shorter than " + MIN_PASSWORD_LENGTH + " characters; it is the only proof "
                    + "a delivery comes from Pipedrive, so generate a long one, e.g. openssl rand -base64 24");
        }
        return Optional.of(new PipedriveAdapter(new PipedriveCredentials(user, password), PipedriveSettings.from(root)));
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Batch read(WebhookRequest request) throws WebhookRejected {
        credentials.verify(request);
        return map(request, settings, mapping);
    }

    /** The mapping configured now, for re-applying stored deliveries: no credentials needed (see {@link DeliveryMapper}). */
    public static DeliveryMapper replayMapper(Config config) {
        PipedriveSettings settings = PipedriveSettings.from(Section.root(config));
        PipedriveMapping mapping = new PipedriveMapping(settings);
        return (request, receivedAt) -> map(request, settings, mapping);
    }

    private static Batch map(WebhookRequest request, PipedriveSettings settings, PipedriveMapping mapping) throws WebhookRejected {
        PipedriveWebhook webhook = PipedriveWebhook.parse(request);
        if (!settings.companyIds().isEmpty() && !settings.companyIds().contains(webhook.companyId())) {
            throw WebhookRejected.forbidden("Pipedrive company " + webhook.companyId() + " is not in LEADLOOP_CONFIG.pipedrive.company_ids; "
                    + "add it there if this account should report here");
        }
        // Each attempt is stored as its own delivery (attempt differs); its events dedupe on meta.id.
        String deliveryId = Hmac.digestHex(request.body());
        try {
            return new Batch(deliveryId, mapping.translate(webhook), List.of());
        } catch (PipedriveMapping.Unmappable unmappable) {
            return new Batch(deliveryId, List.of(), List.of(new Batch.Unmapped(webhook.reference(),
                    webhook.action() + "." + webhook.entity() + " " + webhook.entityId() + ": " + unmappable.getMessage())));
        }
    }

}
