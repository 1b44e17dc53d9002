package io.leadloop.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Sender verification as the Standard Webhooks specification defines it: {@code v1,} + base64 HMAC-SHA256 of
 * {@code {webhook-id}.{webhook-timestamp}.{body}}, keyed with the bytes of a {@code whsec_} secret, several
 * space-separated signatures allowed (so a sender can rotate its secret), and a timestamp tolerance against replay.
 */
public final class StandardWebhooks {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";

    private final List<byte[]> keys;
    private final Clock clock;

    /** @param secrets one or more {@code whsec_…} secrets, any of which may have signed a delivery */
    StandardWebhooks(List<String> secrets, Clock clock) {
        this.keys = new ArrayList<>();
        for (String secret : secrets) {
            String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
            keys.add(Base64.getDecoder().decode(encoded));
        }
        this.clock = clock;
    }

    /** Returns the verified {@code webhook-id}. */
    String verify(WebhookRequest request) throws WebhookRejected {
        String id = require(request, "webhook-id");
        String timestamp = require(request, "webhook-timestamp");
        String signatures = require(request, "webhook-signature");
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw WebhookRejected.unauthenticated("webhook-timestamp '" + timestamp + "' is not a Unix time in seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - sentAt);
        if (skew > TOLERANCE.toSeconds()) {
            throw WebhookRejected.unauthenticated("webhook-timestamp " + sentAt + " is " + skew
                    + " s away from now; deliveries older or newer than " + TOLERANCE.toSeconds() + " s are refused (replay protection)");
        }
        byte[] prefix = (id + "." + sentAt + ".").getBytes(StandardCharsets.UTF_8);
        for (byte[] key : keys) {
            byte[] expected = Hmac.sha256(key, prefix, request.body());
            for (String offered : signatures.strip().split(" +")) {
                if (offered.startsWith("v1,") && Hmac.equal(expected, decode(offered.substring(3)))) {
                    return id;
                }
            }
        }
        throw WebhookRejected.unauthenticated("no webhook-signature matches the body: check the signing secret and that the body is sent unmodified");
    }

    /** Signs as a sender would; the local runner and the tests use it to send genuine deliveries. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
        byte[] mac = Hmac.sha256(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }

    private static String require(WebhookRequest request, String header) throws WebhookRejected {
        String value = request.header(header);
        if (value == null || value.isBlank()) {
            throw WebhookRejected.unauthenticated("header " + header + " is missing; generic webhooks are signed as Standard Webhooks (see docs/webhooks.md)");
        }
        return value;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
