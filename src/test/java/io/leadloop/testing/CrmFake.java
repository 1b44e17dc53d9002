package io.leadloop.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A CRM's REST API on a local port, answering each path with the answers queued for it, in order (the last one
 * repeats), and recording every request: a test says what the vendor answers and checks what was asked.
 */
public final class CrmFake implements AutoCloseable {

    /** One HTTP answer as the vendor sends it. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json;charset=UTF-8"), body);
        }

        /** A fixture file under src/test/resources, answered 200. */
        public static Answer file(String resource) {
            return json(200, resource(resource));
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body);
        }
    }

    /** One request as the fake received it. */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Answer>> routes = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public CrmFake() {
        server = serve(this::handle);
    }

    /** A server on a free loopback port, answering every path with {@code handler}: the start of any CRM fake. */
    public static HttpServer serve(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers a path (query excluded) with these answers in turn; after the last, the last repeats. */
    public CrmFake answer(String path, Answer... queued) {
        Deque<Answer> queue = new ArrayDeque<>(List.of(queued));
        return route(path, request -> queue.size() > 1 ? queue.poll() : queue.peek());
    }

    /** Answers a path as {@code responder} decides from the request (its query, say). */
    public CrmFake route(String path, Function<Request, Answer> responder) {
        routes.put(path, responder);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    public static String resource(String name) {
        try {
            return Files.readString(Path.of("src/test/resources", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        String path = exchange.getRequestURI().getPath();
        Request request = new Request(exchange.getRequestMethod(), path, query(exchange.getRequestURI().getRawQuery()), headers, body);
        requests.add(request);
        Function<Request, Answer> route = routes.get(path);
        Answer answer = route == null ? Answer.json(404, "{\"error\":\"no route in the fake for " + path + "\"}") : route.apply(request);
        byte[] bytes = answer.body().getBytes(UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A raw query string's parameters, decoded. */
    public static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) return query;
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, equals), UTF_8), URLDecoder.decode(pair.substring(equals + 1), UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
