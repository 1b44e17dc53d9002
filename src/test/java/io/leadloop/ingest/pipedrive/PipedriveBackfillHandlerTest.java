package io.leadloop.ingest.pipedrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Period;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.lambda.BackfillHandler;
import io.leadloop.settings.Config;
import io.leadloop.settings.ConfigException;
import io.leadloop.testing.CrmFake;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.LambdaContexts;
import io.leadloop.testing.SsmParameters;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill function on Pipedrive end to end: its inputs from events/, the API token read from SSM under the name
 * template.yaml gives, the local Pipedrive API and DynamoDB Local.
 */
@EndToEnd
class PipedriveBackfillHandlerTest {

    private static final String TOKEN_PARAMETER = "/leadloop/pipedrive-api-token";
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final Period WEEK_47 = Period.parse("2026-W47");

    private final CrmFake pipedrive = new CrmFake();

    @AfterEach
    void stop() {
        pipedrive.close();
    }

    private Config config(SsmParameters ssm) {
        Map<String, String> settings = new HashMap<>(PipedriveWebhookHandlerTest.SAMPLE_SETTINGS);
        settings.put(PipedriveHistory.API_TOKEN + "_PARAM", TOKEN_PARAMETER);
        settings.put(PipedriveHistory.API_URL, pipedrive.url().toString());
        return Engines.freshConfig(settings, ssm);
    }

    private static BackfillHandler handler(Config config) {
        return new BackfillHandler(config, Engines.dynamo(), CLOCK, new JdkCrmHttp(d -> {}, CLOCK));
    }

    @Test
    void theBackfillReadsTheAccountWithTheTokenFromSsmAndTheNightlyReconciliationOnlyWhatChangedSince() {
        PipedriveHistoryTest.answerTheSampleAccount(pipedrive);
        SsmParameters ssm = new SsmParameters(Map.of(TOKEN_PARAMETER, PipedriveHistoryTest.TOKEN));
        Config config = config(ssm);
        BackfillHandler handler = handler(config);

        Map<String, Object> backfill = handler.handleRequest(Fixtures.jsonFile("events/backfill-pipedrive.json"), LambdaContexts.backfill());

        assertEquals(true, backfill.get("done"));
        assertEquals(false, backfill.get("continued"));
        assertEquals(9, backfill.get("records"), "persons 501-504, the leads of Jonas and Helvetia, and deals 301-303");
        assertEquals(PipedriveHistoryTest.WEBHOOK_COUNTS, Fixtures.countsOf(config, WEEK_47));
        assertTrue(pipedrive.requests().stream().allMatch(request -> PipedriveHistoryTest.TOKEN.equals(request.header("x-api-token"))));

        PipedriveHistoryTest.answerTheSampleAccount(pipedrive); // at night, every record is still as the backfill read it
        Map<String, Object> nightly = handler.handleRequest(Fixtures.jsonFile("events/reconcile-pipedrive.json"), LambdaContexts.backfill());

        assertEquals(Fixtures.SIGNED_AT.toString(), nightly.get("modified_since"), "what changed since the backfill began");
        assertEquals(List.of("2026-11-23T08:00:00Z"), pipedrive.requests().stream().map(request -> request.query().get("updated_since"))
                .filter(Objects::nonNull).distinct().toList());
        assertEquals(0, nightly.get("events_applied"));
        // The fake answers persons and deals unfiltered; the 6 events of the two leads, unchanged since, are skipped here.
        assertEquals((Integer) backfill.get("events_applied") - 6, nightly.get("events_duplicate"));
        assertEquals(PipedriveHistoryTest.WEBHOOK_COUNTS, Fixtures.countsOf(config, WEEK_47));
        assertEquals(List.of(TOKEN_PARAMETER), ssm.read());
    }

    @Test
    void aTokenMissingFromSsmNamesTheSettingAndItsParameter() {
        BackfillHandler handler = handler(config(new SsmParameters(Map.of())));

        ConfigException missing = assertThrows(ConfigException.class,
                () -> handler.handleRequest(Fixtures.jsonFile("events/backfill-pipedrive.json"), LambdaContexts.backfill()));

        assertTrue(missing.getMessage().startsWith(PipedriveHistory.API_TOKEN + "_PARAM: could not read SSM parameter '" + TOKEN_PARAMETER
                + "' (SSM answered 400: {\"__type\": \"ParameterNotFound\"})"), missing.getMessage());
        assertEquals(List.of(), pipedrive.requests(), "nothing is asked of Pipedrive without a token");
    }
}
