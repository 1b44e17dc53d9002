package io.leadloop.local;

import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.ingest.Replay;
import io.leadloop.ingest.backfill.Backfill;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.hubspot.HubSpotAdapter;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportFunction;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.report.AudienceReport;
import io.leadloop.report.MimeMessage;
import io.leadloop.report.ReportDelivery;
import io.leadloop.report.ReportJson;
import io.leadloop.report.ReportService;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.TableSetup;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * leadloop on a laptop, no AWS account: the real handlers against DynamoDB Local and the SES emulator.
 * Its commands and their output are a public interface (README, "Local mode"); keep them stable.
 */
public final class LocalMain {

    /** The test secret local senders sign with; README documents it. Never use it in a deployment. */
    public static final String TEST_GENERIC_SECRET = "whsec_bGVhZGxvb3AtbG9jYWwtdGVzdC1zZWNyZXQtMjAyNg==";

    /** Weeks of sample history the demo sends, so that the trend charts have their 13 columns. */
    public static final int DEMO_PERIODS = 13;

    /**
     * The sample company's settings: the qualified-lead definition of docs/metrics.md, a won-value goal and the
     * follow-up delay; the demo and the email screenshots use them.
     */
    public static final String SAMPLE_SETTINGS = """
            {"qualified_lead": {"definitions": [{"effective_from": "2020-01-01", "match": "all", "rules": [
                 {"attribute": "form", "one_of": ["demo-request", "buying-guide"]}, {"attribute": "employees", "at_least": 50}]}]},
             "goals": {"won_value": {"week": 80000, "month": 320000, "quarter": 960000}},
             "follow_up_days": 3}
            """;

    /** Local mode's settings document: the sample company's, plus the CRM ids of the samples in events/. */
    static final String DEMO_CONFIG = "{\"hubspot\": {\"portal_ids\": [\"24681357\"]}, "
            + "\"salesforce\": {\"organization_ids\": [\"00D5g000004XyZa\"]}, " + SAMPLE_SETTINGS.strip().substring(1);

    /**
     * Local defaults: the public test secrets of every route (docs/webhooks/*.md), so the samples in events/ are
     * accepted by {@code serve}. Any LEADLOOP_* environment variable overrides them.
     */
    static final Map<String, String> DEFAULTS = Map.of(
            StoreSettings.TABLE, "leadloop",
            StoreSettings.TIMEZONE, "UTC",
            GenericAdapter.SECRET, TEST_GENERIC_SECRET,
            HubSpotAdapter.CLIENT_SECRET, "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026",
            SalesforceAdapter.TOKEN, "sfobm-test-3b8f0c6e1d7a4f29a5c2e9b04d6f1a87",
            PipedriveAdapter.USER, "leadloop-pipedrive",
            PipedriveAdapter.PASSWORD, "pd-local-test-password-2026",
            Section.DOCUMENT, DEMO_CONFIG,
            ReportSettings.SENDER, "leadloop@example.com",
            ReportSettings.RECIPIENTS, "sales@example.com,marketing@example.com");

