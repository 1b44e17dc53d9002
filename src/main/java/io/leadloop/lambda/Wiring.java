package io.leadloop.lambda;

import io.leadloop.funnel.AnalysisSettings;
import io.leadloop.funnel.FunnelRules;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.DeliveryMapper;
import io.leadloop.ingest.IngestService;
import io.leadloop.ingest.Replay;
import io.leadloop.ingest.backfill.Backfill;
import io.leadloop.ingest.backfill.CrmHttp;
import io.leadloop.ingest.backfill.HistorySource;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.hubspot.HubSpotAdapter;
import io.leadloop.ingest.hubspot.HubSpotHistory;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.mail.ses.Mailer;
import io.leadloop.report.ReportService;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.FunnelSettings;
import io.leadloop.settings.ReportOptions;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.Section;
import io.leadloop.store.dynamodb.DeliveryLog;
import io.leadloop.store.dynamodb.DynamoBackfillCursors;
import io.leadloop.store.dynamodb.FunnelStore;
import io.leadloop.store.dynamodb.ReportLog;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the running system from settings. Every key leadloop reads is named here, so this is the one place
 * to look for what can be configured (README lists them with their defaults).
 */
public final class Wiring {
    private Wiring() {}

    public static final String TABLE = "LEADLOOP_TABLE";
    public static final String TIMEZONE = "LEADLOOP_TIMEZONE";
    public static final String COUNTER_SHARDS = "LEADLOOP_COUNTER_SHARDS";
    public static final String RETENTION_DAYS = "LEADLOOP_RETENTION_DAYS";
    public static final String GENERIC_SECRET = "LEADLOOP_GENERIC_SECRET";
    public static final String REPORT_SENDER = "LEADLOOP_REPORT_SENDER";
    public static final String REPORT_RECIPIENTS = "LEADLOOP_REPORT_RECIPIENTS";

    /** The container's settings: its environment, with secrets read from SSM Parameter Store. */
    public static Config environment() {
        return new Config(System.getenv(), ParameterStore::read);
    }

    public static IngestService ingest(Config config) {
        return ingest(config, AwsClients.dynamoDb(config), Clock.systemUTC());
    }

    /**
     * The webhook function's service in a Lambda container, from the environment, with its SnapStart hooks: after a
     * restore, secrets and settings are read again into a service that keeps the primed DynamoDB client.
     */
    public static SnapStartService<IngestService> webhookFunction() {
        Config config = environment();
        DynamoDbClient dynamo = AwsClients.dynamoDb(config);
        Clock clock = Clock.systemUTC();
        return SnapStartService.register(() -> ingest(environment(), dynamo, clock),
                ingest -> WebhookRehearsal.steps(ingest, clock));
    }

    public static IngestService ingest(Config config, DynamoDbClient dynamo, Clock clock) {
        String table = table(config);
        return new IngestService(adapters(config, clock), new DeliveryLog(dynamo, table, retention(config), clock),
                store(config, dynamo, clock));
    }

    public static ReportService report(Config config) {
        return report(config, AwsClients.dynamoDb(config), new Mailer(AwsClients.ses(config)), Clock.systemUTC());
    }

    /** The report function's service in a Lambda container, as {@link #webhookFunction()} is the webhook's. */
    public static SnapStartService<ReportService> reportFunction() {
        Config config = environment();
        DynamoDbClient dynamo = AwsClients.dynamoDb(config);
        Mailer mailer = new Mailer(AwsClients.ses(config));
        Clock clock = Clock.systemUTC();
        return SnapStartService.register(() -> report(environment(), dynamo, mailer, clock),
                reports -> ReportRehearsal.steps(reports, mailer, clock));
    }

    /**
     * The report: its audiences ({@code LEADLOOP_CONFIG.audiences}, falling back to {@code LEADLOOP_REPORT_SENDER} and
     * {@code LEADLOOP_REPORT_RECIPIENTS}), checked before anything is read or sent.
     */
    public static ReportService report(Config config, DynamoDbClient dynamo, Mailer mailer, Clock clock) {
        Section root = Section.root(config);
        AnalysisSettings analysis = FunnelSettings.analysis(root);
        List<Audience> audiences = ReportSettings.audiences(config, root, analysis, zone(config));
        if (audiences.isEmpty()) {
            throw new ConfigException(Section.DOCUMENT + ".audiences", "disables both audiences, so there is nothing to send; enable at least one");
        }
        ReportOptions options = ReportSettings.options(root);
        return new ReportService(store(config, dynamo, clock), new ReportLog(dynamo, table(config), retention(config), clock), zone(config),
                analysis, mailer, audiences, options, replay(config, dynamo, clock), clock);
    }

