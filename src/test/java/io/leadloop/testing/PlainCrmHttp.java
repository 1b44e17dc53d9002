package io.leadloop.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.leadloop.ingest.backfill.CrmHttp;
import io.leadloop.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The least {@link CrmHttp} that keeps its contract, for the history sources' tests: a 429 waits what
 * {@code Retry-After} says and retries (a few times), any other non-2xx is a {@link CrmApiException} with the body.
 */
public final class PlainCrmHttp implements CrmHttp {

    private static final int RETRIES = 3;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Object get(URI uri, Map<String, String> headers) {
        return send(request(uri, headers).GET());
    }

    @Override
    public Object postJson(URI uri, Map<String, String> headers, Object body) {
        return send(request(uri, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body))));
    }

    @Override
    public Object postForm(URI uri, Map<String, String> headers, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(uri, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
    }

    @Override
    public int calls() {
        return calls.get();
    }

    private static HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder;
    }

    private Object send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            for (int attempt = 0; ; attempt++) {
                calls.incrementAndGet();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429 && attempt < RETRIES) {
                    Thread.sleep(1000L * response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
                    continue;
                }
                if (response.statusCode() / 100 != 2) {
                    throw new CrmApiException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                            + ": " + response.body(), response.statusCode());
                }
                return Json.parse(response.body());
            }
        } catch (IOException e) {
            throw new CrmApiException(request.method() + " " + request.uri().getPath() + " failed: " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrmApiException(request.method() + " " + request.uri().getPath() + " interrupted", 0);
        }
    }
}
