package io.leadloop.bench;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.TableSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold start of each handler in a fresh JVM, from process start to the first event stored in DynamoDB Local
 * (webhook) or the first report accepted by the SES emulator (report), against a bare program that only builds
 * an SDK client and does one PutItem. Every launch is a separate process; runs are interleaved (round-robin over
 * programs and JVM variants, rotating the order each round) so that machine noise hits all of them alike.
 *
 * <p>Variants: {@code template} = JAVA_TOOL_OPTIONS exactly as template.yaml deploys them; {@code cds} = the same
 * plus an AppCDS archive per program (-XX:SharedArchiveFile, made by one training run with
 * -XX:ArchiveClassesAtExit); {@code default} = no JVM flags at all.
 *
 * <p>Each program also has a {@code -primed} twin ({@link SnapStartProxy}): the SnapStart hooks run between
 * construction and the first invocation, which is then timed on its own. That first invocation (plus the restore
 * hook) is what a restored SnapStart container still pays besides the restore itself; SnapStart cannot run here.
 */
public final class ColdStartBench {

    /**
     * {@code ingest-1}: a delivery holding only the sample's first event (the first handled event stored);
     * {@code ingest}: the whole events/generic-webhook.json delivery (14 events, as a CRM sends them).
     */
    static final List<String> PROGRAMS = List.of("baseline", "ingest-1", "ingest", "report");
    static final String PRIMED = "-primed";
    static final Map<String, String> MAIN_CLASS = Map.of(
            "baseline", BareSdkPut.class.getName(),
            "ingest-1", ColdIngest.class.getName(),
            "ingest", ColdIngest.class.getName(),
            "report", ColdReport.class.getName());
    static final java.util.regex.Pattern CLASS_LOAD = java.util.regex.Pattern.compile("\\[class,load\\s*\\]");
    static final double INGEST_TARGET = 1.3;
    static final double REPORT_TARGET = 1.5;

    /** One launch: times in ms from the parent's process start; the hooks' times are 0 unless primed. */
    record Run(String program, String variant, int round, double totalMs, double toMainMs, double initMs,
               double checkpointHookMs, double restoreHookMs, double invokeMs, double exitMs, int status, List<String> classLoads) {}

    private final Map<String, String> engines;
    private final Path work = Bench.OUT.resolve("coldstart");
    private final String table = "bench_cold";
    private final String toolOptions = Bench.templateToolOptions();
    private final String sample;
    private final Path reportInput;
    private final String recipient = "bench-cold-" + System.currentTimeMillis() + "@example.com";
    private final DynamoDbClient dynamo;
    private int launches;
    private int reportsSent;
    boolean inlineSecret;

    ColdStartBench(Map<String, String> engines) throws IOException {
        this.engines = engines;
        this.sample = Files.readString(Path.of("events/generic-webhook.json"));
        this.dynamo = AwsClients.dynamoDb(Bench.config(engines));
        Files.createDirectories(work);
        this.reportInput = ReportProbe.resendInput(work);
        TableSetup.createIfMissing(dynamo, table);
    }

    public static void main(String[] args) throws Exception {
        Bench.Options options = new Bench.Options(args);
        ColdStartBench bench = new ColdStartBench(Bench.engines(options));
        bench.inlineSecret = options.get("secret", "ssm").equals("inline");
        if (options.flag("classes-only")) {
            Bench.publish("classes-" + Bench.stamp(), Map.of("classes", bench.classCounts(List.of("template", "cds"))),
                    bench.classMarkdown(bench.classCounts(List.of("template", "cds"))));
            return;
        }
        bench.run(options.integer("runs", options.flag("quick") ? 3 : 7), options.list("variants", "default,template,cds"),
                !options.get("primed", "yes").equals("no"));
    }

    // ---- one launch ---------------------------------------------------------------------------------------------

