package io.leadloop.ingest;

import io.leadloop.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: a machine-readable {@code type}, a short title, and a {@code detail} that tells the
 * sender what exactly was wrong. {@code errors} lists per-field problems as JSON pointers where there are any.
 */
public record Problem(int status, String type, String title, String detail, List<FieldError> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** One field that failed validation, located by an RFC 6901 JSON pointer into the request body. */
    public record FieldError(String pointer, String detail) {}

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, "urn:leadloop:problem:" + slug, title, detail, List.of());
    }

    public WebhookResponse toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> Map.of("pointer", e.pointer(), "detail", e.detail())).toList());
        }
        return new WebhookResponse(status, CONTENT_TYPE, Json.compact(body), type, null);
    }
}
