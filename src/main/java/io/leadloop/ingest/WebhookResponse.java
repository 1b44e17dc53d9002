package io.leadloop.ingest;

import io.leadloop.json.Json;
import java.util.Map;

/** What the route answers: status, content type and body. */
public record WebhookResponse(int status, String contentType, String body) {

    public static WebhookResponse json(int status, Map<String, ?> body) {
        return new WebhookResponse(status, "application/json", Json.compact(body));
    }
}
