package io.leadloop.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.leadloop.ingest.generic.StandardWebhooks;
import io.leadloop.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** API Gateway HTTP API (payload 2.0) events, as the Lambda runtime would hand them to the webhook handler. */
final class ApiEvents {
    private ApiEvents() {}

    /** Reads an event in the shape of events/generic-webhook.json. */
    @SuppressWarnings("unchecked")
    static APIGatewayV2HTTPEvent fromJson(String json) throws IOException {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        Map<String, Object> rc = (Map<String, Object>) m.getOrDefault("requestContext", Map.of());
        Map<String, Object> http = (Map<String, Object>) rc.getOrDefault("http", Map.of());
        Map<String, String> headers = new HashMap<>();
        ((Map<String, Object>) m.getOrDefault("headers", Map.of())).forEach((k, v) -> headers.put(k, String.valueOf(v)));
        Map<String, String> pathParameters = new HashMap<>();
        ((Map<String, Object>) m.getOrDefault("pathParameters", Map.of())).forEach((k, v) -> pathParameters.put(k, String.valueOf(v)));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion((String) m.get("version"))
                .withRouteKey((String) m.get("routeKey"))
                .withRawPath((String) m.get("rawPath"))
                .withRawQueryString((String) m.get("rawQueryString"))
                .withHeaders(headers)
                .withPathParameters(pathParameters)
                .withIsBase64Encoded(Boolean.TRUE.equals(m.get("isBase64Encoded")))
                .withBody((String) m.get("body"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName((String) rc.get("domainName"))
                        .withRequestId((String) rc.get("requestId"))
                        .withRouteKey((String) rc.get("routeKey"))
                        .withStage((String) rc.get("stage"))
                        .withTimeEpoch(rc.get("timeEpoch") == null ? 0L : ((Number) rc.get("timeEpoch")).longValue())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod((String) http.get("method"))
                                .withPath((String) http.get("path"))
                                .withProtocol((String) http.get("protocol"))
                                .withSourceIp((String) http.get("sourceIp"))
                                .withUserAgent((String) http.get("userAgent"))
                                .build())
                        .build())
                .build();
    }

    /** A signed generic delivery of {@code events}, as API Gateway would pass it on. */
    static APIGatewayV2HTTPEvent signedGeneric(String secret, Object events, long timestamp) {
        String body = Json.compact(Map.of("events", events));
        String id = "msg_" + UUID.randomUUID();
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("host", "bench.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", "leadloop-bench/1.0");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath("/webhooks/generic")
                .withRawQueryString("")
                .withHeaders(headers)
                .withPathParameters(Map.of("source", "generic"))
                .withIsBase64Encoded(false)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("bench.execute-api.us-east-1.amazonaws.com")
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey("POST /webhooks/{source}")
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/webhooks/generic").withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10").withUserAgent("leadloop-bench/1.0").build())
                        .build())
                .build();
    }

    /**
     * events/generic-webhook.json (or only its first event) with every event, lead and deal id prefixed by {@code runId} (so each cold run
     * stores new events and new leads, not duplicates) and re-signed with a fresh timestamp.
     */
    @SuppressWarnings("unchecked")
    static String resignedSample(String sampleJson, String runId, String secret, boolean firstEventOnly) {
        try {
            Map<String, Object> m = (Map<String, Object>) Json.parse(sampleJson);
            String original = (String) m.get("body");
            if (firstEventOnly) {
                List<Object> events = (List<Object>) ((Map<String, Object>) Json.parse(original)).get("events");
                original = Json.compact(Map.of("events", events.subList(0, 1)));
            }
            String body = original
                    .replace("\"evt-", "\"" + runId + "-evt-")
                    .replace("\"L-", "\"" + runId + "-L-")
                    .replace("\"D-", "\"" + runId + "-D-");
            long timestamp = Instant.now().getEpochSecond();
            String id = "msg_" + runId + "_" + UUID.randomUUID();
            Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) m.get("headers"));
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
            Map<String, Object> out = new LinkedHashMap<>(m);
            out.put("headers", headers);
            out.put("body", body);
            Map<String, Object> rc = new LinkedHashMap<>((Map<String, Object>) m.get("requestContext"));
            rc.put("timeEpoch", timestamp * 1000);
            out.put("requestContext", rc);
            return Json.compact(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
