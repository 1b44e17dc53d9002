package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HubSpot's settings: off unless a client secret is set, and every mistake named by its key with the fix. */
@Unit
class HubSpotConfigTest {

    private static final String SSM_NAME = "/leadloop/prod/hubspot-client-secret";

    @Test
    void withoutAClientSecretThereIsNoHubSpotRoute() {
        assertEquals(Optional.empty(), HubSpotAdapter.fromConfig(config(Map.of(), null), Fixtures.clockAt(Fixtures.SIGNED_AT)));
    }

    @Test
    void theClientSecretIsReadFromParameterStore() throws Exception {
        Map<String, Object> hubspot = Map.of(HubSpotAdapter.PORTAL_IDS, List.of(HubSpotWebhookHandlerTest.PORTAL));
        Config config = new Config(Map.of(HubSpotAdapter.CLIENT_SECRET + "_PARAM", SSM_NAME,
                Section.DOCUMENT, Json.compact(Map.of(HubSpotAdapter.SECTION, hubspot))),
                name -> SSM_NAME.equals(name) ? HubSpotWebhookHandlerTest.TEST_CLIENT_SECRET : null);
        CrmAdapter adapter = HubSpotAdapter.fromConfig(config, Fixtures.clockAt(Fixtures.SIGNED_AT)).orElseThrow();

        Batch batch = adapter.read(WebhookHandler.toRequest(Fixtures.httpEvent(HubSpotWebhookHandlerTest.SAMPLE)));

        assertEquals(24, batch.events().size(), "the sample's events but the unmapped one, verified with the SSM secret");
    }

    @Test
    void hubSpotSettingsWithoutAClientSecretAreAnError() {
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357")), null),
                HubSpotAdapter.CLIENT_SECRET, HubSpotAdapter.CLIENT_SECRET + "_PARAM");
    }

    @Test
    void portalIdsAreRequired() {
        assertFailsNaming(config(Map.of(), "secret"), "LEADLOOP_CONFIG.hubspot.portal_ids", "Hub ID");
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("acme")), "secret"), "LEADLOOP_CONFIG.hubspot.portal_ids", "'acme'");
    }

    @Test
    void aMistypedSettingIsNamed() {
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357"), "deal_stage", Map.of("closedwon", "won")), "secret"),
                "LEADLOOP_CONFIG.hubspot.deal_stage", "is not a known setting");
    }

    @Test
    void aWrongMappingValueIsNamedWithWhatIsAccepted() {
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357"), "deal_stages", Map.of("9348812", "closed")), "secret"),
                "LEADLOOP_CONFIG.hubspot.deal_stages.9348812", "open, won or lost");
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357"), "lifecycle_stages", Map.of("1034578213", "hot")), "secret"),
                "LEADLOOP_CONFIG.hubspot.lifecycle_stages.1034578213", "lead, mql, sql, opportunity, customer");
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357"), "contact_properties", Map.of("industry", "sector")), "secret"),
                "LEADLOOP_CONFIG.hubspot.contact_properties.industry", "attributes.<name>");
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357"), "accept_v1", "yes"), "secret"),
                "LEADLOOP_CONFIG.hubspot.accept_v1", "true or false");
        assertFailsNaming(config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357"), "currency", "euro"), "secret"),
                "LEADLOOP_CONFIG.hubspot.currency", "ISO 4217");
    }

    @Test
    void theWebhookUrlMustBeAbsolute() {
        Config config = config(Map.of(HubSpotAdapter.PORTAL_IDS, List.of("24681357")), "secret")
                .with(Map.of(HubSpotAdapter.WEBHOOK_URL, "/webhooks/hubspot"));

        assertFailsNaming(config, HubSpotAdapter.WEBHOOK_URL, "https://hooks.example.com/webhooks/hubspot");
    }

    private static void assertFailsNaming(Config config, String key, String fix) {
        ConfigException e = assertThrows(ConfigException.class, () -> HubSpotAdapter.fromConfig(config, Fixtures.clockAt(Fixtures.SIGNED_AT)));
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fix), e.getMessage());
    }

    private static Config config(Map<String, Object> hubspot, String clientSecret) {
        Map<String, String> values = new HashMap<>();
        if (!hubspot.isEmpty()) values.put(Section.DOCUMENT, Json.compact(Map.of(HubSpotAdapter.SECTION, hubspot)));
        if (clientSecret != null) values.put(HubSpotAdapter.CLIENT_SECRET, clientSecret);
        return new Config(values, name -> {
            throw new IllegalStateException("no SSM here: " + name);
        });
    }
}
