package io.leadloop.ingest.pipedrive;

import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * HTTP Basic as Pipedrive sends it: the user and password set on the webhook ({@code http_auth_user},
 * {@code http_auth_password}). Pipedrive signs nothing, so these credentials are the whole proof of origin.
 */
final class PipedriveCredentials {

    private static final String SCHEME = "Basic ";
    private static final String FIX = "the webhook's HTTP Basic user and password must equal LEADLOOP_PIPEDRIVE_USER and "
            + "LEADLOOP_PIPEDRIVE_PASSWORD (docs/webhooks/pipedrive.md)";

    /**
     * Both sides are compared as HMACs under a key of this process: equal-length digests, so a constant-time
     * comparison leaks neither the credentials' bytes nor their length.
     */
    private final byte[] key = new byte[32];
    private final byte[] expected;

    PipedriveCredentials(String user, String password) {
        new SecureRandom().nextBytes(key);
        this.expected = Hmac.sha256(key, (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void verify(WebhookRequest request) throws WebhookRejected {
        String header = request.header("authorization");
        if (header == null || header.isBlank()) {
            throw WebhookRejected.unauthenticated("the Authorization header is missing; " + FIX);
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw WebhookRejected.unauthenticated("the Authorization header is not HTTP Basic; " + FIX);
        }
        byte[] offered;
        try {
            offered = Base64.getDecoder().decode(value.substring(SCHEME.length()).strip());
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.unauthenticated("the HTTP Basic credentials are not valid base64; " + FIX);
        }
        if (!Hmac.equal(expected, Hmac.sha256(key, offered))) {
            throw WebhookRejected.unauthenticated("the HTTP Basic user and password do not match; " + FIX);
        }
    }
}
