package io.leadloop.ingest.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.json.Json;
import io.leadloop.lambda.BackfillHandler;
import io.leadloop.settings.Config;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.LambdaContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backfill function end to end: the local HubSpot, DynamoDB Local, and a local Lambda API for its continuation. */
@EndToEnd
class HubSpotBackfillHandlerTest {

    private static final String FUNCTION = LambdaContexts.BACKFILL_FUNCTION;
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);

    private final HubSpotFake hubspot = HubSpotFake.withSampleAccount();
    /** Each asynchronous Invoke the function made: its path, invocation type and body. */
    private final List<List<String>> invocations = new CopyOnWriteArrayList<>();
    private final HttpServer lambda = lambdaApi();

    @AfterEach
    void stop() {
        hubspot.close();
        lambda.stop(0);
    }

    private HttpServer lambdaApi() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                invocations.add(List.of(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).split(" ")[0]));
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Config config() {
        return HubSpotWebhookHandlerTest.config(Map.of()).with(Map.of(
                HubSpotHistory.ACCESS_TOKEN, HubSpotFake.TOKEN, HubSpotHistory.API_URL, hubspot.url().toString(),
                "LEADLOOP_LAMBDA_ENDPOINT", "http://127.0.0.1:" + lambda.getAddress().getPort()));
    }

    @Test
    void aRunNearItsTimeoutInvokesItselfAndTheContinuationFinishesTheHistory() throws Exception {
        hubspot.contacts.addAll(HubSpotHistoryTest.generatedContacts(250));
        Config config = config();
        BackfillHandler handler = new BackfillHandler(config, Engines.dynamo(), CLOCK, new JdkCrmHttp(d -> {}, CLOCK));

        Map<String, Object> first = handler.handleRequest(Map.of("source", "hubspot", "kind", "backfill"), LambdaContexts.backfill(2));

        assertEquals(true, first.get("continued"));
        assertEquals(200, first.get("records"), "two pages before the remaining time fell under a minute");
        assertEquals(List.of(List.of("/2015-03-31/functions/" + FUNCTION + "/invocations", "Event",
                Json.compact(Map.of("source", "hubspot", "kind", "backfill")), "AWS4-HMAC-SHA256")), invocations);

        Map<?, ?> input = (Map<?, ?>) Json.parse(invocations.get(0).get(2));
        @SuppressWarnings("unchecked")
        Map<String, Object> second = handler.handleRequest((Map<String, Object>) input, LambdaContexts.backfill(100));

        assertEquals(false, second.get("continued"));
        assertEquals(true, second.get("done"));
        assertEquals(57, second.get("records"), "the 55 other contacts and the 2 deals");
        assertEquals(1, invocations.size(), "a finished run invokes nothing");
        assertEquals(5 + 250, Fixtures.countsOf(config, Period.parse("2026-W47")).leads());

        Map<String, Object> nightly = handler.handleRequest(Map.of("source", "hubspot", "kind", "reconcile"), LambdaContexts.backfill(100));
        assertEquals(Fixtures.SIGNED_AT.toString(), nightly.get("modified_since"), "a reconciliation reads what changed since the backfill began");
        assertEquals(0, nightly.get("events_applied"));
    }

    @Test
    void anInputWithoutASourceSaysWhatToSend() {
        BackfillHandler handler = new BackfillHandler(config(), Engines.dynamo(), CLOCK, new JdkCrmHttp(d -> {}, CLOCK));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(Map.of("kind", "backfill"), LambdaContexts.backfill(100)));

        assertTrue(e.getMessage().contains("{\"source\": \"hubspot\""), e.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> handler.handleRequest(Map.of("source", "hubspot", "kind", "full"), LambdaContexts.backfill(100)));
        assertTrue(kind.getMessage().contains("\"backfill\" or \"reconcile\""), kind.getMessage());
    }
}
