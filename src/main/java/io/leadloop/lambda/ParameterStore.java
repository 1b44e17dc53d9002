package io.leadloop.lambda;

import io.leadloop.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Reads SecureString parameters with one SigV4-signed {@code GetParameter} call. Deliberately not the SDK's SSM
 * client: that module alone is 5 MB of the deployed jar for the one call made once per container.
 */
public final class ParameterStore {

    private static final class Holder {
        static final ParameterStore DEFAULT = new ParameterStore(
                Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"),
                Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL_SSM")).map(URI::create).orElse(null),
                AwsClients.roleCredentials());
    }

    private final SignedAwsCall ssm;
    private final URI endpoint;

    /** @param endpoint null for the region's public endpoint */
    public ParameterStore(String region, URI endpoint, AwsCredentialsProvider credentials) {
        this.ssm = new SignedAwsCall("ssm", region, credentials);
        this.endpoint = endpoint != null ? endpoint : URI.create("https://ssm." + region + ".amazonaws.com/");
    }

    /** Reads with the function's role, in its region (the standard AWS_ENDPOINT_URL_SSM overrides the endpoint). */
    static String read(String name) {
        return Holder.DEFAULT.value(name);
    }

    public String value(String name) {
        byte[] body = Json.compact(Map.of("Name", name, "WithDecryption", true)).getBytes(StandardCharsets.UTF_8);
        SignedAwsCall.Answer answer = ssm.post(endpoint, Map.of("Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "AmazonSSM.GetParameter"), body);
        if (!answer.successful()) {
            throw new IllegalStateException("SSM answered " + answer.status() + ": " + answer.body());
        }
        try {
            Map<?, ?> parameter = (Map<?, ?>) ((Map<?, ?>) Json.parse(answer.body())).get("Parameter");
            return (String) parameter.get("Value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
