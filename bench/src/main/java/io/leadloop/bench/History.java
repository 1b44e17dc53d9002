package io.leadloop.bench;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.StandardWebhooks;
import io.leadloop.json.Json;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoEventLedger;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads a long history fast, in exactly the shapes the store writes, without the webhook's per-event round trips:
 * lead lifecycles ({@link Leads}) are mapped by the real {@link GenericAdapter} and applied by the real
 * {@link DynamoEventLedger#apply} (built by Wiring, with each event applied "at" the time it occurred) against a
 * {@link CapturingDynamo} that keeps the writes in memory; the captured items are then bulk-loaded with
 * BatchWriteItem, and the daily counter shards (ADD updates, summed in memory) are written once per tier. The table
 * then holds what ingesting every event once would have produced, minus the raw deliveries and, unless
 * {@code --with-markers}, the applied-event markers (neither is read by the report; leaving them out only makes
 * the naive scan cheaper, so the comparison stays conservative), and minus the items whose TTL ({@code expires_at})
 * had passed at the report's time: DynamoDB deletes those (usually within days), DynamoDB Local never does.
 * {@code --keep-expired} keeps them, which is what a table looks like in AWS while TTL deletion lags.
 */
final class History {

    private final DynamoDbClient[] writers;
    private final String table;
    private final Config config;
    private final GenericAdapter adapter;
    private final String secret;
    private final long signedAt;
    private final boolean withMarkers;
    private final boolean keepExpired;
    /** Items left out because their TTL (expires_at) had passed at the report's time. */
    final AtomicLong expired = new AtomicLong();
    /** Counter items over the whole load: "PK|SK" → key and sums (from every producer's capture). */
    private final Map<String, Map<String, AttributeValue>> counterKeys = new HashMap<>();
    private final Map<String, Map<String, BigDecimal>> counterSums = new HashMap<>();
    private final AtomicLong itemsWritten = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong generateNanos = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    private long counterRewrites;
    private long counterWrittenBefore;
    volatile String sampleLeadId;

    History(Supplier<DynamoDbClient> clients, int writerCount, Config config, String secret, boolean withMarkers,
            boolean keepExpired) {
        this.writers = new DynamoDbClient[writerCount];
        for (int i = 0; i < writerCount; i++) writers[i] = clients.get();
        this.config = config;
        this.table = config.required(StoreSettings.TABLE, "the table");
        this.secret = secret;
        this.withMarkers = withMarkers;
        this.keepExpired = keepExpired;
        this.signedAt = Instant.now().getEpochSecond();
        this.adapter = new GenericAdapter(List.of(secret), Clock.fixed(Instant.ofEpochSecond(signedAt), ZoneOffset.UTC));
    }

    /** A clock that reads the time the current thread's event is being applied at. */
    private static final class EventClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * Adds leads [from, to) of the history, then rewrites every counter item. Returns items written. Generation runs
     * on {@code producers} threads (blocks of 1,000 leads, each thread with its own ledger and capture, merged at
     * the end), writing on the writer threads.
     */
    long load(String prefix, long from, long to, Instant start, Instant until, long seed, int producers) throws Exception {
        long progressEvery = to - from >= 200_000 ? 100_000 : 10_000;
        long before = itemsWritten.get();
        BlockingQueue<List<WriteRequest>> queue = new ArrayBlockingQueue<>(writers.length * 8);
        List<WriteRequest> poison = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers.length + producers);
        List<Future<?>> writing = new ArrayList<>();
        for (DynamoDbClient client : writers) {
            writing.add(pool.submit(() -> {
                for (List<WriteRequest> batch; (batch = queue.take()) != poison; ) write(client, batch);
                return null;
            }));
        }
        try {
            AtomicLong nextBlock = new AtomicLong(from);
            AtomicLong generated = new AtomicLong();
            long t0 = System.nanoTime();
            List<Future<CapturingDynamo>> producing = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                producing.add(pool.submit(() -> {
                    CapturingDynamo capture = new CapturingDynamo();
                    EventClock clock = new EventClock();
                    DynamoEventLedger ledger = Wiring.ledger(config, capture, clock);
                    List<WriteRequest> pending = new ArrayList<>(25);
                    List<Map<String, Object>> chunk = new ArrayList<>(500);
                    for (long block; (block = nextBlock.getAndAdd(1_000)) < to; ) {
                        long end = Math.min(to, block + 1_000);
                        for (long i = block; i < end; i++) {
                            chunk.addAll(Leads.lifecycle(prefix, i, start, until, seed));
                            if (chunk.size() >= 400 || i == end - 1) {
                                long g = System.nanoTime();
                                apply(chunk, ledger, clock);
                                generateNanos.addAndGet(System.nanoTime() - g);
                                for (Map<String, AttributeValue> item : capture.puts.values()) {
                                    if (!withMarkers && item.get("PK").s().startsWith("EVENT#")) continue;
                                    AttributeValue expires = item.get("expires_at");
                                    if (expires != null && Long.parseLong(expires.n()) < until.getEpochSecond()) {
                                        expired.incrementAndGet();
                                        if (!keepExpired) continue;
                                    }
                                    if (item.get("PK").s().startsWith("LEAD#")) sampleLeadId = item.get("PK").s().substring(5);
                                    pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                                    if (pending.size() == 25) {
                                        put(queue, pending, writing);
                                        pending = new ArrayList<>(25);
                                    }
                                }
                                capture.puts.clear();
                                chunk.clear();
                            }
                            long n = generated.incrementAndGet();
                            if (n % progressEvery == 0) {
                                Bench.log("  %,d leads generated, %,d items written, %.0f leads/s (ledger.apply %.0f s on %d thread(s), writers busy %.0f s)",
                                        from + n, itemsWritten.get(), n / ((System.nanoTime() - t0) / 1e9), generateNanos.get() / 1e9,
                                        producers, writeNanos.get() / 1e9);
                            }
                        }
                    }
                    if (!pending.isEmpty()) put(queue, pending, writing);
                    return capture;
                }));
            }
            for (Future<CapturingDynamo> f : producing) {
                CapturingDynamo capture = f.get();
                capture.sums.forEach((id, sums) -> {
                    counterKeys.putIfAbsent(id, capture.sumKeys.get(id));
                    Map<String, BigDecimal> into = counterSums.computeIfAbsent(id, k -> new HashMap<>());
                    sums.forEach((name, value) -> into.merge(name, value, BigDecimal::add));
                });
            }
            // Counter items hold the sums over all leads so far: rewrite them all.
            counterRewrites += counterWrittenBefore;
            counterWrittenBefore = counterSums.size();
            List<WriteRequest> pending = new ArrayList<>(25);
            for (String id : counterSums.keySet()) {
                Map<String, AttributeValue> item = new HashMap<>(counterKeys.get(id));
                counterSums.get(id).forEach((name, value) -> {
                    if (value.signum() != 0) item.put(name, AttributeValue.fromN(value.toPlainString()));
                });
                pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (pending.size() == 25) {
                    put(queue, pending, writing);
                    pending = new ArrayList<>(25);
                }
            }
            if (!pending.isEmpty()) put(queue, pending, writing);
            for (int w = 0; w < writers.length; w++) queue.put(poison);
            for (Future<?> f : writing) f.get();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return itemsWritten.get() - before;
    }

    private static void put(BlockingQueue<List<WriteRequest>> queue, List<WriteRequest> batch, List<Future<?>> writers) throws Exception {
        while (!queue.offer(batch, 1, TimeUnit.SECONDS)) {
            for (Future<?> f : writers) if (f.isDone()) f.get(); // surfaces a writer's failure instead of waiting forever
        }
    }

    private void write(DynamoDbClient client, List<WriteRequest> batch) {
        long t = System.nanoTime();
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
            pending = response.unprocessedItems();
        }
        itemsWritten.addAndGet(batch.size());
        writeNanos.addAndGet(System.nanoTime() - t);
    }

    /** Maps one chunk of whole lead lifecycles with the real adapter and applies it with the real ledger. */
    private void apply(List<Map<String, Object>> chunk, DynamoEventLedger ledger, EventClock clock) {
        byte[] body = Json.compact(Map.of("events", chunk)).getBytes(StandardCharsets.UTF_8);
        String id = "msg_history_" + chunk.get(0).get("id");
        Map<String, String> headers = Map.of("content-type", "application/json", "webhook-id", id,
                "webhook-timestamp", Long.toString(signedAt), "webhook-signature", StandardWebhooks.sign(secret, id, signedAt, body));
        Batch batch;
        try {
            batch = adapter.read(new WebhookRequest("POST", "bench", "/webhooks/generic", "", headers, body));
        } catch (WebhookRejected e) {
            throw new IllegalStateException("the generic adapter rejected generated events: " + e.problem(), e);
        }
        for (FunnelEvent event : batch.events()) {
            clock.now = event.occurredAt().plusSeconds(5);
            ledger.apply(event, "generic#" + id);
            events.incrementAndGet();
        }
    }

    long itemsWrittenTotal() {
        return itemsWritten.get();
    }

    /** Items in the table now: every item written once, counter items once however often they were rewritten. */
    long itemsInTable() {
        return itemsWritten.get() - counterRewrites;
    }

    int counterItemCount() {
        return counterSums.size();
    }

    long counterAttributeCount() {
        return counterSums.values().stream().mapToLong(Map::size).sum();
    }
}
