package io.leadloop.bench;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start baseline: a fresh JVM that only builds an SDK client (the URL-connection HTTP client the handlers
 * use, the role credentials from the environment as Lambda provides them, the endpoint override) and stores one
 * item with PutItem. Nothing of leadloop. With a second argument {@code primed}, one PutItem of another key runs
 * before the timed one: the floor a primed SnapStart snapshot of this program would reach.
 * Prints {@code BENCH-DONE} with System.nanoTime() stamps (CLOCK_MONOTONIC, comparable with the parent's).
 */
public final class BareSdkPut {

    public static void main(String[] args) {
        long main = System.nanoTime();
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .endpointOverride(URI.create(System.getenv("LEADLOOP_DYNAMODB_ENDPOINT")))
                .build();
        long init = System.nanoTime();
        String id = args.length > 0 ? args[0] : "x";
        if (SnapStartProxy.asked(args)) put(dynamo, id + "-priming");
        long primed = System.nanoTime();
        put(dynamo, id);
        long done = System.nanoTime();
        System.out.println("BENCH-DONE main=" + main + " init=" + init + " primed=" + primed + " restored=" + primed
                + " done=" + done + " status=200");
        System.out.flush();
        System.exit(0);
    }

    private static void put(DynamoDbClient dynamo, String id) {
        dynamo.putItem(r -> r.tableName(System.getenv("LEADLOOP_TABLE")).item(Map.of(
                "PK", AttributeValue.fromS("BASELINE#" + id),
                "SK", AttributeValue.fromS("RAW"),
                "stored_at", AttributeValue.fromS(java.time.Instant.now().toString()))));
    }
}