    /**
     * Re-application of stored deliveries through the mappings configured now. A source's mapping is built when a
     * replay asks for it, from {@code LEADLOOP_CONFIG} alone: a replay verifies no signature, so it needs no secret.
     */
    public static Replay replay(Config config, DynamoDbClient dynamo, Clock clock) {
        return new Replay(source -> replayMapper(config, source), new DeliveryLog(dynamo, table(config), retention(config), clock),
                store(config, dynamo, clock));
    }

    private static DeliveryMapper replayMapper(Config config, String source) {
        return switch (source) {
            case GenericAdapter.SOURCE -> GenericAdapter.replayMapper();
            case HubSpotAdapter.SOURCE -> HubSpotAdapter.replayMapper(config);
            case SalesforceAdapter.SOURCE -> SalesforceAdapter.replayMapper(config);
            case PipedriveAdapter.SOURCE -> PipedriveAdapter.replayMapper(config);
            default -> throw new IllegalArgumentException("replay \"source\" '" + source + "' is not a webhook route; use one of "
                    + List.of(GenericAdapter.SOURCE, HubSpotAdapter.SOURCE, SalesforceAdapter.SOURCE, PipedriveAdapter.SOURCE));
        };
    }

    private static Duration retention(Config config) {
        return Duration.ofDays(config.integer(RETENTION_DAYS, 400, 1, 3650));
    }

    public static FunnelStore store(Config config, DynamoDbClient dynamo, Clock clock) {
        Section root = Section.root(config);
        FunnelRules rules = new FunnelRules(zone(config), FunnelSettings.qualification(root), FunnelSettings.segmentation(root));
        return new FunnelStore(dynamo, table(config), rules,
                config.integer(COUNTER_SHARDS, 4, 1, 100),
                retention(config), clock);
    }

    /** The backfill and reconciliation runner, applying through the same store as the webhooks, its cursors in the same table. */
    public static Backfill backfill(Config config, DynamoDbClient dynamo, Clock clock) {
        return new Backfill(store(config, dynamo, clock), new DynamoBackfillCursors(dynamo, table(config)), clock);
    }

    /** The history of one CRM, read through its REST API with {@code http}. */
    public static HistorySource history(Config config, String source, CrmHttp http) {
        if (HubSpotAdapter.SOURCE.equals(source)) return HubSpotHistory.fromConfig(config, http);
        throw new IllegalArgumentException("backfill \"source\" '" + source + "' has no history reader; use " + HubSpotAdapter.SOURCE);
    }

    /** Every configured sender gets its route; a deployment with none would accept nothing, so that is an error. */
    private static List<CrmAdapter> adapters(Config config, Clock clock) {
        List<CrmAdapter> adapters = new ArrayList<>();
        config.secret(GENERIC_SECRET).ifPresent(secrets -> adapters.add(new GenericAdapter(List.of(secrets.split("[,\\s]+")), clock)));
        HubSpotAdapter.fromConfig(config, clock).ifPresent(adapters::add);
        SalesforceAdapter.fromConfig(config, clock).ifPresent(adapters::add);
        PipedriveAdapter.fromConfig(config, clock).ifPresent(adapters::add);
        if (adapters.isEmpty()) {
            throw new ConfigException(GENERIC_SECRET, "is not set and no CRM is configured, so no webhook would be accepted; set "
                    + GENERIC_SECRET + " (a whsec_ secret) or configure HubSpot, Salesforce or Pipedrive (docs/webhooks.md)");
        }
        return adapters;
    }

    private static String table(Config config) {
        return config.required(TABLE, "the DynamoDB table name (template.yaml passes it)");
    }

    public static ZoneId zone(Config config) {
        return config.zone(TIMEZONE, "UTC");
    }
}
