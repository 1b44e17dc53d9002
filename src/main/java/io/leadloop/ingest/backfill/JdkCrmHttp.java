package io.leadloop.ingest.backfill;

import io.leadloop.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** {@link CrmHttp} over the JDK's HTTP client: no dependency beyond the JSON codec every other part uses. */
public final class JdkCrmHttp implements CrmHttp {

    /** How a rate-limited call waits; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final int MAX_RETRIES = 5;
    /** When a 429 or 503 names no wait: HubSpot's secondly window, Pipedrive's and Salesforce's are of this order. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    /** A CRM asking for more than this is out of quota for the day; waiting inside a Lambda run would not help. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Sleeper sleeper;
    private final Clock clock;
    private final AtomicInteger calls = new AtomicInteger();

    public JdkCrmHttp(Sleeper sleeper, Clock clock) {
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public static JdkCrmHttp sleeping() {
        return new JdkCrmHttp(duration -> Thread.sleep(duration.toMillis()), Clock.systemUTC());
    }

    @Override
    public Object get(URI uri, Map<String, String> headers) {
        return send("GET", uri, headers, HttpRequest.BodyPublishers.noBody(), null);
    }

    @Override
    public Object postJson(URI uri, Map<String, String> headers, Object body) {
        return send("POST", uri, headers, HttpRequest.BodyPublishers.ofString(Json.compact(body)), "application/json");
    }

    @Override
    public Object postForm(URI uri, Map<String, String> headers, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", uri, headers, HttpRequest.BodyPublishers.ofString(encoded), "application/x-www-form-urlencoded");
    }

    @Override
    public int calls() {
        return calls.get();
    }

    private Object send(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).method(method, body)
                .header("Accept", "application/json");
        if (contentType != null) builder.header("Content-Type", contentType);
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        for (int attempt = 0; ; attempt++) {
            calls.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CrmApiException(method + " " + uri.getPath() + " failed: " + e.getMessage(), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrmApiException(method + " " + uri.getPath() + " was interrupted", 0);
            }
            int status = response.statusCode();
            if (status / 100 == 2) return parse(method, uri, response.body());
            boolean throttled = status == 429 || status == 503;
            if (!throttled || attempt >= MAX_RETRIES) {
                throw new CrmApiException(method + " " + uri.getPath() + " answered " + status
                        + (throttled ? " after " + MAX_RETRIES + " retries" : "") + ": " + message(response.body()), status);
            }
            Duration wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            if (wait.compareTo(MAX_WAIT) > 0) {
                throw new CrmApiException(method + " " + uri.getPath() + " answered " + status + " and asks to wait " + wait.toSeconds()
                        + " s, longer than a run waits; the next run resumes from the saved cursor: " + message(response.body()), status);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrmApiException(method + " " + uri.getPath() + " was interrupted while rate-limited", status);
            }
        }
    }

    /** Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) return DEFAULT_WAIT;
        String value = header.strip();
        if (value.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(value));
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return DEFAULT_WAIT;
        }
    }

    private static Object parse(String method, URI uri, String body) {
        if (body == null || body.isBlank()) return Map.of();
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw new CrmApiException(method + " " + uri.getPath() + " answered with a body that is not JSON: " + abbreviated(body), 200);
        }
    }

    /** The CRM's own explanation: HubSpot and Pipedrive say "message", Salesforce a list of {"message"}, OAuth "error_description". */
    private static String message(String body) {
        try {
            Object parsed = Json.parse(body);
            if (parsed instanceof java.util.List<?> list && !list.isEmpty()) parsed = list.get(0);
            if (parsed instanceof Map<?, ?> map) {
                for (String key : new String[] {"message", "error_description", "error"}) {
                    if (map.get(key) instanceof String text && !text.isBlank()) return text;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: shown as it came
        }
        return abbreviated(body);
    }

    private static String abbreviated(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
