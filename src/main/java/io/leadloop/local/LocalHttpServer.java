package io.leadloop.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadloop.lambda.WebhookHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Serves {@code POST /webhooks/{source}} on localhost, handing each request to the real {@link WebhookHandler}
 * as the API Gateway HTTP API would: a payload-2.0 event with lower-cased headers (repeated ones joined by
 * commas), the raw path and query, and a base64 body unless the content is text.
 */
public final class LocalHttpServer implements AutoCloseable {

    private static final String ROUTE_PREFIX = "/webhooks/";

    private final HttpServer server;

    private LocalHttpServer(HttpServer server) {
        this.server = server;
    }

    public static LocalHttpServer start(String host, int port, WebhookHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.createContext("/", exchange -> handle(exchange, handler));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return new LocalHttpServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static void handle(HttpExchange exchange, WebhookHandler handler) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(ROUTE_PREFIX) || path.length() == ROUTE_PREFIX.length()) {
                byte[] body = ("{\"type\":\"urn:leadloop:problem:not-found\",\"title\":\"No such route\",\"status\":404,"
                        + "\"detail\":\"webhooks are POSTed to /webhooks/{source}\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            APIGatewayV2HTTPResponse response = handler.handleRequest(toEvent(exchange), null);
            byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) response.getHeaders().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            System.err.println("leadloop: request failed: " + e);
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
        }
        String contentType = headers.getOrDefault("content-type", "");
        // A body that is not UTF-8 travels as base64, so that the handler sees the bytes that were sent (and signed).
        boolean text = (contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("xml")
                || contentType.contains("x-www-form-urlencoded")) && isUtf8(body);
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        String host = headers.getOrDefault("host", "127.0.0.1").replaceAll(":\\d+$", "");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath(path)
                .withRawQueryString(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery())
                .withHeaders(headers)
                .withPathParameters(Map.of("source", path.substring(ROUTE_PREFIX.length())))
                .withIsBase64Encoded(!text)
                .withBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName(host)
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey("POST /webhooks/{source}")
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent")).build())
                        .build())
                .build();
    }
}
