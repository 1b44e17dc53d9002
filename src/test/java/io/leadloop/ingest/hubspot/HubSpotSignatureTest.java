package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HubSpot's signatures checked against vectors from elsewhere: HubSpot's documented v1 example, and v3 signatures
 * computed by bin/sign-hubspot-event.py --vectors (Python's hmac, its own URI decoding), never by the Java code.
 */
@Unit
class HubSpotSignatureTest {

    /** The batch every v3 vector signs, as the script prints it. */
    private static final String VECTOR_BODY = "[{\"eventId\":4100025,\"subscriptionId\":2510001,\"portalId\":24681357,"
            + "\"appId\":1234567,\"occurredAt\":1795420680000,\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,"
            + "\"objectId\":601,\"changeSource\":\"CRM_UI\",\"sourceId\":\"userId:71234567\",\"changeFlag\":\"NEW\"}]";
    private static final String VECTOR_TIMESTAMP = Long.toString(HubSpotWebhookHandlerTest.SIGNED_AT_MILLIS);

    @Test
    void hubSpotsDocumentedV1ExampleVerifiesWhenV1IsAccepted() throws Exception {
        // developers.hubspot.com, "Validating requests", v1 example: client secret, request body and resulting hash.
        String body = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
                + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\","
                + "\"changeFlag\":\"NEW\",\"appId\":54321}]";
        CrmAdapter adapter = adapter(Map.of(HubSpotAdapter.CLIENT_SECRET, "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"),
                Map.of(HubSpotAdapter.PORTAL_IDS, List.of("62515"), HubSpotAdapter.ACCEPT_V1, true));

        Batch batch = adapter.read(v1Request(body, "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"));

        assertEquals(List.of(new LeadCreated("hubspot:62515:12345:1:1564113600000", Instant.ofEpochMilli(1564113600000L),
                "hubspot:62515:contact:123", LeadProfile.EMPTY)), batch.events());
    }

    @Test
    void theV1ExampleHashIsOverTheBodyExactlyAsSent() {
        // The example's hash is of the body without a line break; one more byte, e.g. "\n" before "]", must not verify.
        String bodyWithNewline = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
                + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\","
                + "\"changeFlag\":\"NEW\",\"appId\":54321}\n]";
        CrmAdapter adapter = adapter(Map.of(HubSpotAdapter.CLIENT_SECRET, "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"),
                Map.of(HubSpotAdapter.PORTAL_IDS, List.of("62515"), HubSpotAdapter.ACCEPT_V1, true));

        WebhookRejected rejected = assertThrows(WebhookRejected.class, () -> adapter.read(
                v1Request(bodyWithNewline, "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de")));
        assertEquals(401, rejected.problem().status());
    }

    @Test
    void v3BehindApiGatewayIsCheckedOverTheRebuiltUrlWithHubSpotsDecoding() throws Exception {
        // Called: https://hooks.example.com/webhooks/hubspot?tenant=acme%3Aeu&note=a%20b
        // Signed: https://hooks.example.com/webhooks/hubspot?tenant=acme:eu&note=a%20b (%3A decoded, %20 kept)
        WebhookRequest request = v3Request("hooks.example.com", "/webhooks/hubspot", "tenant=acme%3Aeu&note=a%20b",
                "7/gEkmxTfYq3wLRSgawsSoLmMSDpQK8+lg0yz8Rt9no=");

        Batch batch = adapter(Map.of(), Map.of()).read(request);

        assertEquals(1, batch.events().size());
    }

    @Test
    void v3IsCheckedOverTheConfiguredPublicUrlWhenHubSpotCallsAnotherHost() throws Exception {
        // HubSpot calls the custom domain; API Gateway hands over its own domain and the mapped path.
        // Signed: https://crm.example.com/leadloop/webhooks/hubspot?account=acme:eu,2
        WebhookRequest request = v3Request("abc123.execute-api.eu-west-1.amazonaws.com", "/webhooks/hubspot",
                "account=acme%3Aeu%2C2", "rK7pcin/tkzgmLF2oEe+FJPWnbp4toj/58lrYDLkXLI=");
        String publicUrl = "https://crm.example.com/leadloop/webhooks/hubspot?account=acme%3Aeu%2C2";

        Batch batch = adapter(Map.of(HubSpotAdapter.WEBHOOK_URL, publicUrl), Map.of()).read(request);
        assertEquals(1, batch.events().size());

        WebhookRejected unconfigured = assertThrows(WebhookRejected.class, () -> adapter(Map.of(), Map.of()).read(request));
        assertEquals(401, unconfigured.problem().status());
        assertTrue(unconfigured.problem().detail().contains(
                "https://abc123.execute-api.eu-west-1.amazonaws.com/webhooks/hubspot?account=acme:eu,2"), unconfigured.problem().detail());
        assertTrue(unconfigured.problem().detail().contains(HubSpotAdapter.WEBHOOK_URL), unconfigured.problem().detail());
    }

    @Test
    void aRequestWithoutAnySignatureIsRefused() {
        WebhookRequest unsigned = new WebhookRequest("POST", "hooks.example.com", "/webhooks/hubspot", "",
                Map.of("content-type", "application/json"), VECTOR_BODY.getBytes(StandardCharsets.UTF_8));

        WebhookRejected rejected = assertThrows(WebhookRejected.class, () -> adapter(Map.of(), Map.of()).read(unsigned));

        assertEquals(401, rejected.problem().status());
        assertTrue(rejected.problem().detail().contains("X-HubSpot-Signature-v3 is missing"), rejected.problem().detail());
    }

    @Test
    void onlyTheListedEncodingsAreDecodedBeforeSigning() {
        assertEquals("https://h.example/p?a=:/?@!$'()*,;&b=%20%26%3D%3a",
                HubSpotSignature.decodedAsHubSpotSigns("https://h.example/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%26%3D%3a"));
    }

    private static WebhookRequest v3Request(String host, String path, String rawQuery, String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", host);
        headers.put("x-forwarded-proto", "https");
        headers.put("content-type", "application/json");
        headers.put("X-HubSpot-Signature-v3", signature);
        headers.put("X-HubSpot-Request-Timestamp", VECTOR_TIMESTAMP);
        return new WebhookRequest("POST", host, path, rawQuery, headers, VECTOR_BODY.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest v1Request(String body, String signature) {
        return new WebhookRequest("POST", "www.example.com", "/webhook_uri", "",
                Map.of("X-HubSpot-Signature", signature, "X-HubSpot-Signature-Version", "v1"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The test app (its secret, portal 24681357) with {@code settings} and {@code hubspot} entries replacing those. */
    private static CrmAdapter adapter(Map<String, String> settings, Map<String, Object> hubspot) {
        Map<String, Object> section = new HashMap<>(Map.of(HubSpotAdapter.PORTAL_IDS, List.of(HubSpotWebhookHandlerTest.PORTAL)));
        section.putAll(hubspot);
        Map<String, String> values = new HashMap<>(Map.of(
                HubSpotAdapter.CLIENT_SECRET, HubSpotWebhookHandlerTest.TEST_CLIENT_SECRET,
                Section.DOCUMENT, Json.compact(Map.of(HubSpotAdapter.SECTION, section))));
        values.putAll(settings);
        Config config = new Config(values, name -> {
            throw new IllegalStateException("no SSM here: " + name);
        });
        return HubSpotAdapter.fromConfig(config, Fixtures.clockAt(Fixtures.SIGNED_AT)).orElseThrow();
    }
}
