package io.leadloop.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.TableSetup;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Ingest throughput and latency of the real webhook handler (signature check, raw delivery stored, dedup marker,
 * versioned lead/deal state and counter shards in one transaction per event) against DynamoDB Local over HTTP,
 * measured side by side with the raw PutItem and BatchWriteItem rate of the same DynamoDB Local in the same run.
 *
 * <p>Each handler instance stands for one warm Lambda container: one container invoked back to back, then
 * {@code --concurrency} containers invoked in parallel (concurrent senders). Every round uses new leads.
 */
public final class IngestBench {

    private static final String SECRET = BenchSecrets.GENERIC;
    private static final double HUBSPOT_TIMEOUT_MS = 5_000;

    record Phase(String name, int workers, double seconds, long units, List<Double> latenciesMs, long applied,
                 long duplicates, Map<String, Long> calls, Map<String, Long> callMillis) {
        double rate() {
            return units / seconds;
        }
    }

    private final Config config;
    private final DynamoDbClient dynamo;
    private final String table;
    private final int batchSize;
    private final AtomicLong rawSerial = new AtomicLong();
    private int streams;
    private final AtomicLong appliedTotal = new AtomicLong();

    IngestBench(Map<String, String> engines, int batchSize) {
        this.table = "bench_ingest_" + System.currentTimeMillis();
        Map<String, String> values = new HashMap<>(engines);
        values.put(StoreSettings.TABLE, table);
        values.put(StoreSettings.TIMEZONE, "UTC");
        values.put(GenericAdapter.SECRET, SECRET);
        this.config = Bench.config(values);
        this.dynamo = AwsClients.dynamoDb(config);
        this.batchSize = batchSize;
        TableSetup.createIfMissing(dynamo, table);
    }

    public static void main(String[] args) throws Exception {
        Bench.Options o = new Bench.Options(args);
        boolean quick = o.flag("quick");
        int rounds = o.integer("rounds", quick ? 1 : 3);
        int batches = o.integer("batches", quick ? 10 : 30);
        int warmup = o.integer("warmup", quick ? 3 : 6);
        int concurrency = o.integer("concurrency", 4);
        int rawItems = o.integer("raw-items", quick ? 400 : 1500);
        IngestBench bench = new IngestBench(Bench.engines(o), o.integer("batch-size", 100));
        bench.run(rounds, batches, warmup, concurrency, rawItems);
    }

    void run(int rounds, int batches, int warmup, int concurrency, int rawItems) throws Exception {
        Map<String, Object> machine = Bench.machine();
        Bench.log("ingest: %d rounds; handler %d deliveries of %d events per mode; raw %d items per mode; concurrency %d",
                rounds, batches, batchSize, rawItems, concurrency);

        WebhookHandler single = new WebhookHandler(Wiring.ingest(config));
        List<WebhookHandler> containers = new ArrayList<>();
        List<DynamoDbClient> rawClients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            containers.add(new WebhookHandler(Wiring.ingest(config)));
            rawClients.add(AwsClients.dynamoDb(config));
        }
        // Warm-up: every client and every container, until the JIT has seen the whole path.
        putPhase("warm", rawClients, Math.max(200, rawItems / 3));
        batchPhase("warm", rawClients, Math.max(200, rawItems / 3));
        handlerPhase("warm", List.of(single), warmup);
        handlerPhase("warm", containers, warmup * concurrency);
        boolean counting = !CallCounter.snapshot().isEmpty();
        if (!counting) Bench.log("note: the SDK call counter is not on the classpath; calls per event are not reported");
        Bench.log("warm-up done");

