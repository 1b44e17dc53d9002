package io.leadloop.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.config.AwsClients;
import io.leadloop.config.Config;
import io.leadloop.config.Wiring;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.WebhookHandler;
import io.leadloop.json.Json;
import io.leadloop.report.Mailer;
import io.leadloop.report.ReportJson;
import io.leadloop.testing.Engines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The laptop runner's serve mode over real HTTP, and the report JSON it prints, against the sample it sends. */
class LocalModeTest {

    private final Config config = Engines.freshConfig(Map.of(Wiring.GENERIC_SECRET, LocalMain.TEST_GENERIC_SECRET,
            Wiring.TIMEZONE, "America/Mexico_City"));
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

        var reports = Wiring.report(config, Engines.dynamo(), new Mailer(AwsClients.ses(config)), Clock.systemUTC());
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.pretty(ReportJson.of(reports.build(week))));
        Map<String, Object> counts = (Map<String, Object>) json.get("counts");

        assertTrue(sample.expectedCounts().get("leads") > 30, "a realistic week: " + sample.expectedCounts());
        sample.expectedCounts().forEach((key, expected) ->
                assertEquals(expected.longValue(), ((Number) counts.get(key)).longValue(), key));
        assertEquals("America/Mexico_City", ((Map<String, Object>) json.get("period")).get("timezone"));
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
