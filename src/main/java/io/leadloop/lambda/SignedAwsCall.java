package io.leadloop.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * One SigV4-signed POST to an AWS service, for the single calls leadloop makes to services whose SDK module it does
 * not ship (SSM's is 5 MB for one call per container; Lambda's is not in the SDK version used): the one place that
 * signs requests by hand.
 */
final class SignedAwsCall {

    /** The answer: its HTTP status and body. */
    record Answer(int status, String body) {
        boolean successful() {
            return status / 100 == 2;
        }
    }

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final String service;
    private final String region;
    private final AwsCredentialsProvider credentials;

    SignedAwsCall(String service, String region, AwsCredentialsProvider credentials) {
        this.service = service;
        this.region = region;
        this.credentials = credentials;
    }

    Answer post(URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElseThrow()).build()).call();
            String text = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(response.httpResponse().statusCode(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