        List<Phase> phases = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            phases.add(putPhase("PutItem x1", rawClients.subList(0, 1), rawItems));
            phases.add(batchPhase("BatchWriteItem x1", rawClients.subList(0, 1), rawItems));
            phases.add(handlerPhase("handler x1", List.of(single), batches));
            phases.add(putPhase("PutItem x" + concurrency, rawClients, rawItems));
            phases.add(batchPhase("BatchWriteItem x" + concurrency, rawClients, rawItems));
            phases.add(handlerPhase("handler x" + concurrency, containers, batches));
            for (Phase p : phases.subList(phases.size() - 6, phases.size())) {
                Bench.log("round %d %-20s %8.0f %s/s%s", round, p.name(), p.rate(), p.name().startsWith("handler") ? "events" : "items",
                        p.latenciesMs().isEmpty() ? "" : String.format(" (p50 %.0f ms, p99 %.0f ms per %d-event delivery)",
                                Bench.percentile(p.latenciesMs(), 50), Bench.percentile(p.latenciesMs(), 99), batchSize));
            }
        }
        long markers = 0;
        for (var page : dynamo.scanPaginator(r -> r.tableName(table).select("COUNT").filterExpression("begins_with(PK, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("EVENT#"))))) {
            markers += page.count();
        }
        Bench.log("verification: %d EVENT# markers in the table, %d events applied in all handler phases (warm-up included)",
                markers, appliedTotal.get());
        if (markers != appliedTotal.get()) throw new IllegalStateException("the table does not hold every applied event");

        publish(machine, rounds, batches, concurrency, rawItems, phases, counting);
    }

    // ---- phases -------------------------------------------------------------------------------------------------

    private Phase putPhase(String name, List<DynamoDbClient> clients, int items) throws Exception {
        Map<String, Long> before = CallCounter.snapshot();
        int per = items / clients.size();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        parallel(clients.size(), w -> {
            DynamoDbClient c = clients.get(w);
            for (int i = 0; i < per; i++) {
                Map<String, AttributeValue> item = rawItem();
                long s = System.nanoTime();
                c.putItem(r -> r.tableName(table).item(item));
                latencies.add((System.nanoTime() - s) / 1e6);
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Phase(name, clients.size(), seconds, (long) per * clients.size(), List.of(), 0, 0, CallCounter.since(before),
                Map.of());
    }

    private Phase batchPhase(String name, List<DynamoDbClient> clients, int items) throws Exception {
        Map<String, Long> before = CallCounter.snapshot();
        int per = items / clients.size();
        long t0 = System.nanoTime();
        parallel(clients.size(), w -> {
            DynamoDbClient c = clients.get(w);
            for (int done = 0; done < per; ) {
                List<WriteRequest> writes = new ArrayList<>();
                for (int k = 0; k < 25 && done < per; k++, done++) {
                    writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(rawItem()).build()).build());
                }
                Map<String, List<WriteRequest>> pending = Map.of(table, writes);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    BatchWriteItemResponse response = c.batchWriteItem(r -> r.requestItems(request));
                    pending = response.unprocessedItems();
                }
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Phase(name, clients.size(), seconds, (long) per * clients.size(), List.of(), 0, 0, CallCounter.since(before),
                Map.of());
    }

    private Phase handlerPhase(String name, List<WebhookHandler> handlers, int deliveries) throws Exception {
        String prefix = "s" + (++streams) + "t" + System.currentTimeMillis();
        Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<List<Map<String, Object>>> work = Leads.deliveries(prefix, deliveries, batchSize, until.minus(Duration.ofDays(14)), until, 7);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicLong applied = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        Map<String, Long> before = CallCounter.snapshot();
        Map<String, Long> millisBefore = CallCounter.millis();
        long t0 = System.nanoTime();
        parallel(handlers.size(), w -> {
            WebhookHandler handler = handlers.get(w);
            for (int d; (d = next.getAndIncrement()) < work.size(); ) {
                APIGatewayV2HTTPEvent event = ApiEvents.signedGeneric(SECRET, work.get(d), Instant.now().getEpochSecond());
                long s = System.nanoTime();
                APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
                latencies.add((System.nanoTime() - s) / 1e6);
                if (response.getStatusCode() != 200) {
                    throw new IllegalStateException("delivery " + d + " answered " + response.getStatusCode() + ": " + response.getBody());
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> receipt = (Map<String, Object>) Json.parse(response.getBody());
                applied.addAndGet(((Number) receipt.get("applied")).longValue());
                appliedTotal.addAndGet(((Number) receipt.get("applied")).longValue());
                duplicates.addAndGet(((Number) receipt.get("duplicates")).longValue());
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> millis = new java.util.TreeMap<>();
        CallCounter.millis().forEach((op, ms) -> millis.put(op, ms - millisBefore.getOrDefault(op, 0L)));
        return new Phase(name, handlers.size(), seconds, (long) deliveries * batchSize, latencies, applied.get(),
                duplicates.get(), CallCounter.since(before), millis);
    }

    interface Worker {
        void run(int worker) throws Exception;
    }

    private static void parallel(int workers, Worker body) throws Exception {
        if (workers == 1) {
            body.run(0);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                final int id = w;
                futures.add(pool.submit(() -> {
                    body.run(id);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /** An item the size and shape of a stored lead (lead_id, reached_*, profile, attributes map, version). */
    private Map<String, AttributeValue> rawItem() {
        long n = rawSerial.incrementAndGet();
        String now = Instant.now().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("RAW#" + n));
        item.put("SK", AttributeValue.fromS("STATE"));
        item.put("lead_id", AttributeValue.fromS("raw-" + n));
        item.put("reached_lead", AttributeValue.fromS(now));
        item.put("reached_mql", AttributeValue.fromS(now));
        item.put("source", AttributeValue.fromS("webinar"));
        item.put("campaign", AttributeValue.fromS("q4-ai-webinar"));
        item.put("form", AttributeValue.fromS("demo-request"));
        item.put("owner", AttributeValue.fromS("ana.garcia"));
        item.put("attributes", AttributeValue.fromM(Map.of("industry", AttributeValue.fromS("software"),
                "employees", AttributeValue.fromS("240"), "country", AttributeValue.fromS("ES"))));
        item.put("profile_at", AttributeValue.fromS(now));
        item.put("last_activity_at", AttributeValue.fromS(now));
        item.put("version", AttributeValue.fromN("1"));
        return item;
    }

    // ---- results ------------------------------------------------------------------------------------------------

    private void publish(Map<String, Object> machine, int rounds, int batches, int concurrency, int rawItems,
                         List<Phase> phases, boolean counting) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("build", Bench.build());
        json.put("rounds", rounds);
        json.put("deliveries_per_handler_phase", batches);
        json.put("events_per_delivery", batchSize);
        json.put("raw_items_per_phase", rawItems);
        json.put("concurrency", concurrency);
        StringBuilder md = new StringBuilder("### Ingest throughput and latency (warm, DynamoDB Local over HTTP)\n\n");
        md.append(rounds).append(" round(s), each: raw PutItem, raw BatchWriteItem (25 items/call) and the webhook handler, ")
                .append("one container then ").append(concurrency).append(" in parallel; ").append(batches).append(" deliveries of ")
                .append(batchSize).append(" events per handler phase; machine: ").append(machine).append("; build: ").append(Bench.build()).append("\n\n");
        md.append("| containers / senders | handler events/s (median) | raw PutItem items/s | raw BatchWriteItem items/s | handler ÷ PutItem | median of paired ratios | p50 ms per ")
                .append(batchSize).append("-event delivery | p99 ms | max ms | deliveries > 5 s | target (≥ 0.5× PutItem; batches ≪ 5 s) | |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        List<Map<String, Object>> modes = new ArrayList<>();
        for (int workers : List.of(1, concurrency)) {
            List<Phase> handler = select(phases, "handler x" + workers);
            List<Phase> put = select(phases, "PutItem x" + workers);
            List<Phase> batch = select(phases, "BatchWriteItem x" + workers);
            double h = Bench.median(handler.stream().map(Phase::rate).toList());
            double p = Bench.median(put.stream().map(Phase::rate).toList());
            double b = Bench.median(batch.stream().map(Phase::rate).toList());
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < handler.size(); i++) paired.add(handler.get(i).rate() / put.get(i).rate());
            List<Double> lat = new ArrayList<>();
            handler.forEach(ph -> lat.addAll(ph.latenciesMs()));
            long over = lat.stream().filter(l -> l > HUBSPOT_TIMEOUT_MS).count();
            double p50 = Bench.percentile(lat, 50);
            double p99 = Bench.percentile(lat, 99);
            boolean met = h >= 0.5 * p && p99 < HUBSPOT_TIMEOUT_MS / 2;
            Map<String, Long> calls = new HashMap<>();
            Map<String, Long> callMillis = new HashMap<>();
            long events = 0;
            for (Phase ph : handler) {
                ph.calls().forEach((k, v) -> calls.merge(k, v, Long::sum));
                ph.callMillis().forEach((k, v) -> callMillis.merge(k, v, Long::sum));
                events += ph.units();
            }
            Map<String, Object> msPerEvent = new LinkedHashMap<>();
            final long evs = events;
            callMillis.entrySet().stream().filter(e -> calls.containsKey(e.getKey())).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> msPerEvent.put(e.getKey(), Bench.round((double) e.getValue() / evs, 2)));
            Map<String, Object> callsPerEvent = new LinkedHashMap<>();
            final long ev = events;
            calls.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> callsPerEvent.put(e.getKey(), Bench.round((double) e.getValue() / ev, 3)));
            Map<String, Object> mode = new LinkedHashMap<>();
            mode.put("containers", workers);
            mode.put("handler_events_per_s", handler.stream().map(ph -> Bench.round(ph.rate(), 1)).toList());
            mode.put("putitem_items_per_s", put.stream().map(ph -> Bench.round(ph.rate(), 1)).toList());
            mode.put("batchwrite_items_per_s", batch.stream().map(ph -> Bench.round(ph.rate(), 1)).toList());
            mode.put("median_handler_events_per_s", Bench.round(h, 1));
            mode.put("median_putitem_items_per_s", Bench.round(p, 1));
            mode.put("median_batchwrite_items_per_s", Bench.round(b, 1));
            mode.put("ratio_handler_over_putitem", Bench.round(h / p, 3));
            mode.put("ratio_handler_over_batchwrite", Bench.round(h / b, 3));
            mode.put("median_paired_ratio", Bench.round(Bench.median(paired), 3));
            mode.put("delivery_latency_ms", Map.of("p50", Bench.round(p50, 1), "p99", Bench.round(p99, 1),
                    "max", Bench.round(Bench.max(lat), 1), "samples", lat.size(), "over_5s", over));
            mode.put("events_applied", handler.stream().mapToLong(Phase::applied).sum());
            mode.put("events_duplicate", handler.stream().mapToLong(Phase::duplicates).sum());
            if (counting) {
                mode.put("sdk_calls_per_event", callsPerEvent);
                mode.put("sdk_ms_per_event", msPerEvent);
                mode.put("handler_ms_per_event", Bench.round(1000.0 * workers / h, 2));
            }
            mode.put("target_met", met);
            modes.add(mode);
            md.append("| ").append(workers).append(" | ").append(Bench.f0(h)).append(" | ").append(Bench.f0(p)).append(" | ")
                    .append(Bench.f0(b)).append(" | ").append(Bench.f2(h / p)).append(" | ").append(Bench.f2(Bench.median(paired)))
                    .append(" | ").append(Bench.f0(p50)).append(" | ").append(Bench.f0(p99)).append(" | ").append(Bench.f0(Bench.max(lat)))
                    .append(" | ").append(over).append(" of ").append(lat.size()).append(" | ")
                    .append(h >= 0.5 * p ? "throughput met" : "throughput missed").append(", ")
                    .append(p99 < HUBSPOT_TIMEOUT_MS / 2 ? "latency met" : "latency missed").append(" | ").append(Bench.met(met)).append(" |\n");
        }
        if (counting) {
            md.append("\nSDK calls per event in the handler phases, and time spent in them (a global SDK interceptor in the driver): ");
            List<String> parts = new ArrayList<>();
            for (Map<String, Object> m : modes) {
                parts.add(m.get("containers") + " container(s): calls " + m.get("sdk_calls_per_event") + ", ms in each (per event, summed over containers) "
                        + m.get("sdk_ms_per_event") + " of " + m.get("handler_ms_per_event") + " ms per event per container");
            }
            md.append(String.join("; ", parts)).append(".\n");
        }
        json.put("modes", modes);
        Bench.publish("ingest-" + Bench.stamp(), json, md.toString().replace("=", " "));
    }

    private static List<Phase> select(List<Phase> phases, String name) {
        return phases.stream().filter(p -> p.name().equals(name)).toList();
    }
}
