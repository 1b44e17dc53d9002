package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The rehearsal's HTTP client against DynamoDB Local: what it answers, what it refuses, and that nothing leaves. */
@Contract
class RehearsalTest {

    private final Config config = Engines.freshConfig(Map.of());
    private final String table = config.required(StoreSettings.TABLE, "t");
    private final Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("LEAD#x"), "SK", AttributeValue.fromS("STATE"));
    /** The requests the real HTTP client was asked to send, by their X-Amz-Target. */
    private final List<String> sent = new ArrayList<>();
    private final DynamoDbClient dynamo = DynamoDbClient.builder()
            .httpClient(Rehearsal.around(recording(UrlConnectionHttpClient.create())))
            .endpointOverride(URI.create(config.required(AwsClients.DYNAMODB_ENDPOINT, "DynamoDB Local")))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();

    private SdkHttpClient recording(SdkHttpClient real) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                ExecutableHttpRequest prepared = real.prepareRequest(request);
                return new ExecutableHttpRequest() {
                    @Override
                    public software.amazon.awssdk.http.HttpExecuteResponse call() throws java.io.IOException {
                        sent.add(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?"));
                        return prepared.call();
                    }

                    @Override
                    public void abort() {
                        prepared.abort();
                    }
                };
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    private void put() {
        dynamo.putItem(r -> r.tableName(table).item(Map.of("PK", key.get("PK"), "SK", key.get("SK"), "n", AttributeValue.fromN("1"))));
    }

    @Test
    void readsFindAnEmptyTableAndEachWriteEndsItsStepWithoutBeingSent() {
        put();
        sent.clear();
        List<String> reached = new ArrayList<>();

        int refused = Rehearsal.run(List.of(
                () -> reached.add("read found " + dynamo.getItem(r -> r.tableName(table).key(key)).item()),
                () -> {
                    dynamo.deleteItem(r -> r.tableName(table).key(key));
                    reached.add("after the delete");
                },
                () -> reached.add("query found " + dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", key.get("PK")))).items())));

        assertEquals(List.of("read found {}", "query found []"), reached, "the item exists, but a rehearsal's reads find nothing");
        assertEquals(1, refused);
        assertEquals(List.of(), sent, "nothing reached DynamoDB Local");
        assertTrue(dynamo.getItem(r -> r.tableName(table).key(key)).hasItem(), "the delete was not sent");
        assertEquals(List.of("DynamoDB_20120810.GetItem"), sent, "outside a rehearsal the client is the real one");
    }

    @Test
    void aFailureOtherThanARefusalIsThrown() {
        IllegalStateException bug = new IllegalStateException("a bug in the rehearsed path");

        assertThrows(IllegalStateException.class, () -> Rehearsal.run(List.of(() -> {
            throw bug;
        })));
        put();
        assertFalse(sent.isEmpty(), "the thread is no longer rehearsing after a failed rehearsal");
    }
}
