package io.leadloop.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault injector in front of the SES emulator: an HTTP proxy that answers the next calls with the errors it is
 * told to (as SES v2 would: status, {@code x-amzn-ErrorType} and a JSON message) and forwards the rest to the
 * emulator, so the real SDK and leadloop's retry logic see real error responses.
 */
public final class SesFaults implements AutoCloseable {

    /** An error SES v2 answers with. */
    public record Fault(int status, String type, String message) {
        public static Fault throttled() {
            return new Fault(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
        }

        public static Fault rejected() {
            return new Fault(400, "MessageRejected", "Email address is not verified.");
        }

        public static Fault unavailable() {
            return new Fault(503, "ServiceUnavailable", "Service unavailable.");
        }
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private final HttpServer server;
    private final Deque<Fault> next = new ArrayDeque<>();
    private volatile Fault always;
    private final AtomicInteger calls = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    private SesFaults(HttpServer server) {
        this.server = server;
    }

    public static SesFaults start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SesFaults faults = new SesFaults(server);
            server.createContext("/", faults::handle);
            server.start();
            return faults;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next calls fail with these, in order; later calls reach the emulator. */
    public synchronized SesFaults thenFail(Fault... faults) {
        next.addAll(java.util.List.of(faults));
        return this;
    }

    /** Every call fails with {@code fault} (null: none does). */
    public SesFaults alwaysFail(Fault fault) {
        always = fault;
        return this;
    }

    /** How many SendEmail calls reached this proxy. */
    public int calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        calls.incrementAndGet();
        Fault fault;
        synchronized (this) {
            fault = always != null ? always : next.poll();
        }
        if (fault != null) {
            byte[] error = ("{\"message\":\"" + fault.message() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("x-amzn-ErrorType", fault.type());
            exchange.sendResponseHeaders(fault.status(), error.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
            }
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(Engines.sesEndpoint().resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) values.forEach(v -> forward.header(name, v));
        });
        try {
            HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
