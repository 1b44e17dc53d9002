package io.leadloop.lambda;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Runs the real request path with nothing leaving the process, so that a SnapStart snapshot holds its classes
 * loaded and its code compiled. While a rehearsal runs on a thread, every SDK call it makes is marshalled, signed
 * and handed to the HTTP client, which prepares its (unconnected) connection and then:
 * <ul>
 * <li>answers a DynamoDB read as an empty table would ({@code {}}: no item, no page), so that the code after the
 * read (the funnel rules, the report's analysis and rendering) runs too;</li>
 * <li>refuses everything else (writes, SES sends) with a private exception that ends the current step.</li>
 * </ul>
 * Refusing is what makes a rehearsal safe: no answer is invented for a call that would change something, so the
 * code never acts on a write that did not happen. Other threads' calls are never affected.
 */
public final class Rehearsal {
    private Rehearsal() {}

    private static final ThreadLocal<Boolean> RUNNING = new ThreadLocal<>();
    private static final Set<String> DYNAMODB_READS = Set.of(
            "DynamoDB_20120810.GetItem", "DynamoDB_20120810.BatchGetItem", "DynamoDB_20120810.Query");
    private static final byte[] EMPTY_ANSWER = "{}".getBytes(StandardCharsets.US_ASCII);

    /** Not an SDK exception, so neither the SDK's retries nor {@code Mailer}'s catch it: it ends the step at once. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String target) {
            super("a rehearsal does not send " + target, null, false, false);
        }
    }

    /**
     * Runs each step in turn as a rehearsal. A step ends quietly at its first refused request; any other failure
     * is a real bug in the path being rehearsed and is thrown.
     *
     * @return how many steps got as far as a write or a send (and ended there)
     */
    public static int run(List<Runnable> steps) {
        RUNNING.set(Boolean.TRUE);
        int refused = 0;
        try {
            for (Runnable step : steps) {
                try {
                    step.run();
                } catch (Refused expected) {
                    refused++;
                }
            }
        } finally {
            RUNNING.remove();
        }
        return refused;
    }

    /** The HTTP client every SDK client of {@link AwsClients} uses: {@code real} outside rehearsals. */
    static SdkHttpClient around(SdkHttpClient real) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                ExecutableHttpRequest prepared = real.prepareRequest(request);
                if (RUNNING.get() == null) return prepared;
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                        .orElse(request.httpRequest().method() + " " + request.httpRequest().encodedPath());
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        if (!DYNAMODB_READS.contains(target)) throw new Refused(target);
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder().statusCode(200)
                                        .putHeader("Content-Type", "application/x-amz-json-1.0").build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_ANSWER)))
                                .build();
                    }

                    @Override
                    public void abort() {
                        prepared.abort();
                    }
                };
            }

            @Override
            public String clientName() {
                return real.clientName();
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
