package io.leadloop.lambda;

import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Invokes a function asynchronously ({@code InvocationType=Event}), as a run that must continue past Lambda's 15
 * minutes invokes itself. {@code LEADLOOP_LAMBDA_ENDPOINT} points it elsewhere (tests).
 */
final class SelfInvocation {

    static final String LAMBDA_ENDPOINT = "LEADLOOP_LAMBDA_ENDPOINT";

    private final SignedAwsCall lambda;
    private final URI endpoint;

    SelfInvocation(Config config) {
        String region = config.optional("AWS_REGION").orElse("us-east-1");
        this.lambda = new SignedAwsCall("lambda", region, AwsClients.credentials(config));
        this.endpoint = URI.create(config.optional(LAMBDA_ENDPOINT).orElse("https://lambda." + region + ".amazonaws.com"));
    }

    void invokeAsync(String functionName, Map<String, Object> input) {
        URI uri = endpoint.resolve("/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations");
        SignedAwsCall.Answer answer = lambda.post(uri, Map.of("X-Amz-Invocation-Type", "Event", "Content-Type", "application/json"),
                Json.compact(input).getBytes(StandardCharsets.UTF_8));
        if (answer.status() != 202) {
            throw new IllegalStateException("Lambda Invoke of " + functionName + " answered " + answer.status() + ": " + answer.body()
                    + "; the cursor is saved, so invoking the function again with the same input continues the run");
        }
    }
}
