package io.leadloop.ingest;

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
}
