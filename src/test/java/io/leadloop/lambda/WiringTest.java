package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.hubspot.HubSpotAdapter;
import io.leadloop.ingest.pipedrive.PipedriveAdapter;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.local.LocalMain;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Unit;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Unit
class WiringTest {

    /** A deployment as template.yaml configures it: every secret and the configuration document in Parameter Store. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "/leadloop/config", "{\"hubspot\": {\"portal_ids\": [\"24681357\"]}, \"salesforce\": {\"organization_ids\": [\"00D5g000004XyZa\"]},"
                    + " \"pipedrive\": {\"company_ids\": [\"7788990\"]}, \"follow_up_days\": 2}",
            "/leadloop/generic-secret", LocalMain.TEST_GENERIC_SECRET,
            "/leadloop/hubspot-client-secret", "5ec2e7c1-7e57-4d0c-9a11-1ead100b2026",
            "/leadloop/salesforce-token", "sfobm-test-3b8f0c6e1d7a4f29a5c2e9b04d6f1a87",
            "/leadloop/pipedrive-user", "leadloop",
            "/leadloop/pipedrive-password", "correct-horse-battery-staple-2026");

    @Test
    void oneWiringReadsEachParameterOnceHoweverManyPartsUseIt() {
        Map<String, Integer> reads = new TreeMap<>();
        Config config = new Config(Map.of(
                StoreSettings.TABLE, "leadloop",
                Section.DOCUMENT + "_PARAM", "/leadloop/config",
                GenericAdapter.SECRET + "_PARAM", "/leadloop/generic-secret",
                HubSpotAdapter.CLIENT_SECRET + "_PARAM", "/leadloop/hubspot-client-secret",
                SalesforceAdapter.TOKEN + "_PARAM", "/leadloop/salesforce-token",
                PipedriveAdapter.USER + "_PARAM", "/leadloop/pipedrive-user",
                PipedriveAdapter.PASSWORD + "_PARAM", "/leadloop/pipedrive-password",
                ReportSettings.SENDER, "leadloop@example.com",
                ReportSettings.RECIPIENTS, "sales@example.com"), name -> {
                    reads.merge(name, 1, Integer::sum);
                    return PARAMETERS.get(name);
                });
        // Wiring builds clients and services only; nothing here calls DynamoDB.
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("unused", "unused"))).build()) {
            Wiring.ingest(config, dynamo, Clock.systemUTC());
            Wiring.replay(config, dynamo, Clock.systemUTC());
        }

        Map<String, Integer> once = new TreeMap<>();
        PARAMETERS.keySet().forEach(name -> once.put(name, 1));
        assertEquals(once, reads, "SSM GetParameter calls per parameter for one webhook wiring");
    }
}
