package io.leadloop.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Period;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.salesforce.SalesforceAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.ReportJson;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The laptop runner's serve mode over real HTTP, and the report JSON it prints, against the sample it sends. */
@EndToEnd
class LocalModeTest {

    private final Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            StoreSettings.TIMEZONE, "America/Mexico_City"));
    private LocalHttpServer server;

    @BeforeEach
    void serve() throws Exception {
        server = LocalHttpServer.start("127.0.0.1", 0, new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Clock.systemUTC())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSampleSentOverHttpIsWhatTheReportCounts() throws Exception {
        Period week = Period.parse("2026-W47");
        SampleData.Sample sample = SampleData.generate(week, ZoneId.of("America/Mexico_City"), Instant.parse("2026-11-30T00:00:00Z"), 7);
        GenericSender sender = new GenericSender(URI.create(server.baseUrl() + "/webhooks/generic"), LocalMain.TEST_GENERIC_SECRET);
        List<Map<String, Object>> events = sample.events();
        for (int from = 0; from < events.size(); from += 40) {
            HttpResponse<String> response = sender.send(events.subList(from, Math.min(events.size(), from + 40)));
            assertEquals(200, response.statusCode(), response.body());
        }

        var reports = Wiring.reports(config, Engines.dynamo(), Clock.systemUTC());
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.pretty(ReportJson.of(reports.build(week))));
        Map<String, Object> counts = (Map<String, Object>) json.get("counts");

        assertTrue(sample.expectedCounts().get("leads") > 30, "a realistic week: " + sample.expectedCounts());
        sample.expectedCounts().forEach((key, expected) ->
                assertEquals(expected.longValue(), ((Number) counts.get(key)).longValue(), key));
        assertEquals("America/Mexico_City", ((Map<String, Object>) json.get("period")).get("timezone"));
    }

    /**
     * docs/webhooks/salesforce.md, "Try it locally": the environment it sets, read from the page itself, and the
     * request its curl sends, answered with the SOAP Ack by the server serve starts with those settings.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theSalesforceGuidesTryItLocallyWorksAsWritten() throws Exception {
        String guide = Files.readString(Path.of("docs/webhooks/salesforce.md"));
        String section = guide.substring(guide.indexOf("## Try it locally"));
        Map<String, String> environment = new HashMap<>();
        Matcher setting = Pattern.compile("^(LEADLOOP_[A-Z_]+)=('([^']*)'|(\\S+)) \\\\$", Pattern.MULTILINE).matcher(section);
        while (setting.find()) environment.put(setting.group(1), setting.group(3) != null ? setting.group(3) : setting.group(4));
        assertEquals(Set.of(SalesforceAdapter.TOKEN, Section.DOCUMENT), environment.keySet(), "the settings the guide gives");
        Matcher curl = Pattern.compile("curl -s \"http://127\\.0\\.0\\.1:8080(/[^\"]+)\"").matcher(section);
        assertTrue(curl.find(), "the guide's curl command");

        Map<String, String> settings = new HashMap<>(LocalMain.settings(Map.of(), environment));
        settings.remove(StoreSettings.TABLE);
        Config documented = Engines.freshConfig(settings);
        Map<String, Object> sample = (Map<String, Object>) Json.parse(Files.readString(Path.of("events/salesforce-outbound-message.json")));
        try (LocalHttpServer serve = LocalHttpServer.start("127.0.0.1", 0,
                new WebhookHandler(Wiring.ingest(documented, Engines.dynamo(), Clock.systemUTC())))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(serve.baseUrl() + curl.group(1)))
                            .header("Content-Type", "text/xml; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString((String) sample.get("body"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("<Ack>true</Ack>"), response.body());
        }
    }

    @Test
    void aSignedBodyThatIsNotUtf8GetsA400OverHttp() throws Exception {
        byte[] body = "{\"events\":[{\"id\":\"e-?\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-17T10:00:00Z\",\"lead_id\":\"L-1\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        body[new String(body, java.nio.charset.StandardCharsets.UTF_8).indexOf('?')] = (byte) 0xFF;
        long timestamp = Instant.now().getEpochSecond();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/webhooks/generic"))
                        .header("content-type", "application/json")
                        .header("webhook-id", "msg_not_utf8").header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", io.leadloop.ingest.generic.StandardWebhooks.sign(LocalMain.TEST_GENERIC_SECRET, "msg_not_utf8", timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("not valid UTF-8"), response.body());
    }

    @Test
    void anUnsignedPostGetsAProblemOverHttp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/webhooks/generic"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().contains("webhook-id is missing"), response.body());
    }

    @Test
    void anUnknownSourceIsNamedWithTheRoutesThatExist() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/webhooks/zoho"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("/webhooks/generic"), response.body());
    }
}
