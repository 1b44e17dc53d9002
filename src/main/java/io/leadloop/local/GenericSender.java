package io.leadloop.local;

import io.leadloop.ingest.generic.StandardWebhooks;
import io.leadloop.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Posts generic-format batches over real HTTP, signed as a Standard Webhooks sender would sign them. */
public final class GenericSender {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String secret;

    public GenericSender(URI endpoint, String secret) {
        this.endpoint = endpoint;
        this.secret = secret;
    }

    public HttpResponse<String> send(List<Map<String, Object>> events) throws IOException, InterruptedException {
        byte[] body = Json.compact(Map.of("events", events)).getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
