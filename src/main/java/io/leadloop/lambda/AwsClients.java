package io.leadloop.lambda;

import io.leadloop.settings.Config;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * SDK clients, built once per container with the lightweight URL-connection HTTP client and without the
 * default provider chains' probing (region and credentials come straight from the Lambda environment).
 * An endpoint override points a client at DynamoDB Local or the SES emulator. Their HTTP client lets a
 * {@link Rehearsal} (SnapStart priming) run the request path without sending anything.
 */
public final class AwsClients {
    private AwsClients() {}

    public static final String DYNAMODB_ENDPOINT = "LEADLOOP_DYNAMODB_ENDPOINT";
    public static final String SES_ENDPOINT = "LEADLOOP_SES_ENDPOINT";

    public static DynamoDbClient dynamoDb(Config config) {
        var builder = DynamoDbClient.builder()
                .httpClient(Rehearsal.around(UrlConnectionHttpClient.create()))
                .region(region(config))
                .credentialsProvider(credentials(config));
        config.optional(DYNAMODB_ENDPOINT).map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The SDK does not retry SES calls: {@code Mailer} does, with its own backoff, so that attempts are counted once. */
    public static SesV2Client ses(Config config) {
        var builder = SesV2Client.builder()
                .httpClient(Rehearsal.around(UrlConnectionHttpClient.create()))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .region(region(config))
                .credentialsProvider(credentials(config));
        config.optional(SES_ENDPOINT).map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region region(Config config) {
        return Region.of(config.optional("AWS_REGION").orElse("us-east-1"));
    }

    /**
     * The function's role: from the environment, or from the container endpoint Lambda uses instead when
     * SnapStart restores a snapshot (environment credentials would be stale there).
     */
    static AwsCredentialsProvider roleCredentials() {
        return AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                ContainerCredentialsProvider.builder().build());
    }

    /** Local engines accept any key; real AWS gets the function's role. */
    static AwsCredentialsProvider credentials(Config config) {
        if (config.optional(DYNAMODB_ENDPOINT).isPresent() || config.optional(SES_ENDPOINT).isPresent()) {
            if (config.optional("AWS_ACCESS_KEY_ID").isEmpty()) {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            }
        }
        return roleCredentials();
    }
}
