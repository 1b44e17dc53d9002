package io.leadloop.ingest.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.leadloop.ingest.backfill.CrmHttp.CrmApiException;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CRM calls' rate-limit and error rules over real HTTP, against a server that answers from a script. */
@Contract
class JdkCrmHttpTest {

    /** status, Retry-After (or null), body: answered in order, then 200 {"ok": true}. */
    private final Queue<String[]> script = new ConcurrentLinkedQueue<>();
    private final List<Duration> slept = new ArrayList<>();
    private final JdkCrmHttp http = new JdkCrmHttp(slept::add, Fixtures.clockAt(Fixtures.SIGNED_AT));
    private final HttpServer server = server();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpServer server() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String[] answer = script.isEmpty() ? new String[] {"200", null, "{\"ok\": true}"} : script.poll();
                if (answer[1] != null) exchange.getResponseHeaders().add("Retry-After", answer[1]);
                byte[] body = answer[2].getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "?api_token=secret-in-query");
    }

    @Test
    void a503WithAnHttpDateWaitsUntilThatDate() {
        script.add(new String[] {"503", "Mon, 23 Nov 2026 08:00:07 GMT", "{\"success\": false, \"error\": \"Service unavailable\"}"});

        assertEquals(Map.of("ok", true), http.get(uri("/v2/deals"), Map.of()));

        assertEquals(List.of(Duration.ofSeconds(7)), slept, "7 s after the clock's 08:00:00");
        assertEquals(2, http.calls());
    }

    @Test
    void aRateLimitBeyondTheRetriesFailsNamingTheCallNotTheToken() {
        for (int i = 0; i <= JdkCrmHttp.MAX_RETRIES; i++) script.add(new String[] {"429", "2", "{\"message\": \"You have reached your secondly limit.\"}"});

        CrmApiException e = assertThrows(CrmApiException.class, () -> http.postJson(uri("/crm/v3/objects/deals/search"), Map.of(), Map.of()));

        assertEquals(429, e.status());
        assertEquals("POST /crm/v3/objects/deals/search answered 429 after 5 retries: You have reached your secondly limit.", e.getMessage());
        assertEquals(JdkCrmHttp.MAX_RETRIES + 1, http.calls());
        assertEquals(JdkCrmHttp.MAX_RETRIES, slept.size());
        assertFalse(e.getMessage().contains("secret-in-query"));
    }

    @Test
    void anotherRefusalIsNotRetriedAndQuotesTheCrmsMessage() {
        script.add(new String[] {"400", null, "[{\"message\": \"unexpected token at 'SELECT'\", \"errorCode\": \"MALFORMED_QUERY\"}]"});

        CrmApiException e = assertThrows(CrmApiException.class, () -> http.postForm(uri("/services/oauth2/token"), Map.of(), Map.of("grant_type", "client_credentials")));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().endsWith("answered 400: unexpected token at 'SELECT'"), e.getMessage());
        assertEquals(1, http.calls());
        assertEquals(List.of(), slept);
    }
}
