package io.leadloop.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    // The Standard Webhooks specification's own example.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static StandardWebhooks verifierAt(long epochSecond, String... secrets) {
        return new StandardWebhooks(List.of(secrets), Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static WebhookRequest request(String signature, long timestamp, String body) {
        return new WebhookRequest("POST", "h", "/webhooks/generic", "", Map.of(
                "Webhook-Id", ID, "Webhook-Timestamp", Long.toString(timestamp), "Webhook-Signature", signature),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signsAsTheSpecificationsExample() {
        assertEquals(SIGNATURE, StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verifiesTheSpecificationsExampleWithCaseInsensitiveHeaders() throws Exception {
        assertEquals(ID, verifierAt(TIMESTAMP + 10, SECRET).verify(request(SIGNATURE, TIMESTAMP, BODY)));
    }

    @Test
    void acceptsAnyOfSeveralSignaturesWhileASenderRotatesItsSecret() throws Exception {
        String rotating = "v1,bm90LXRoaXMtb25l v2,ignored-scheme " + SIGNATURE;

        assertEquals(ID, verifierAt(TIMESTAMP, SECRET).verify(request(rotating, TIMESTAMP, BODY)));
    }

    @Test
    void acceptsADeliverySignedWithAnyConfiguredSecret() throws Exception {
        assertEquals(ID, verifierAt(TIMESTAMP, "whsec_c2Vjb25k", SECRET).verify(request(SIGNATURE, TIMESTAMP, BODY)));
    }

    @Test
    void refusesTimestampsOutsideFiveMinutesEitherWay() {
        for (long now : new long[] {TIMESTAMP + 301, TIMESTAMP - 301}) {
            WebhookRejected e = assertThrows(WebhookRejected.class, () -> verifierAt(now, SECRET).verify(request(SIGNATURE, TIMESTAMP, BODY)));
            assertEquals(401, e.problem().status());
        }
    }

    @Test
    void refusesAChangedBodyAndMissingHeaders() {
        assertThrows(WebhookRejected.class, () -> verifierAt(TIMESTAMP, SECRET).verify(request(SIGNATURE, TIMESTAMP, "{\"test\": 2432232315}")));
        WebhookRejected missing = assertThrows(WebhookRejected.class, () -> verifierAt(TIMESTAMP, SECRET).verify(
                new WebhookRequest("POST", "h", "/", "", Map.of(), BODY.getBytes(StandardCharsets.UTF_8))));
        assertTrue(missing.problem().detail().contains("webhook-id"), missing.problem().detail());
    }
}
