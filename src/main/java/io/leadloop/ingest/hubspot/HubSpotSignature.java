package io.leadloop.ingest.hubspot;

import io.leadloop.ingest.Hmac;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot's request signatures, keyed with the app's client secret.
 * <ul>
 * <li>v3 ({@code X-HubSpot-Signature-v3}): base64 HMAC-SHA256 of method + URI + raw body +
 * {@code X-HubSpot-Request-Timestamp} (epoch milliseconds); refused when the timestamp is more than 5 minutes off.
 * <li>v1 ({@code X-HubSpot-Signature}, {@code X-HubSpot-Signature-Version: v1}): hex SHA-256 of client secret + body.
 * It covers no timestamp, so a captured request verifies forever; it is accepted only where configured.
 * </ul>
 * The URI is the one HubSpot called, which behind API Gateway or a custom domain only the configured public URL
 * states for certain; without one it is rebuilt from the forwarded scheme, the Host header and the raw path and query.
 */
final class HubSpotSignature {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String V3 = "X-HubSpot-Signature-v3";
    static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    static final String V1 = "X-HubSpot-Signature";
    static final String VERSION = "X-HubSpot-Signature-Version";

    /** HubSpot decodes these percent-encodings in the URI before signing it (its request-validation guide lists them). */
    private static final Map<String, String> DECODED_BEFORE_SIGNING = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));
    private static final Pattern ENCODED = Pattern.compile(String.join("|", DECODED_BEFORE_SIGNING.keySet()));

    private final String clientSecret;
    private final String publicUrl;
    private final boolean acceptV1;
    private final Clock clock;

    /** @param publicUrl the URL registered in HubSpot, or null to rebuild it from each request */
    HubSpotSignature(String clientSecret, String publicUrl, boolean acceptV1, Clock clock) {
        this.clientSecret = clientSecret;
        this.publicUrl = publicUrl;
        this.acceptV1 = acceptV1;
        this.clock = clock;
    }

    void verify(WebhookRequest request) throws WebhookRejected {
        if (request.header(V3) != null) {
            verifyV3(request);
        } else if (request.header(V1) != null) {
            verifyV1(request);
        } else {
            throw WebhookRejected.unauthenticated("header " + V3 + " is missing; HubSpot signs every webhook request with it"
                    + " (see docs/webhooks/hubspot.md)");
        }
    }

    private void verifyV3(WebhookRequest request) throws WebhookRejected {
        String timestamp = request.header(TIMESTAMP);
        if (timestamp == null || timestamp.isBlank()) {
            throw WebhookRejected.unauthenticated("header " + TIMESTAMP + " is missing; it is part of the v3 signature");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw WebhookRejected.unauthenticated(TIMESTAMP + " '" + timestamp + "' is not a Unix time in milliseconds");
        }
        long skew = Math.abs(clock.millis() - sentAt);
        if (skew > TOLERANCE.toMillis()) {
            throw WebhookRejected.unauthenticated(TIMESTAMP + " " + sentAt + " is " + skew / 1000 + " s away from now;"
                    + " requests older or newer than " + TOLERANCE.toSeconds() + " s are refused (replay protection)");
        }
        String uri = signedUri(request);
        byte[] expected = Hmac.sha256(clientSecret.getBytes(StandardCharsets.UTF_8),
                (request.method().toUpperCase(Locale.ROOT) + uri).getBytes(StandardCharsets.UTF_8),
                request.body(), timestamp.strip().getBytes(StandardCharsets.UTF_8));
        if (!Hmac.equal(expected, base64(request.header(V3).strip()))) {
            throw WebhookRejected.unauthenticated(V3 + " does not match the request as signed over " + uri
                    + "; check the client secret, that the body arrives unmodified, and that this is the URL registered in"
                    + " HubSpot (if HubSpot calls another URL, e.g. a custom domain, set " + HubSpotAdapter.WEBHOOK_URL + " to it)");
        }
    }

    private void verifyV1(WebhookRequest request) throws WebhookRejected {
        String version = request.header(VERSION);
        if (version != null && !"v1".equalsIgnoreCase(version.strip())) {
            throw WebhookRejected.unauthenticated(VERSION + " '" + version + "' is not supported; verify with " + V3);
        }
        if (!acceptV1) {
            throw WebhookRejected.unauthenticated("only a v1 signature (" + V1 + ") was sent; it covers no timestamp, so a"
                    + " captured request could be replayed. Send " + V3 + ", or set " + HubSpotAdapter.ACCEPT_V1_SETTING + " to true to accept v1");
        }
        byte[] expected = Hmac.digest(clientSecret.getBytes(StandardCharsets.UTF_8), request.body());
        if (!Hmac.equal(expected, hex(request.header(V1).strip()))) {
            throw WebhookRejected.unauthenticated(V1 + " does not match the body; check the client secret and that the body"
                    + " arrives unmodified");
        }
    }

    /** The URI as HubSpot signed it: the one it called, with the listed percent-encodings decoded. */
    private String signedUri(WebhookRequest request) throws WebhookRejected {
        return decodedAsHubSpotSigns(publicUrl != null ? publicUrl : calledUrl(request));
    }

    static String decodedAsHubSpotSigns(String uri) {
        Matcher m = ENCODED.matcher(uri);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(DECODED_BEFORE_SIGNING.get(m.group())));
        }
        return m.appendTail(out).toString();
    }

    private String calledUrl(WebhookRequest request) throws WebhookRejected {
        // API Gateway terminates TLS and says so in x-forwarded-proto; without it, HTTPS, the only scheme HubSpot calls.
        String scheme = firstValue(request.header("x-forwarded-proto"), "https");
        String host = firstValue(request.header("host"), request.host());
        if (host == null) {
            throw WebhookRejected.unauthenticated("the request names no host, so the URL HubSpot signed cannot be rebuilt;"
                    + " set " + HubSpotAdapter.WEBHOOK_URL + " to the URL registered in HubSpot");
        }
        return scheme + "://" + host + request.path() + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
    }

    /** Proxies join repeated headers with commas; the first value is the one the client sent. */
    private static String firstValue(String header, String fallback) {
        if (header == null || header.isBlank()) return fallback;
        return header.split(",", 2)[0].strip();
    }


    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
