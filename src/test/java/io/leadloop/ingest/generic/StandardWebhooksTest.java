package io.leadloop.ingest.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.testing.Unit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Unit
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
    void timestampsWhoseDistanceFromNowOverflowsAreRefused() {
        long now = 1795420800; // 2026-11-23T08:00:00Z
        // now − 2^63 wraps to now + 2^63 − 2^64: its distance from now overflows to Long.MIN_VALUE, whose absolute
        // value is negative, so a subtracting check finds it "within" the tolerance.
        for (long sentAt : new long[] {now - Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MAX_VALUE, now + Long.MAX_VALUE, 0, -1,
                now - 301, now + 301}) {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            WebhookRequest signed = request(StandardWebhooks.sign(SECRET, ID, sentAt, body), sentAt, BODY);
            WebhookRejected e = assertThrows(WebhookRejected.class, () -> verifierAt(now, SECRET).verify(signed), "timestamp " + sentAt);
            assertEquals(401, e.problem().status());
            assertTrue(e.problem().detail().contains("replay protection"), e.problem().detail());
        }
    }

    @Test
    void timestampsAtTheToleranceEdgesAreAccepted() throws Exception {
        long now = 1795420800;
        for (long sentAt : new long[] {now - 300, now, now + 300}) {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            assertEquals(ID, verifierAt(now, SECRET).verify(request(StandardWebhooks.sign(SECRET, ID, sentAt, body), sentAt, BODY)));
        }
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedSayingWhichAndHowToMakeOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> verifierAt(TIMESTAMP, SECRET, "not-a-secret"));
        assertTrue(e.getMessage().contains("secret 2 of 2") && e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
        assertTrue(!e.getMessage().contains("not-a-secret"), "a secret is never echoed");
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
