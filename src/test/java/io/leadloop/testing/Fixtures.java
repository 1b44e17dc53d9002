package io.leadloop.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.IngestService;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.ingest.WebhookResponse;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.StandardWebhooks;
import io.leadloop.json.Json;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared test inputs: the sample events in events/, fixed clocks, and the funnel counts a report would show. */
public final class Fixtures {
    private Fixtures() {}

    /** The moment the sample events in events/ were signed (2026-11-23T07:59:30Z) plus 30 s. */
    public static final Instant SIGNED_AT = Instant.parse("2026-11-23T08:00:00Z");

    public static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    public static APIGatewayV2HTTPEvent httpEvent(String file) {
        return EventLoader.loadApiGatewayHttpEvent(file);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonFile(String file) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Applies generic-format events through the real ingest path (signature check included), signed at the clock's
     * time, in batches; much faster than over HTTP, for fixtures of many weeks.
     */
    public static void ingest(Config config, List<Map<String, Object>> events, Clock clock) {
        IngestService ingest = Wiring.ingest(config, Engines.dynamo(), clock);
        String secret = config.requiredSecret(GenericAdapter.SECRET, "the generic secret");
        // Events of one lead go to one worker; the funnel is order-independent, so the workers may interleave freely.
        int workers = 4;
        List<List<Map<String, Object>>> parts = new java.util.ArrayList<>();
        for (int i = 0; i < workers; i++) parts.add(new java.util.ArrayList<>());
        for (Map<String, Object> e : events) {
            Object lead = e.getOrDefault("lead_id", e.get("deal_id"));
            parts.get(Math.floorMod(String.valueOf(lead).hashCode(), workers)).add(e);
        }
        List<java.util.concurrent.CompletableFuture<Void>> running = new java.util.ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<Map<String, Object>> part = parts.get(w);
            int worker = w;
            running.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int from = 0; from < part.size(); from += 50) {
                    byte[] body = Json.compact(Map.of("events", part.subList(from, Math.min(part.size(), from + 50))))
                            .getBytes(StandardCharsets.UTF_8);
                    String id = "msg_fixture_" + worker + "_" + from + "_" + System.nanoTime();
                    long timestamp = clock.instant().getEpochSecond();
                    WebhookResponse response = ingest.receive("generic", new WebhookRequest("POST", "localhost", "/webhooks/generic", "",
                            Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                                    "webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body)), body));
                    if (response.status() != 200) throw new IllegalStateException("fixture not ingested: " + response.body());
                }
            }));
        }
        running.forEach(java.util.concurrent.CompletableFuture::join);
    }

    /** What the report would count for {@code period}, read from the store's daily counters. */
    public static StageCounts countsOf(Config config, Period period) {
        return StageCounts.of(periodCounts(config, period));
    }

    /** Summed from the period's day items, so a test of the week roll-ups has an independent reference. */
    public static PeriodCounts periodCounts(Config config, Period period) {
        var counters = Wiring.counterHistory(config, Engines.dynamo(), Clock.systemUTC());
        return PeriodCounts.sum(period, counters.countersOf(period.days().stream().map(CounterSpan.Day::new).toList()).values());
    }
}
