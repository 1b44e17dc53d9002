package io.leadloop.ingest.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Period;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.lambda.BackfillHandler;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.CrmFake;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.LambdaContexts;
import io.leadloop.testing.SsmParameters;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill function on Salesforce end to end: its inputs from events/, the client credentials read from SSM
 * under the names template.yaml gives, the local Salesforce API and DynamoDB Local.
 */
@EndToEnd
class SalesforceBackfillHandlerTest {

    private static final String CLIENT_ID_PARAMETER = "/leadloop/salesforce-client-id";
    private static final String CLIENT_SECRET_PARAMETER = "/leadloop/salesforce-client-secret";
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final Period WEEK_47 = Period.parse("2026-W47");

    private final CrmFake salesforce = new CrmFake();

    @AfterEach
    void stop() {
        salesforce.close();
    }

    private Config config(SsmParameters ssm) {
        return Engines.freshConfig(Map.of(
                StoreSettings.TIMEZONE, "Europe/Madrid",
                Section.DOCUMENT, "{\"salesforce\": {" + SalesforceWebhookHandlerTest.SAMPLE_SETTINGS + "}}",
                SalesforceHistory.CLIENT_ID + "_PARAM", CLIENT_ID_PARAMETER,
                SalesforceHistory.CLIENT_SECRET + "_PARAM", CLIENT_SECRET_PARAMETER,
                SalesforceHistory.INSTANCE_URL, salesforce.url().toString()), ssm);
    }

    private static BackfillHandler handler(Config config) {
        return new BackfillHandler(config, Engines.dynamo(), CLOCK, new JdkCrmHttp(d -> {}, CLOCK));
    }

    @Test
    void theBackfillReadsTheOrgWithTheCredentialsFromSsmAndTheNightlyReconciliationOnlyWhatChangedSince() {
        SalesforceHistoryTest.answerTheSampleOrg(salesforce);
        SsmParameters ssm = new SsmParameters(Map.of(CLIENT_ID_PARAMETER, SalesforceHistoryTest.CLIENT_ID,
                CLIENT_SECRET_PARAMETER, SalesforceHistoryTest.CLIENT_SECRET));
        Config config = config(ssm);
        BackfillHandler handler = handler(config);

        Map<String, Object> backfill = handler.handleRequest(Fixtures.jsonFile("events/backfill-salesforce.json"), LambdaContexts.backfill());

        assertEquals(true, backfill.get("done"));
        assertEquals(false, backfill.get("continued"));
        assertEquals(17, backfill.get("records"), "7 Leads, 6 Status changes, 4 Opportunities");
        assertEquals(SalesforceHistoryTest.SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
        assertEquals(Set.of("grant_type=client_credentials", "client_id=" + SalesforceHistoryTest.CLIENT_ID,
                "client_secret=" + SalesforceHistoryTest.CLIENT_SECRET), Set.of(salesforce.requests("/services/oauth2/token").get(0).body().split("&")));

        Map<String, Object> nightly = handler.handleRequest(Fixtures.jsonFile("events/reconcile-salesforce.json"), LambdaContexts.backfill());

        assertEquals(Fixtures.SIGNED_AT.toString(), nightly.get("modified_since"), "what changed since the backfill began");
        List<String> soql = salesforce.requests(SalesforceHistoryTest.QUERY).stream().map(request -> request.query().get("q")).toList();
        assertEquals(3, soql.stream().filter(q -> q.contains(" >= 2026-11-23T08:00:00Z ")).count(), "Lead, LeadHistory and Opportunity: " + soql);
        assertEquals(0, nightly.get("events_applied"), "the records are as the backfill read them");
        assertEquals(backfill.get("events_applied"), nightly.get("events_duplicate"));
        assertEquals(SalesforceHistoryTest.SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
        assertEquals(List.of(CLIENT_ID_PARAMETER, CLIENT_SECRET_PARAMETER), ssm.read());
    }

    @Test
    void aSecretMissingFromSsmNamesTheSettingAndItsParameter() {
        BackfillHandler handler = handler(config(new SsmParameters(Map.of(CLIENT_ID_PARAMETER, SalesforceHistoryTest.CLIENT_ID))));

        ConfigException missing = assertThrows(ConfigException.class,
                () -> handler.handleRequest(Fixtures.jsonFile("events/backfill-salesforce.json"), LambdaContexts.backfill()));

        assertTrue(missing.getMessage().startsWith(SalesforceHistory.CLIENT_SECRET + "_PARAM: could not read SSM parameter '"
                + CLIENT_SECRET_PARAMETER + "' (SSM answered 400: {\"__type\": \"ParameterNotFound\"})"), missing.getMessage());
        assertEquals(List.of(), salesforce.requests(), "nothing is asked of Salesforce without both credentials");
    }
}