    private static final String USAGE = """
            usage: ./leadloop <command> [options]
              demo   [--timezone ZONE] [--out DIR]   run the whole loop: engines, sample webhooks over HTTP, report, email
              serve  [--port 8080] [--data DIR]      serve POST /webhooks/{source} on localhost until stopped
              report [--period 2026-W47] [--data DIR] print a period's report as JSON on stdout (default: last complete week)
              replay --source SOURCE --from DAY --to DAY [--data DIR]
                                                     re-apply the deliveries SOURCE sent from DAY to DAY (UTC, both included)
                                                     through the mapping configured now; prints a JSON summary
              backfill SOURCE [--reconcile] [--data DIR]
                                                     read SOURCE's history (hubspot) through its API into the funnel, or with
                                                     --reconcile what changed since the last run; progress on stderr, the
                                                     summary as JSON on stdout (docs/backfill.md)
            options:
              --data DIR       where DynamoDB Local keeps data between commands (default .leadloop/data)
              --timezone ZONE  IANA reporting timezone (default $LEADLOOP_TIMEZONE or UTC)
            """;

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        // DynamoDB Local prints its banner to stdout; keep stdout for the command's own output.
        System.setOut(System.err);
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            stdout.print(USAGE);
            return;
        }
        try {
            if (args[0].equals("backfill")) {
                backfill(args, stdout);
                System.exit(0);
            }
            Map<String, String> options = options(args);
            switch (args[0]) {
                case "demo" -> demo(options, stdout);
                case "serve" -> serve(options, stdout);
                case "report" -> report(options, stdout);
                case "replay" -> replay(options, stdout);
                default -> {
                    System.err.print("unknown command '" + args[0] + "'\n" + USAGE);
                    System.exit(2);
                }
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("leadloop: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    static Config config(Map<String, String> options, LocalEngines engines) {
        Map<String, String> values = settings(options, System.getenv());
        values.putAll(engines.endpoints());
        return new Config(values, LocalMain::noParameterStore);
    }

    /**
     * The local defaults, overridden by the {@code LEADLOOP_*} and {@code AWS_*} variables of {@code environment},
     * then by the options. One's own settings document ({@code LEADLOOP_CONFIG} or {@code LEADLOOP_CONFIG_FILE})
     * replaces the sections of the local one it names and keeps the others: every route has its test credentials
     * locally, so a document with only a {@code salesforce} or an {@code audiences} section must not leave the HubSpot
     * route without its portal ids, nor the sample company without its qualified-lead definition and goals.
     */
    static Map<String, String> settings(Map<String, String> options, Map<String, String> environment) {
        Map<String, String> given = new HashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("LEADLOOP_") || k.startsWith("AWS_")) given.put(k, v);
        });
        Map<String, String> values = new HashMap<>(DEFAULTS);
        values.putAll(given);
        Map<String, Object> document = new LinkedHashMap<>(Section.document(new Config(Map.of(Section.DOCUMENT, DEMO_CONFIG), LocalMain::noParameterStore)));
        document.putAll(Section.document(new Config(given, LocalMain::noParameterStore)));
        values.remove(Section.DOCUMENT + "_FILE");
        values.put(Section.DOCUMENT, Json.compact(document));
        if (options.containsKey("timezone")) values.put(StoreSettings.TIMEZONE, options.get("timezone"));
        return values;
    }

    private static String noParameterStore(String name) {
        throw new IllegalStateException("local mode reads secrets from LEADLOOP_* or *_FILE settings, not SSM");
    }

    private static void demo(Map<String, String> options, PrintStream out) throws Exception {
        try (LocalEngines engines = LocalEngines.start(null)) {
            Config config = config(options, engines);
            DynamoDbClient dynamo = AwsClients.dynamoDb(config);
            TableSetup.createIfMissing(dynamo, config.required(StoreSettings.TABLE, "a table name"));
            ZoneId zone = config.zone(StoreSettings.TIMEZONE, "UTC");
            Clock clock = Clock.systemUTC();
            Period period = Period.lastComplete(PeriodKind.WEEK, clock.instant(), zone);
            SampleData.Sample sample = SampleData.generate(period, zone, clock.instant(), 2026, DEMO_PERIODS);

            try (LocalHttpServer http = LocalHttpServer.start("127.0.0.1", 0,
                    new WebhookHandler(Wiring.ingest(config, dynamo, clock)))) {
                GenericSender sender = new GenericSender(URI.create(http.baseUrl() + "/webhooks/generic"),
                        config.requiredSecret(GenericAdapter.SECRET, "a whsec_ secret"));
                List<Map<String, Object>> events = sample.events();
                int deliveries = 0;
                for (int from = 0; from < events.size(); from += 25) {
                    HttpResponse<String> response = sender.send(events.subList(from, Math.min(events.size(), from + 25)));
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("webhook answered " + response.statusCode() + ": " + response.body());
                    }
                    deliveries++;
                }
                System.err.printf("sent %d events in %d signed deliveries to %s/webhooks/generic%n",
                        events.size(), deliveries, http.baseUrl());
            }

            ReportFunction function = Wiring.report(config, dynamo, new SesMailSender(AwsClients.ses(config)), clock);
            ReportService reports = function.reports();
            Path dir = Path.of(options.getOrDefault("out", "target/leadloop-demo"));
            Files.createDirectories(dir);
            List<Map<String, Object>> emails = new ArrayList<>();
            List<Path> htmlFiles = new ArrayList<>();
            List<ReportDelivery.Due> due = reports.audiences().stream().map(audience -> new ReportDelivery.Due(audience,
                    audience.period() == PeriodKind.WEEK ? period : reports.lastComplete(audience, clock.instant()))).toList();
            List<ReportDelivery.Outcome> outcomes = function.delivery().deliver(due, null);
            for (int i = 0; i < due.size(); i++) {
                Audience audience = due.get(i).audience();
                Period reported = due.get(i).period();
                ReportDelivery.Outcome sent = outcomes.get(i);
                if (sent.email() == null || sent.messageId() == null) {
                    throw new IllegalStateException("the " + audience.id() + " report was not sent: " + sent.detail());
                }
                String base = "report-" + audience.id() + "-" + reported.label();
                Path html = dir.resolve(base + ".html");
                Files.writeString(html, sent.email().html(), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(base + ".txt"), sent.email().text(), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(sent.email().csvFilename()), sent.email().csv(), StandardCharsets.UTF_8);
                Path eml = dir.resolve(base + ".eml");
                Files.write(eml, MimeMessage.build(audience.sender(), audience.recipients(), sent.email(),
                        ZonedDateTime.now(clock.withZone(audience.zone())), Map.of()));
                htmlFiles.add(html);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("audience", audience.id());
                e.put("period", reported.label());
                e.put("subject", sent.subject());
                e.put("ses_message_id", sent.messageId());
                e.put("to", audience.recipients());
                e.put("html", html.toAbsolutePath().toString());
                e.put("text", dir.resolve(base + ".txt").toAbsolutePath().toString());
                e.put("csv", dir.resolve(sent.email().csvFilename()).toAbsolutePath().toString());
                e.put("eml", eml.toAbsolutePath().toString());
                emails.add(e);
            }

            FunnelReport report = reports.build(period);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("period", period.label());
            summary.put("events_sent", sample.events().size());
            summary.put("expected_counts", sample.expectedCounts());
            summary.put("reported_counts", ReportJson.of(report).get("counts"));
            summary.put("counts_match", matches(sample.expectedCounts(), report));
            summary.put("email_subject", emails.get(0).get("subject"));
            summary.put("ses_message_id", emails.get(0).get("ses_message_id"));
            summary.put("ses_emulator_store", engines.sesEndpoint() + "/store");
            summary.put("rendered_email", emails.get(0).get("html"));
            summary.put("emails", emails);
            out.println(Json.pretty(summary));
            for (Path html : htmlFiles) out.println("Rendered email: " + html.toAbsolutePath());
        }
    }

    private static boolean matches(Map<String, Long> expected, FunnelReport report) {
        var c = report.current();
        return expected.equals(Map.of("leads", c.leads(), "mqls", c.mqls(), "sqls", c.sqls(),
                "opportunities", c.opportunities(), "won", c.won(), "lost", c.lost()));
    }

    /**
     * Serves until the process is stopped. On SIGTERM (or Ctrl-C) the JVM runs its shutdown hooks and then halts
     * whatever the other threads are doing, so the hook waits until this method has closed the server and the
     * engines: otherwise the SES emulator, a process of its own, could outlive it.
     */
    private static void serve(Map<String, String> options, PrintStream out) throws Exception {
        int port = Integer.parseInt(options.getOrDefault("port", "8080"));
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            try {
                closed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leadloop-serve-shutdown"));
        try (LocalEngines engines = LocalEngines.start(dataDir(options))) {
            Config config = config(options, engines);
            DynamoDbClient dynamo = AwsClients.dynamoDb(config);
            Clock clock = Clock.systemUTC();
            // Nothing is reported while serving, but `report` and the deployed functions read the same settings:
            // a wrong one is reported now, not at the first report.
            Wiring.report(config, dynamo, new SesMailSender(AwsClients.ses(config)), clock);
            TableSetup.createIfMissing(dynamo, config.required(StoreSettings.TABLE, "a table name"));
            try (LocalHttpServer http = LocalHttpServer.start("127.0.0.1", port, new WebhookHandler(Wiring.ingest(config, dynamo, clock)))) {
                out.println("leadloop is serving POST " + http.baseUrl() + "/webhooks/{generic,hubspot,salesforce,pipedrive}");
                out.println("data: " + dataDir(options).toAbsolutePath() + "; SES emulator: " + engines.sesEndpoint());
                out.flush();
                stopping.await();
            }
        } finally {
            closed.countDown();
        }
    }

    private static void report(Map<String, String> options, PrintStream out) throws Exception {
        try (LocalEngines engines = LocalEngines.start(dataDir(options))) {
            Config config = config(options, engines);
            DynamoDbClient dynamo = AwsClients.dynamoDb(config);
            TableSetup.createIfMissing(dynamo, config.required(StoreSettings.TABLE, "a table name"));
            Clock clock = Clock.systemUTC();
            ReportService reports = Wiring.reports(config, dynamo, clock);
            Period period = options.containsKey("period") ? Period.parse(options.get("period")) : reports.lastCompleteWeek(null);
            List<AudienceReport> audiences = reports.prepareAll(period);
            out.println(Json.document(ReportJson.withBriefings(audiences.get(0).funnel(), audiences)));
            if (!options.containsKey("period")) {
                periodHint(period, Wiring.counterHistory(config, dynamo, clock).daysWithEvents()).ifPresent(System.err::println);
            }
        }
    }

    /** Every page of the range, one after another: locally there is no invocation time to fit. */
    private static void replay(Map<String, String> options, PrintStream out) throws Exception {
        Map<String, String> input = new HashMap<>(options);
        input.keySet().retainAll(Set.of("source", "from", "to"));
        Replay.Request first = Replay.Request.of(input);
        try (LocalEngines engines = LocalEngines.start(dataDir(options))) {
            Config config = config(options, engines);
            DynamoDbClient dynamo = AwsClients.dynamoDb(config);
            TableSetup.createIfMissing(dynamo, config.required(StoreSettings.TABLE, "a table name"));
            Replay replay = Wiring.replay(config, dynamo, Clock.systemUTC());
            Replay.Summary total = replay.run(first, () -> true);
            while (total.cursor() != null) {
                System.err.println("leadloop: replayed " + total.deliveries() + " deliveries so far");
                total = total.then(replay.run(new Replay.Request(first.source(), first.from(), first.until(), total.cursor(), first.page()), () -> true));
            }
            out.println(Json.pretty(total.toMap()));
        }
    }

    /** {@code backfill SOURCE [--reconcile] [--data DIR]}: the source comes first, --reconcile takes no value. */
    private static void backfill(String[] args, PrintStream out) throws Exception {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new IllegalArgumentException("backfill needs the source first, e.g. ./leadloop backfill hubspot\n" + USAGE);
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
        Kind kind = rest.remove("--reconcile") ? Kind.RECONCILE : Kind.BACKFILL;
        rest.add(0, "backfill");
        Map<String, String> options = options(rest.toArray(String[]::new));
        try (LocalEngines engines = LocalEngines.start(dataDir(options))) {
            Config config = config(options, engines);
            DynamoDbClient dynamo = AwsClients.dynamoDb(config);
            TableSetup.createIfMissing(dynamo, config.required(StoreSettings.TABLE, "a table name"));
            Backfill.Summary summary = Wiring.backfill(config, dynamo, Clock.systemUTC()).run(
                    Wiring.history(config, args[1], JdkCrmHttp.sleeping()), kind, () -> true,
                    progress -> System.err.printf("leadloop: %s %s: %d records, %d events applied, %d duplicate, %d skipped, %d API calls%n",
                            progress.source(), kind.wireName(), progress.records(), progress.applied(), progress.duplicates(),
                            progress.skipped().size(), progress.apiCalls()));
            out.println(Json.pretty(summary.toJson()));
        }
    }

    /**
     * Without --period the report is of the last complete week, which on sample data (dated in the past) is usually
     * empty: then stderr says which weeks hold events, and how to ask for them.
     */
    static java.util.Optional<String> periodHint(Period period, java.util.SortedSet<java.time.LocalDate> daysWithEvents) {
        boolean inPeriod = daysWithEvents.stream().anyMatch(day -> !day.isBefore(period.start()) && day.isBefore(period.end()));
        if (inPeriod) return java.util.Optional.empty();
        if (daysWithEvents.isEmpty()) {
            return java.util.Optional.of("leadloop: the data holds no events yet; send some to `./leadloop serve` (README, \"Local mode\")");
        }
        Period latest = Period.containing(PeriodKind.WEEK, daysWithEvents.last());
        return java.util.Optional.of("leadloop: no event occurred in " + period.label() + " (the last complete week); the data holds events from "
                + daysWithEvents.first() + " to " + daysWithEvents.last() + ": try --period " + latest.label());
    }

    private static Path dataDir(Map<String, String> options) {
        return Path.of(options.getOrDefault("data", ".leadloop/data"));
    }

    /** Each command's options; --timezone applies to all of them. */
    static final Map<String, Set<String>> OPTIONS = Map.of(
            "demo", Set.of("timezone", "out"),
            "serve", Set.of("timezone", "port", "data"),
            "report", Set.of("timezone", "period", "data"),
            "replay", Set.of("timezone", "source", "from", "to", "data"),
            "backfill", Set.of("timezone", "data"));

    /** The command's {@code --name value} options; an unknown name is an error, never silently ignored. */
    static Map<String, String> options(String[] args) {
        Set<String> known = OPTIONS.getOrDefault(args[0], Set.of());
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs after the command; got '" + args[i] + "'\n" + USAGE);
            }
            String name = args[i].substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " for " + args[0] + "; its options are "
                        + known.stream().sorted().map(o -> "--" + o).toList() + "\n" + USAGE);
            }
            options.put(name, args[++i]);
        }
        return options;
    }
}
