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
import io.leadloop.ingest.pipedrive.PipedriveHistory;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.ingest.salesforce.SalesforceHistory;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.report.CounterHistory;
import io.leadloop.report.FollowUpQueue;
import io.leadloop.report.HistoryStatus;
import io.leadloop.report.MailSender;
import io.leadloop.report.OwnerNames;
import io.leadloop.report.ReportDelivery;
import io.leadloop.report.ReportLedger;
import io.leadloop.report.ReportService;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.CurrencySettings;
import io.leadloop.settings.FunnelSettings;
import io.leadloop.settings.ReportOptions;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoBackfillCursors;
import io.leadloop.store.dynamodb.DynamoCounterHistory;
import io.leadloop.store.dynamodb.DynamoDeliveryArchive;
import io.leadloop.store.dynamodb.DynamoEventLedger;
import io.leadloop.store.dynamodb.DynamoFollowUpQueue;
import io.leadloop.store.dynamodb.DynamoOwnerDirectory;
import io.leadloop.store.dynamodb.DynamoReportLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the running system from settings: the composition root, where the services get their adapters. The keys
 * each part reads are named by its settings (settings/*, and each sender's adapter); README lists them all.
 */
public final class Wiring {
    private Wiring() {}

    /** Every webhook route, by its source name: the prefixes of event ids, and the CRMs owner names come from. */
    static final List<String> SOURCES = List.of(GenericAdapter.SOURCE, HubSpotAdapter.SOURCE, SalesforceAdapter.SOURCE,
            PipedriveAdapter.SOURCE);

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
        return SnapStartService.register(() -> ingest(config.reread(), dynamo, clock),
                ingest -> WebhookRehearsal.steps(ingest, clock));
    }

    public static IngestService ingest(Config config, DynamoDbClient dynamo, Clock clock) {
        return new IngestService(adapters(config, clock), deliveries(config, dynamo, clock), ledger(config, dynamo, clock));
    }

    /** The reports alone, on the container's DynamoDB client: what a look at a period's numbers needs. */
    public static ReportService reports(Config config) {
        return reports(config, AwsClients.dynamoDb(config), Clock.systemUTC());
    }

    /** The report function in a Lambda container, as {@link #webhookFunction()} is the webhook's. */
    public static SnapStartService<ReportFunction> reportFunction() {
        Config config = environment();
        DynamoDbClient dynamo = AwsClients.dynamoDb(config);
        MailSender mail = new SesMailSender(AwsClients.ses(config));
        Clock clock = Clock.systemUTC();
        return SnapStartService.register(() -> report(config.reread(), dynamo, mail, clock),
                function -> ReportRehearsal.steps(function, mail, clock));
    }

    /** The report function: its reports, sent through {@code mail}, and the replay it runs on request. */
    public static ReportFunction report(Config config, DynamoDbClient dynamo, MailSender mail, Clock clock) {
        ReportService reports = reports(config, dynamo, clock);
        return new ReportFunction(reports, new ReportDelivery(reports, reportLedger(config, dynamo, clock), mail, clock),
                replay(config, dynamo, clock));
    }

    /**
     * The reports: their audiences ({@code LEADLOOP_CONFIG.audiences}, falling back to {@code LEADLOOP_REPORT_SENDER}
     * and {@code LEADLOOP_REPORT_RECIPIENTS}), checked before anything is read or sent.
     */
    public static ReportService reports(Config config, DynamoDbClient dynamo, Clock clock) {
        return reports(config, counterHistory(config, dynamo, clock), followUpQueue(config, dynamo, clock), reportLedger(config, dynamo, clock),
                ownerDirectory(config, dynamo, clock), backfillCursors(config, dynamo), clock);
    }

    /** The reports of the settings, on any counters, follow-up queue, ledger, owner names and history status. */
    public static ReportService reports(Config config, CounterHistory counters, FollowUpQueue followUps, ReportLedger ledger,
                                        OwnerNames ownerNames, HistoryStatus history, Clock clock) {
        Section root = Section.root(config);
        AnalysisSettings analysis = FunnelSettings.analysis(root);
        List<Audience> audiences = ReportSettings.audiences(config, root, analysis, StoreSettings.zone(config));
        if (audiences.isEmpty()) {
            throw new ConfigException(Section.DOCUMENT + ".audiences", "disables both audiences, so there is nothing to send; enable at least one");
        }
        ReportOptions options = ReportSettings.options(root);
        return new ReportService(counters, followUps, ledger, ownerNames, history, StoreSettings.zone(config), analysis, audiences, options, clock);
    }

    public static DynamoCounterHistory counterHistory(Config config, DynamoDbClient dynamo, Clock clock) {
        StoreSettings store = StoreSettings.of(config);
        return new DynamoCounterHistory(dynamo, store.table(), store.counterShards(), store.zone(), clock);
    }

    public static DynamoFollowUpQueue followUpQueue(Config config, DynamoDbClient dynamo, Clock clock) {
        StoreSettings store = StoreSettings.of(config);
        return new DynamoFollowUpQueue(dynamo, store.table(), store.retention(), clock);
    }

    /** The owner names the CRM history readers record and the reports read. */
    public static DynamoOwnerDirectory ownerDirectory(Config config, DynamoDbClient dynamo, Clock clock) {
        return new DynamoOwnerDirectory(dynamo, StoreSettings.of(config).table(), SOURCES, clock);
    }

    public static DynamoReportLedger reportLedger(Config config, DynamoDbClient dynamo, Clock clock) {
        StoreSettings store = StoreSettings.of(config);
        return new DynamoReportLedger(dynamo, store.table(), store.retention(), clock);
    }

    /**
     * Re-application of stored deliveries through the mappings configured now. A source's mapping is built when a
     * replay asks for it, from {@code LEADLOOP_CONFIG} alone: a replay verifies no signature, so it needs no secret.
     */
    public static Replay replay(Config config, DynamoDbClient dynamo, Clock clock) {
        return new Replay(source -> replayMapper(config, source), deliveries(config, dynamo, clock), ledger(config, dynamo, clock));
    }

    private static DeliveryMapper replayMapper(Config config, String source) {
        return switch (source) {
            case GenericAdapter.SOURCE -> GenericAdapter.replayMapper();
            case HubSpotAdapter.SOURCE -> HubSpotAdapter.replayMapper(config);
            case SalesforceAdapter.SOURCE -> SalesforceAdapter.replayMapper(config);
            case PipedriveAdapter.SOURCE -> PipedriveAdapter.replayMapper(config);
            default -> throw new IllegalArgumentException("replay \"source\" '" + source + "' is not a webhook route; use one of " + SOURCES);
        };
    }

    private static DynamoDeliveryArchive deliveries(Config config, DynamoDbClient dynamo, Clock clock) {
        StoreSettings store = StoreSettings.of(config);
        return new DynamoDeliveryArchive(dynamo, store.table(), store.retention(), clock);
    }

    /** Where every way in applies its events. */
    public static DynamoEventLedger ledger(Config config, DynamoDbClient dynamo, Clock clock) {
        StoreSettings store = StoreSettings.of(config);
        return new DynamoEventLedger(dynamo, store.table(), rules(config), store.counterShards(), store.retention(), clock);
    }

    private static FunnelRules rules(Config config) {
        Section root = Section.root(config);
        return new FunnelRules(StoreSettings.zone(config), FunnelSettings.qualification(root), FunnelSettings.segmentation(root),
                CurrencySettings.rates(root));
    }

    /**
     * The backfill and reconciliation runner, applying through the same store as the webhooks, its cursors in the same
     * table, recording the CRM's owner names where the reports read them.
     */
    public static Backfill backfill(Config config, DynamoDbClient dynamo, Clock clock) {
        return new Backfill(ledger(config, dynamo, clock), backfillCursors(config, dynamo), ownerDirectory(config, dynamo, clock), clock);
    }

    /** Where the backfills and reconciliations keep their positions, and the reports read how far each one got. */
    public static DynamoBackfillCursors backfillCursors(Config config, DynamoDbClient dynamo) {
        return new DynamoBackfillCursors(dynamo, StoreSettings.of(config).table(), SOURCES);
    }

    /** The history of one CRM, read through its REST API with {@code http}. */
    public static HistorySource history(Config config, String source, CrmHttp http) {
        return switch (source) {
            case HubSpotAdapter.SOURCE -> HubSpotHistory.fromConfig(config, http);
            case PipedriveAdapter.SOURCE -> PipedriveHistory.fromConfig(config, http).orElseThrow(() -> new ConfigException(
                    PipedriveHistory.API_TOKEN, "is not set; set it (or " + PipedriveHistory.API_TOKEN + "_PARAM) to an admin's API token"
                            + " to read the Pipedrive history (docs/backfill.md)"));
            case SalesforceAdapter.SOURCE -> SalesforceHistory.fromConfig(config, http).orElseThrow(() -> new ConfigException(
                    SalesforceHistory.CLIENT_ID, "is not set; set it and " + SalesforceHistory.CLIENT_SECRET + " to the connected app's"
                            + " consumer key and secret to read the Salesforce history (docs/backfill.md)"));
            default -> throw new IllegalArgumentException("backfill \"source\" '" + source + "' has no history reader; use one of "
                    + List.of(HubSpotAdapter.SOURCE, PipedriveAdapter.SOURCE, SalesforceAdapter.SOURCE));
        };
    }

    /** Every configured sender gets its route; a deployment with none would accept nothing, so that is an error. */
    private static List<CrmAdapter> adapters(Config config, Clock clock) {
        List<CrmAdapter> adapters = new ArrayList<>();
        config.secret(GenericAdapter.SECRET).ifPresent(secrets -> adapters.add(new GenericAdapter(List.of(secrets.split("[,\\s]+")), clock)));
        HubSpotAdapter.fromConfig(config, clock).ifPresent(adapters::add);
        SalesforceAdapter.fromConfig(config, clock).ifPresent(adapters::add);
        PipedriveAdapter.fromConfig(config, clock).ifPresent(adapters::add);
        if (adapters.isEmpty()) {
            throw new ConfigException(GenericAdapter.SECRET, "is not set and no CRM is configured, so no webhook would be accepted; set "
                    + GenericAdapter.SECRET + " (a whsec_ secret) or configure HubSpot, Salesforce or Pipedrive (docs/webhooks.md)");
        }
        return adapters;
    }

}
