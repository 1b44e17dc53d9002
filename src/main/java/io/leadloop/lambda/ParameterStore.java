package io.leadloop.lambda;

import io.leadloop.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

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

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;

    /** @param endpoint null for the region's public endpoint */
    public ParameterStore(String region, URI endpoint, AwsCredentialsProvider credentials) {
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://ssm." + region + ".amazonaws.com/");
        this.credentials = credentials;
    }

    /** Reads with the function's role, in its region (the standard AWS_ENDPOINT_URL_SSM overrides the endpoint). */
    static String read(String name) {
        return Holder.DEFAULT.value(name);
    }

    public String value(String name) {
        byte[] body = Json.compact(Map.of("Name", name, "WithDecryption", true)).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonSSM.GetParameter")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request()).contentStreamProvider(signed.payload().orElseThrow()).build());
        try {
            HttpExecuteResponse response = call.call();
            String text;
            try (InputStream in = response.responseBody().orElseThrow(() -> new IOException("empty response"))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException("SSM answered " + response.httpResponse().statusCode() + ": " + text);
            }
            Map<?, ?> parameter = (Map<?, ?>) ((Map<?, ?>) Json.parse(text)).get("Parameter");
            return (String) parameter.get("Value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