    List<String> jvmFlags(String program, String variant, String extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Bench.java());
        if (variant.equals("cds")) {
            cmd.add("-XX:SharedArchiveFile=" + archive(unprimed(program)));
            cmd.add("-Xshare:on"); // fail loudly rather than silently measure without the archive
        }
        if (extra != null) cmd.add(extra);
        cmd.add("-cp");
        cmd.add(Bench.deployedClasspath());
        cmd.add(MAIN_CLASS.get(unprimed(program)));
        return cmd;
    }

    static String unprimed(String program) {
        return program.endsWith(PRIMED) ? program.substring(0, program.length() - PRIMED.length()) : program;
    }

    Path archive(String program) {
        return work.resolve(program + ".jsa");
    }

    /**
     * The function's environment as template.yaml sets it, pointed at the local engines: the webhook secret comes
     * from (fake) SSM through LEADLOOP_GENERIC_SECRET_PARAM as deployed (--secret inline passes it directly), and
     * the role's credentials are in AWS_ACCESS_KEY_ID/… as Lambda provides them (dummy values).
     */
    Map<String, String> env(String variant) {
        Map<String, String> env = new LinkedHashMap<>(engines);
        env.put(StoreSettings.TABLE, table);
        env.put(StoreSettings.TIMEZONE, "UTC");
        if (inlineSecret || !engines.containsKey("AWS_ENDPOINT_URL_SSM")) {
            env.put(GenericAdapter.SECRET, BenchSecrets.GENERIC);
        } else {
            env.put(GenericAdapter.SECRET + "_PARAM", "/leadloop/generic-webhook-secret");
        }
        env.put("AWS_ACCESS_KEY_ID", BenchSecrets.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", BenchSecrets.SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", BenchSecrets.SESSION_TOKEN);
        env.put(ReportSettings.SENDER, "leadloop@example.com");
        env.put(ReportSettings.RECIPIENTS, recipient);
        if (!variant.equals("default")) env.put("JAVA_TOOL_OPTIONS", toolOptions);
        return Bench.childEnv(env);
    }

    Run launch(String program, String variant, int round, String extraFlag) throws Exception {
        int n = ++launches;
        String runId = "r" + System.currentTimeMillis() + "x" + n;
        List<String> cmd = jvmFlags(program, variant, extraFlag);
        switch (unprimed(program)) {
            case "baseline" -> cmd.add(runId);
            case "ingest", "ingest-1" -> {
                Path event = work.resolve("event-" + n + ".json");
                Files.writeString(event, ApiEvents.resignedSample(sample, runId, BenchSecrets.GENERIC, unprimed(program).equals("ingest-1")));
                cmd.add(event.toString());
            }
            case "report" -> cmd.add(reportInput.toString());
            default -> throw new IllegalArgumentException(program);
        }
        if (program.endsWith(PRIMED)) cmd.add("primed");
        Map<String, String> env = env(variant);
        Path stderr = work.resolve("child-stderr.log");
        long t0 = System.nanoTime();
        Process p = Bench.start(cmd, env, stderr);
        List<String> classLoads = new ArrayList<>();
        String done = null;
        long t1 = 0;
        try (BufferedReader out = Bench.stdout(p)) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("BENCH-DONE")) {
                    t1 = System.nanoTime();
                    done = line;
                    break;
                }
                if (CLASS_LOAD.matcher(line).find()) classLoads.add(line);
                if (line.startsWith("BENCH-BODY")) System.err.println(line);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " did not exit within 60 s");
            }
        }
        long t2 = System.nanoTime();
        if ((done == null || p.exitValue() != 0) && program.startsWith("ingest") && !inlineSecret
                && Files.readString(stderr).contains("could not read SSM parameter")) {
            // A jar older than ParameterStore's AWS_ENDPOINT_URL_SSM override cannot reach the fake SSM.
            Bench.log("WARNING: this build cannot read its secret from the fake SSM; measuring with the secret inline");
            inlineSecret = true;
            return launch(program, variant, round, extraFlag);
        }
        if (done == null || p.exitValue() != 0) {
            throw new IllegalStateException(program + " (" + variant + ") failed with exit " + p.exitValue()
                    + "; see " + stderr + (done == null ? "" : "; last line " + done));
        }
        Map<String, Long> stamps = new TreeMap<>();
        int status = 0;
        for (String part : done.split(" ")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String key = part.substring(0, eq);
            if (key.equals("status")) status = Integer.parseInt(part.substring(eq + 1));
            else if (key.equals("sent")) reportsSent += Integer.parseInt(part.substring(eq + 1));
            else stamps.put(key, Long.parseLong(part.substring(eq + 1)));
        }
        if (program.startsWith("ingest")) verifyStored(runId);
        return new Run(program, variant, round, ms(t1 - t0), ms(stamps.get("main") - t0), ms(stamps.get("init") - stamps.get("main")),
                ms(stamps.get("primed") - stamps.get("init")), ms(stamps.get("restored") - stamps.get("primed")),
                ms(stamps.get("done") - stamps.get("restored")), ms(t2 - t1), status, classLoads);
    }

    private void verifyStored(String runId) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("EVENT#generic:" + runId + "-evt-1001"), "SK", AttributeValue.fromS("APPLIED"))));
        if (!item.hasItem() || item.item().isEmpty()) {
            throw new IllegalStateException("cold ingest run " + runId + " answered 200 but its first event is not in DynamoDB");
        }
    }

    @SuppressWarnings("unchecked")
    private int emailsToRecipient() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(engines.get("LEADLOOP_SES_ENDPOINT") + "/store")).build(), HttpResponse.BodyHandlers.ofString());
        List<Map<String, Object>> emails = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.body())).get("emails");
        int n = 0;
        for (Map<String, Object> e : emails) {
            Object to = ((Map<String, Object>) e.get("destination")).get("to");
            if (to instanceof List<?> l && l.contains(recipient)) n++;
        }
        return n;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // ---- the benchmark ------------------------------------------------------------------------------------------

    void train() throws Exception {
        for (String program : PROGRAMS) {
            Files.deleteIfExists(archive(program));
            launch(program, "template", -1, "-XX:ArchiveClassesAtExit=" + archive(program));
            if (!Files.exists(archive(program))) throw new IllegalStateException("no CDS archive was written for " + program);
            Bench.log("AppCDS archive %s: %d KB", archive(program), Files.size(archive(program)) / 1024);
        }
    }

    void run(int runs, List<String> variants, boolean withPrimed) throws Exception {
        List<String> programs = new ArrayList<>(PROGRAMS);
        if (withPrimed) PROGRAMS.forEach(p -> programs.add(p + PRIMED));
        Bench.log("cold start: %d runs x %s x %s, JAVA_TOOL_OPTIONS from template.yaml: %s", runs, variants, programs, toolOptions);
        Map<String, Object> machine = Bench.machine();
        if (variants.contains("cds")) train();
        // One untimed launch of each, so that the OS file cache holds the jars for every measured run alike.
        for (String program : programs) launch(program, "template", -1, null);

        List<Run> runsList = new ArrayList<>();
        for (int round = 0; round < runs; round++) {
            for (int v = 0; v < variants.size(); v++) {
                for (int i = 0; i < programs.size(); i++) {
                    String program = programs.get((i + round + v) % programs.size());
                    String variant = variants.get((v + round) % variants.size());
                    Run r = launch(program, variant, round, null);
                    runsList.add(r);
                    Bench.log("round %d %-8s %-15s total %6.0f ms (jvm->main %4.0f, init %4.0f, hooks %4.0f + %4.0f, first invoke %4.0f)",
                            round, variant, program, r.totalMs(), r.toMainMs(), r.initMs(), r.checkpointHookMs(), r.restoreHookMs(), r.invokeMs());
                }
            }
        }
        int received = emailsToRecipient();
        Bench.log("SES emulator holds %d report emails for %s; the report launches said they sent %d", received, recipient, reportsSent);
        if (received != reportsSent) throw new IllegalStateException("the SES emulator did not receive every report");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("build", Bench.build());
        json.put("java_tool_options", toolOptions);
        json.put("webhook_secret", inlineSecret ? "inline" : "ssm");
        json.put("runs_per_cell", runs);
        json.put("report_emails_received", received);
        List<Map<String, Object>> cells = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("### Cold start (fresh JVM, process start → first event stored / first report sent)\n\n");
        md.append("JAVA_TOOL_OPTIONS (template.yaml): `").append(toolOptions).append("`; webhook secret ")
                .append(inlineSecret ? "inline" : "read from (fake) SSM at init, as deployed").append("; ").append(runs)
                .append(" interleaved runs per cell; machine: ").append(machine).append("; build: ").append(Bench.build()).append("\n\n");
        md.append("| variant | program | median ms | min–max ms | JVM→main | init (constructor) | first invocation | ratio vs baseline (medians) | median of paired ratios | ratio of minima | target | |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (String variant : variants) {
            double base = Bench.median(totals(runsList, "baseline", variant));
            for (String program : PROGRAMS) {
                List<Double> totals = totals(runsList, program, variant);
                double median = Bench.median(totals);
                List<Double> paired = new ArrayList<>();
                for (int round = 0; round < runs; round++) {
                    final int rd = round;
                    double b = runsList.stream().filter(r -> r.round() == rd && r.variant().equals(variant) && r.program().equals("baseline"))
                            .mapToDouble(Run::totalMs).findFirst().orElse(Double.NaN);
                    double x = runsList.stream().filter(r -> r.round() == rd && r.variant().equals(variant) && r.program().equals(program))
                            .mapToDouble(Run::totalMs).findFirst().orElse(Double.NaN);
                    paired.add(x / b);
                }
                double ratio = median / base;
                double target = program.startsWith("ingest") ? INGEST_TARGET : program.equals("report") ? REPORT_TARGET : Double.NaN;
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("variant", variant);
                cell.put("program", program);
                cell.put("runs_ms", totals.stream().map(d -> Bench.round(d, 1)).toList());
                cell.put("median_ms", Bench.round(median, 1));
                cell.put("median_to_main_ms", Bench.round(Bench.median(field(runsList, program, variant, Run::toMainMs)), 1));
                cell.put("median_init_ms", Bench.round(Bench.median(field(runsList, program, variant, Run::initMs)), 1));
                cell.put("median_first_invoke_ms", Bench.round(Bench.median(field(runsList, program, variant, Run::invokeMs)), 1));
                cell.put("ratio_vs_baseline", Bench.round(ratio, 3));
                cell.put("median_paired_ratio", Bench.round(Bench.median(paired), 3));
                cell.put("ratio_of_minima", Bench.round(Bench.min(totals) / Bench.min(totals(runsList, "baseline", variant)), 3));
                if (!Double.isNaN(target)) {
                    cell.put("target_ratio", target);
                    cell.put("target_met", ratio <= target);
                }
                cells.add(cell);
                md.append("| ").append(variant).append(" | ").append(program).append(" | ").append(Bench.f0(median))
                        .append(" | ").append(Bench.f0(Bench.min(totals))).append("–").append(Bench.f0(Bench.max(totals)))
                        .append(" | ").append(Bench.f0((Double) cell.get("median_to_main_ms")))
                        .append(" | ").append(Bench.f0((Double) cell.get("median_init_ms")))
                        .append(" | ").append(Bench.f0((Double) cell.get("median_first_invoke_ms")))
                        .append(" | ").append(program.equals("baseline") ? "1.00" : Bench.f2(ratio))
                        .append(" | ").append(program.equals("baseline") ? "1.00" : Bench.f2(Bench.median(paired)))
                        .append(" | ").append(program.equals("baseline") ? "1.00" : Bench.f2(Bench.min(totals) / Bench.min(totals(runsList, "baseline", variant))))
                        .append(" | ").append(Double.isNaN(target) ? "—" : "≤ " + target + "×")
                        .append(" | ").append(Double.isNaN(target) ? "" : (variant.equals("template") ? Bench.met(ratio <= target) : (ratio <= target ? "met" : "missed")))
                        .append(" |\n");
            }
        }
        if (variants.contains("cds") && variants.contains("template")) {
            md.append("\nAppCDS as a lever (same program, `cds` median ÷ `template` median): ");
            List<String> parts = new ArrayList<>();
            Map<String, Object> lever = new LinkedHashMap<>();
            for (String program : PROGRAMS) {
                double r = Bench.median(totals(runsList, program, "cds")) / Bench.median(totals(runsList, program, "template"));
                double rMin = Bench.min(totals(runsList, program, "cds")) / Bench.min(totals(runsList, program, "template"));
                lever.put(program, Map.of("medians", Bench.round(r, 3), "minima", Bench.round(rMin, 3)));
                parts.add(program + " " + Bench.f2(r) + "× (minima " + Bench.f2(rMin) + "×)");
            }
            json.put("cds_over_template", lever);
            md.append(String.join(", ", parts)).append(".\n");
        }
        json.put("cells", cells);
        if (withPrimed) json.put("snapstart_proxy", primedMarkdown(runsList, variants, runs, md));
        Bench.publish("coldstart-" + Bench.stamp(), json, md.toString());
    }

    /**
     * The SnapStart proxy table: per program, the first invocation unprimed and primed (plus the restore hook, which
     * a restored container also pays), side by side, and against the bare program's first PutItem, unprimed and
     * primed. Totals from process start are not compared here: a primed launch also spends the snapshot hook.
     */
    private static List<Map<String, Object>> primedMarkdown(List<Run> runs, List<String> variants, int rounds, StringBuilder md) {
        md.append("\n### SnapStart proxy: the first invocation after the hooks (same launches' rounds)\n\n")
                .append("`after restore` = restore hook + first invocation, what a restored container pays besides the restore. ")
                .append("Ratios are of medians; in brackets, the median of per-round ratios.\n\n")
                .append("| variant | program | first invocation, unprimed | snapshot hook (not paid on restore) | restore hook | first invocation, primed | after restore | primed ÷ unprimed | after restore ÷ baseline's first put | after restore ÷ baseline's primed put |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String variant : variants) {
            double basePut = Bench.median(field(runs, "baseline", variant, Run::invokeMs));
            double basePrimedPut = Bench.median(field(runs, "baseline" + PRIMED, variant, Run::invokeMs));
            for (String program : PROGRAMS) {
                String primed = program + PRIMED;
                double unprimedInvoke = Bench.median(field(runs, program, variant, Run::invokeMs));
                double checkpointHook = Bench.median(field(runs, primed, variant, Run::checkpointHookMs));
                double restoreHook = Bench.median(field(runs, primed, variant, Run::restoreHookMs));
                double primedInvoke = Bench.median(field(runs, primed, variant, Run::invokeMs));
                double afterRestore = Bench.median(field(runs, primed, variant, r -> r.restoreHookMs() + r.invokeMs()));
                List<Double> pairedPrimed = new ArrayList<>();
                List<Double> pairedBase = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    Run u = find(runs, program, variant, round);
                    Run p = find(runs, primed, variant, round);
                    Run b = find(runs, "baseline", variant, round);
                    pairedPrimed.add(p.invokeMs() / u.invokeMs());
                    pairedBase.add((p.restoreHookMs() + p.invokeMs()) / b.invokeMs());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("variant", variant);
                row.put("program", program);
                row.put("median_first_invoke_unprimed_ms", Bench.round(unprimedInvoke, 1));
                row.put("median_checkpoint_hook_ms", Bench.round(checkpointHook, 1));
                row.put("median_restore_hook_ms", Bench.round(restoreHook, 1));
                row.put("median_first_invoke_primed_ms", Bench.round(primedInvoke, 1));
                row.put("median_after_restore_ms", Bench.round(afterRestore, 1));
                row.put("primed_over_unprimed", Bench.round(primedInvoke / unprimedInvoke, 3));
                row.put("median_paired_primed_over_unprimed", Bench.round(Bench.median(pairedPrimed), 3));
                row.put("after_restore_over_baseline_put", Bench.round(afterRestore / basePut, 3));
                row.put("median_paired_after_restore_over_baseline_put", Bench.round(Bench.median(pairedBase), 3));
                row.put("after_restore_over_baseline_primed_put", Bench.round(afterRestore / basePrimedPut, 3));
                out.add(row);
                md.append("| ").append(variant).append(" | ").append(program)
                        .append(" | ").append(Bench.f0(unprimedInvoke))
                        .append(" | ").append(Bench.f0(checkpointHook))
                        .append(" | ").append(Bench.f0(restoreHook))
                        .append(" | ").append(Bench.f0(primedInvoke))
                        .append(" | ").append(Bench.f0(afterRestore))
                        .append(" | ").append(Bench.f2(primedInvoke / unprimedInvoke)).append(" (").append(Bench.f2(Bench.median(pairedPrimed))).append(")")
                        .append(" | ").append(Bench.f2(afterRestore / basePut)).append(" (").append(Bench.f2(Bench.median(pairedBase))).append(")")
                        .append(" | ").append(Bench.f2(afterRestore / basePrimedPut))
                        .append(" |\n");
            }
        }
        return out;
    }

    private static Run find(List<Run> runs, String program, String variant, int round) {
        return runs.stream().filter(r -> r.round() == round && r.variant().equals(variant) && r.program().equals(program))
                .findFirst().orElseThrow();
    }

    private static List<Double> totals(List<Run> runs, String program, String variant) {
        return field(runs, program, variant, Run::totalMs);
    }

    private static List<Double> field(List<Run> runs, String program, String variant, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().filter(r -> r.program().equals(program) && r.variant().equals(variant)).map(r -> f.applyAsDouble(r)).toList();
    }

    // ---- classes loaded at first invocation ---------------------------------------------------------------------

    /** Classes loaded up to the end of the first invocation (-Xlog:class+load lines before BENCH-DONE), by origin. */
    List<Map<String, Object>> classCounts(List<String> variants) throws Exception {
        if (variants.contains("cds")) {
            long jars = Math.max(Files.getLastModifiedTime(Path.of(Bench.benchJar())).toMillis(),
                    Files.getLastModifiedTime(Path.of(Bench.lambdaJar())).toMillis());
            for (String program : PROGRAMS) {
                if (!Files.exists(archive(program)) || Files.getLastModifiedTime(archive(program)).toMillis() < jars) {
                    train();
                    break;
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String variant : variants) {
            for (String program : PROGRAMS) {
                Run r = launch(program, variant, -1, "-Xlog:class+load=info");
                Map<String, Integer> bySource = new TreeMap<>();
                Map<String, Integer> byOwner = new TreeMap<>();
                for (String line : r.classLoads()) {
                    String source = line.contains("source: shared objects file") ? "CDS archive"
                            : line.contains("source: jrt:/") ? "JDK modules (jrt)"
                            : line.contains(".jar") ? "application jar" : "other (generated/lambda forms)";
                    bySource.merge(source, 1, Integer::sum);
                    String name = line.replaceFirst("^.*\\[class,load\\s*\\]\\s+", "").split(" ")[0];
                    byOwner.merge(owner(name), 1, Integer::sum);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("variant", variant);
                row.put("program", program);
                row.put("classes_loaded", r.classLoads().size());
                row.put("by_source", bySource);
                row.put("by_owner", byOwner);
                out.add(row);
                Bench.log("classes loaded by first invocation: %-8s %-8s %d %s", variant, program, r.classLoads().size(), bySource);
            }
        }
        return out;
    }

    private static String owner(String className) {
        String[][] owners = {
                {"io.leadloop.bench.", "bench harness"},
                {"io.leadloop.", "leadloop"},
                {"software.amazon.awssdk.services.dynamodb.", "SDK dynamodb"},
                {"software.amazon.awssdk.services.sesv2.", "SDK sesv2"},
                {"software.amazon.awssdk.services.ssm.", "SDK ssm"},
                {"software.amazon.awssdk.", "SDK core"},
                {"com.amazonaws.services.lambda.", "lambda events/core"},
                {"com.fasterxml.jackson.", "jackson(-jr)"},
                {"org.apache.", "apache"},
                {"org.slf4j.", "slf4j"},
                {"java.", "JDK"}, {"javax.", "JDK"}, {"jdk.", "JDK"}, {"sun.", "JDK"}, {"com.sun.", "JDK"},
        };
        for (String[] o : owners) if (className.startsWith(o[0])) return o[1];
        return "other";
    }

    String classMarkdown(List<Map<String, Object>> rows) {
        StringBuilder md = new StringBuilder("### Classes loaded by the end of the first invocation (-Xlog:class+load)\n\n");
        md.append("| variant | program | classes | by origin | by owner |\n| --- | --- | ---: | --- | --- |\n");
        for (Map<String, Object> r : rows) {
            md.append("| ").append(r.get("variant")).append(" | ").append(r.get("program")).append(" | ").append(r.get("classes_loaded"))
                    .append(" | ").append(r.get("by_source")).append(" | ").append(r.get("by_owner")).append(" |\n");
        }
        return md.toString().replace("=", ": ");
    }
}
