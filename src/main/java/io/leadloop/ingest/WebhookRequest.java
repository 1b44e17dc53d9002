package io.leadloop.ingest;

import io.leadloop.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the sender made it, independent of API Gateway: header names lower-cased, the body as
 * the exact bytes that were signed, and enough of the URL (host, path, query) to rebuild what the sender called.
 */
public record WebhookRequest(String method, String host, String path, String rawQuery, Map<String, String> headers,
                             byte[] body) {

    public WebhookRequest {
        Map<String, String> lower = new TreeMap<>();
        if (headers != null) headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A query parameter's raw (still percent-encoded) value, or null. */
    public String queryParameter(String name) {
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) return eq < 0 ? "" : pair.substring(eq + 1);
        }
        return null;
    }

    /**
     * The body as JSON, read as strict UTF-8: bytes that are not UTF-8 are refused rather than replaced, since two
     * different bodies would otherwise read as the same text (and the same event ids).
     */
    public Object jsonBody() throws WebhookRejected {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejected.malformed("body is not valid UTF-8 (" + e.getMessage() + "); send JSON encoded as UTF-8");
        }
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw WebhookRejected.malformed("body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
