package io.leadloop.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.leadloop.lambda.ParameterStore;
import io.leadloop.testing.Unit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The hand-rolled GetParameter call, over real HTTP against a server that answers as SSM's JSON protocol does. */
@Unit
class ParameterStoreTest {

    private final List<Map<String, String>> requests = new ArrayList<>();
    private HttpServer ssm;

    private ParameterStore storeAnswering(int status, String body) throws Exception {
        ssm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ssm.createContext("/", exchange -> {
            requests.add(Map.of(
                    "target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                    "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        ssm.start();
        return new ParameterStore("eu-west-1", URI.create("http://127.0.0.1:" + ssm.getAddress().getPort() + "/"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    @AfterEach
    void stop() {
        ssm.stop(0);
    }

    @Test
    void asksForTheDecryptedValueWithASignedGetParameter() throws Exception {
        ParameterStore store = storeAnswering(200, "{\"Parameter\":{\"Name\":\"/leadloop/generic-webhook-secret\",\"Type\":\"SecureString\","
                + "\"Value\":\"whsec_c2VjcmV0\",\"Version\":3}}");

        assertEquals("whsec_c2VjcmV0", store.value("/leadloop/generic-webhook-secret"));

        Map<String, String> request = requests.get(0);
        assertEquals("AmazonSSM.GetParameter", request.get("target"));
        assertEquals("application/x-amz-json-1.1", request.get("contentType"));
        assertTrue(request.get("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), request.get("authorization"));
        assertTrue(request.get("authorization").contains("/eu-west-1/ssm/aws4_request"), request.get("authorization"));
        assertTrue(request.get("body").contains("\"WithDecryption\":true") && request.get("body").contains("/leadloop/generic-webhook-secret"));
    }

    @Test
    void aMissingParameterSaysWhatSsmSaid() throws Exception {
        ParameterStore store = storeAnswering(400, "{\"__type\":\"ParameterNotFound\",\"message\":\"\"}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.value("/leadloop/missing"));
        assertTrue(e.getMessage().contains("ParameterNotFound"), e.getMessage());
    }
}
