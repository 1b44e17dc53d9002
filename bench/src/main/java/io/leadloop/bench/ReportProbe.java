package io.leadloop.bench;

import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.StageCounts;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.StoreSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * One side of the report comparison, in its own JVM (deployed jar, template flags, bounded heap) so that its peak
 * heap is its own: {@code report} invokes the real {@link ReportHandler} (counters → report → email → SES);
 * {@code naive} computes the same weekly report by scanning every item and counting the week's stages from the
 * leads' {@code reached_*} times and the deals' outcomes, then renders and sends it the same way.
 * Prints one {@code BENCH-RESULT {json}} line.
 */
public final class ReportProbe {

    private static final String[] STAGES = {"lead", "mql", "sql", "opportunity", "customer"};

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Bench.Options o = new Bench.Options(args);
        String mode = o.get("mode", "report");
        int warmup = o.integer("warmup", 3);
        int reps = o.integer("reps", 5);
        Map<String, Object> input = (Map<String, Object>) Json.parse(Files.readString(Path.of(o.get("input", "events/scheduled-report.json"))));
        int[] sent = {0};
        Instant scheduled = OffsetDateTime.parse(input.get("scheduled_time").toString()).toInstant();
        Config config = io.leadloop.lambda.Wiring.environment();
        ZoneId zone = config.zone(StoreSettings.TIMEZONE, "UTC");
        Period period = Period.lastComplete(PeriodKind.WEEK, scheduled, zone);

