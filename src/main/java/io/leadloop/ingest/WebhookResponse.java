package io.leadloop.ingest;

import io.leadloop.json.Json;
import java.util.Map;

/**
 * What the route answers: status, content type and body; and for the log, the problem type of an error answer
 * or the receipt of an applied delivery (either may be null).
 */
public record WebhookResponse(int status, String contentType, String body, String problemType, CrmAdapter.Receipt receipt) {

    public WebhookResponse(int status, String contentType, String body) {
        this(status, contentType, body, null, null);
    }

    public static WebhookResponse json(int status, Map<String, ?> body) {
        return new WebhookResponse(status, "application/json", Json.compact(body));
    }

    WebhookResponse withReceipt(CrmAdapter.Receipt of) {
        return new WebhookResponse(status, contentType, body, problemType, of);
    }
}
