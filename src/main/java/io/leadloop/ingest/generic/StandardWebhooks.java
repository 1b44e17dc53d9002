package io.leadloop.ingest.generic;

import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
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
    /** Keeps the stored delivery's key, {@code DELIVERY#generic#{webhook-id}#{digest}}, far below DynamoDB's 2048 bytes. */
    static final int MAX_ID_LENGTH = 256;

    private final List<byte[]> keys;
    private final Clock clock;

    /**
     * @param secrets one or more {@code whsec_…} secrets, any of which may have signed a delivery
     * @throws IllegalArgumentException when one is not base64, saying which one (never its value)
     */
    StandardWebhooks(List<String> secrets, Clock clock) {
        this.keys = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            byte[] key = decode(secrets.get(i).startsWith(SECRET_PREFIX) ? secrets.get(i).substring(SECRET_PREFIX.length()) : secrets.get(i));
            if (key == null || key.length == 0) {
                throw new IllegalArgumentException("secret " + (i + 1) + " of " + secrets.size() + " is not a Standard Webhooks"
                        + " secret (whsec_ followed by base64); generate one with: echo \"whsec_$(openssl rand -base64 32)\"");
            }
            keys.add(key);
        }
        this.clock = clock;
    }

    /** Returns the verified {@code webhook-id}. */
    String verify(WebhookRequest request) throws WebhookRejected {
        String id = require(request, "webhook-id");
        String timestamp = require(request, "webhook-timestamp");
        String signatures = require(request, "webhook-signature");
        if (id.length() > MAX_ID_LENGTH) {
            throw WebhookRejected.malformed("webhook-id is " + id.length() + " characters long; at most " + MAX_ID_LENGTH
                    + " are accepted (it is part of the stored delivery's key)");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw WebhookRejected.unauthenticated("webhook-timestamp '" + timestamp + "' is not a Unix time in seconds");
        }
        long now = clock.instant().getEpochSecond();
        // Compared without subtracting: now − sentAt overflows for timestamps near Long.MIN_VALUE and would pass.
        if (sentAt < now - TOLERANCE.toSeconds() || sentAt > now + TOLERANCE.toSeconds()) {
            throw WebhookRejected.unauthenticated("webhook-timestamp " + sentAt + " is " + (sentAt < now ? "before" : "after")
                    + " now (" + now + ") by more than " + TOLERANCE.toSeconds() + " s; deliveries older or newer than that are"
                    + " refused (replay protection)");
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