        Runnable op;
        Runnable warm;
        Naive naive = null;
        if (mode.equals("report")) {
            ReportHandler handler = new ReportHandler();
            op = () -> {
                int n = ColdReport.sent(handler.handleRequest(input, null));
                if (n == 0) throw new IllegalStateException("the report handler sent nothing");
                sent[0] = n;
            };
            warm = op;
        } else {
            naive = new Naive(config, period, zone);
            naive.pageLimit = o.integer("scan-limit", 1000);
            Naive n = naive;
            int maxPages = o.integer("max-pages", Integer.MAX_VALUE);
            op = () -> n.run(maxPages);
            warm = () -> n.run(o.integer("warm-pages", 20));
        }
        for (int i = 0; i < warmup; i++) warm.run();

        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long usedBefore = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long alloc0 = threads.getCurrentThreadAllocatedBytes();
        Map<String, Long> calls0 = CallCounter.snapshot();
        Map<String, Long> ms0 = CallCounter.millis();
        long gc0 = gcCount();
        long gcMs0 = gcMillis();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            op.run();
            times.add((System.nanoTime() - t) / 1e6);
        }
        long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        out.put("period", period.label());
        out.put("times_ms", times.stream().map(d -> Bench.round(d, 1)).toList());
        out.put("median_ms", Bench.round(Bench.median(times), 1));
        out.put("peak_heap_mb", Bench.round(peak / 1048576.0, 1));
        out.put("heap_before_mb", Bench.round(usedBefore / 1048576.0, 1));
        out.put("max_heap_mb", Bench.round(Runtime.getRuntime().maxMemory() / 1048576.0, 0));
        out.put("allocated_mb_per_report", Bench.round(alloc / 1048576.0 / reps, 2));
        out.put("gc_count", gcCount() - gc0);
        Map<String, Object> sdk = new LinkedHashMap<>();
        CallCounter.since(calls0).forEach((operation, n) -> sdk.put(operation, Map.of("calls_per_run", Bench.round((double) n / reps, 1),
                "ms_per_run", Bench.round((double) (CallCounter.millis().getOrDefault(operation, 0L) - ms0.getOrDefault(operation, 0L)) / reps, 1))));
        out.put("sdk_calls", sdk);
        out.put("gc_ms", gcMillis() - gcMs0);
        if (naive != null) {
            out.put("items_scanned_per_report", naive.lastScanned);
            out.put("complete_scan", naive.complete);
        }
        else out.put("reports_per_invocation", sent[0]);
        // The counts each side reports, compared by the parent (not timed).
        if (naive != null) {
            out.put("counts", naive.lastCounts);
        } else {
            FunnelReport r = Wiring.reports(config).build(period);
            out.put("counts", Map.of("current", counts(r.current()), "previous", counts(r.previous())));
        }
        System.out.println("BENCH-RESULT " + Json.compact(out));
        System.out.flush();
        System.exit(0);
    }

    /**
     * events/scheduled-report.json without its audience, plus {@code "resend": true}: every invocation builds and sends
     * both audiences' reports (no "already sent"), the workload the published figures measure.
     */
    @SuppressWarnings("unchecked")
    static Path resendInput(Path dir) throws java.io.IOException {
        Map<String, Object> input = new LinkedHashMap<>((Map<String, Object>) Json.parse(Files.readString(Path.of("events/scheduled-report.json"))));
        input.remove("audience");
        input.remove("schedule");
        input.put("resend", true);
        Path file = dir.resolve("scheduled-report-resend.json");
        Files.createDirectories(dir);
        Files.writeString(file, Json.compact(input));
        return file;
    }

    private static Map<String, Object> counts(StageCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leads", c.leads());
        m.put("mqls", c.mqls());
        m.put("sqls", c.sqls());
        m.put("opportunities", c.opportunities());
        m.put("customers", c.customers());
        m.put("won", c.won());
        m.put("lost", c.lost());
        m.put("won_value", c.wonValue().stripTrailingZeros().toPlainString());
        return m;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /**
     * The report without counters: one full table scan, counting the week's and the previous week's stages from
     * every lead's {@code reached_*} times and the closed deals' outcomes, then the three headline ratios, sent as
     * an email through the same SES client. (The real report also reads trailing periods and breakdowns; a scan-based
     * version of those would only cost more, so the comparison is conservative.)
     */
    static final class Naive {
        private final DynamoDbClient dynamo;
        private final String table;
        private final Period period;
        private final Period previous;
        private final ZoneId zone;
        private final SesV2Client ses;
        private final String sender;
        private final List<String> recipients;
        long lastScanned;
        boolean complete;
        Map<String, Object> lastCounts;
        /**
         * Items per Scan page. Without a Limit, DynamoDB Local appears to read the rest of the table for every 1 MB
         * page (pages got cheaper towards the end of the table; a 115k-item scan took 107 s, against 14 s with a
         * Limit of 1,000). DynamoDB has no such cost, so the naive scan pages by 1,000 items, which costs nothing
         * extra on either engine.
         */
        int pageLimit = 1000;

        Naive(Config config, Period period, ZoneId zone) {
            this.dynamo = AwsClients.dynamoDb(config);
            this.table = config.required(StoreSettings.TABLE, "the table");
            this.period = period;
            this.previous = period.previous();
            this.zone = zone;
            this.ses = AwsClients.ses(config);
            this.sender = config.required(ReportSettings.SENDER, "sender");
            this.recipients = config.list(ReportSettings.RECIPIENTS);
        }

        void run(int maxPages) {
            Map<String, BigDecimal> now = new HashMap<>();
            Map<String, BigDecimal> before = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            names.put("#pk", "PK");
            names.put("#o", "outcome");
            names.put("#c", "closed_at");
            names.put("#a", "amount");
            StringBuilder projection = new StringBuilder("#pk, #o, #c, #a");
            for (int i = 0; i < STAGES.length; i++) {
                names.put("#s" + i, "reached_" + STAGES[i]);
                projection.append(", #s").append(i);
            }
            Map<String, AttributeValue> startKey = null;
            long scanned = 0;
            int pages = 0;
            do {
                ScanRequest.Builder request = ScanRequest.builder().tableName(table).limit(pageLimit)
                        .projectionExpression(projection.toString()).expressionAttributeNames(names);
                if (startKey != null) request.exclusiveStartKey(startKey);
                ScanResponse page = dynamo.scan(request.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    scanned++;
                    String pk = item.get("PK").s();
                    if (pk.startsWith("LEAD#")) {
                        for (String stage : STAGES) {
                            LocalDate day = day(item.get("reached_" + stage));
                            if (day != null) count(day, stage, BigDecimal.ONE, now, before);
                        }
                    } else if (pk.startsWith("DEAL#")) {
                        AttributeValue outcome = item.get("outcome");
                        LocalDate day = day(item.get("closed_at"));
                        if (outcome == null || day == null) continue;
                        if (outcome.s().equals("WON")) {
                            count(day, "won", BigDecimal.ONE, now, before);
                            AttributeValue amount = item.get("amount");
                            if (amount != null) count(day, "won_value", new BigDecimal(amount.n()), now, before);
                        } else if (outcome.s().equals("LOST")) {
                            count(day, "lost", BigDecimal.ONE, now, before);
                        }
                    }
                }
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                pages++;
            } while (startKey != null && pages < maxPages);
            lastScanned = scanned;
            complete = startKey == null;
            lastCounts = Map.of("current", counts(now), "previous", counts(before));
            StringBuilder text = new StringBuilder("Funnel report " + period.label() + " (naive scan)\n");
            text.append(ratio("Leads-to-Close", now.get("won"), now.get("lead"), before.get("won"), before.get("lead")));
            text.append(ratio("MQL-to-SQL", now.get("sql"), now.get("mql"), before.get("sql"), before.get("mql")));
            BigDecimal closedNow = value(now.get("won")).add(value(now.get("lost")));
            BigDecimal closedBefore = value(before.get("won")).add(value(before.get("lost")));
            text.append(ratio("Close Rate", now.get("won"), closedNow, before.get("won"), closedBefore));
            String body = text.toString();
            String subject = "leadloop " + period.label() + " (naive)";
            ses.sendEmail(r -> r.fromEmailAddress(sender).destination(d -> d.toAddresses(recipients))
                    .content(c -> c.simple(m -> m.subject(x -> x.data(subject).charset("UTF-8"))
                            .body(b -> b.html(h -> h.data("<pre>" + body + "</pre>").charset("UTF-8"))
                                    .text(t -> t.data(body).charset("UTF-8"))))));
        }

        private static String ratio(String label, BigDecimal num, BigDecimal den, BigDecimal prevNum, BigDecimal prevDen) {
            return label + ": " + percent(num, den) + " (" + value(num) + " / " + value(den) + "), previous " + percent(prevNum, prevDen) + "\n";
        }

        private static String percent(BigDecimal num, BigDecimal den) {
            if (den == null || den.signum() == 0) return "n/a";
            return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * value(num).doubleValue() / den.doubleValue());
        }

        private static BigDecimal value(BigDecimal v) {
            return v == null ? BigDecimal.ZERO : v;
        }

        private static Map<String, Object> counts(Map<String, BigDecimal> c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("leads", value(c.get("lead")).longValue());
            m.put("mqls", value(c.get("mql")).longValue());
            m.put("sqls", value(c.get("sql")).longValue());
            m.put("opportunities", value(c.get("opportunity")).longValue());
            m.put("customers", value(c.get("customer")).longValue());
            m.put("won", value(c.get("won")).longValue());
            m.put("lost", value(c.get("lost")).longValue());
            m.put("won_value", value(c.get("won_value")).stripTrailingZeros().toPlainString());
            return m;
        }

        private void count(LocalDate day, String name, BigDecimal amount, Map<String, BigDecimal> now, Map<String, BigDecimal> before) {
            if (period.contains(day)) now.merge(name, amount, BigDecimal::add);
            else if (previous.contains(day)) before.merge(name, amount, BigDecimal::add);
        }

        private LocalDate day(AttributeValue value) {
            return value == null || value.s() == null ? null : LocalDate.ofInstant(Instant.parse(value.s()), zone);
        }
    }
}
