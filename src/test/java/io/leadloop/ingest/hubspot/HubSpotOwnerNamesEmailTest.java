package io.leadloop.ingest.hubspot;

import static io.leadloop.lambda.ReportHandlerTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.backfill.Backfill;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.ReportHandlerTest;
import io.leadloop.lambda.Wiring;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Owner names from HubSpot itself: a backfill of the sample account (whose contact 501 is owned by 71234567) through
 * the local HubSpot into DynamoDB Local records the account's owners, and the sales email of that week, sent to the
 * SES emulator, names the rep as HubSpot does where it showed the owner id.
 */
@EndToEnd
class HubSpotOwnerNamesEmailTest {

    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);

    private final HubSpotFake hubspot = HubSpotFake.withSampleAccount();
    private final String sales = "sales+" + System.nanoTime() + "@example.com";

    @AfterEach
    void stopFake() {
        hubspot.close();
    }

    private Config config() {
        Config webhooks = HubSpotWebhookHandlerTest.config(Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> document = new java.util.LinkedHashMap<>((Map<String, Object>) parse(webhooks.required(Section.DOCUMENT, "")));
        document.put("audiences", Map.of("sales", Map.of("recipients", List.of(sales)), "marketing", Map.of("enabled", false)));
        return webhooks.with(Map.of(Section.DOCUMENT, Json.compact(document),
                HubSpotHistory.ACCESS_TOKEN, HubSpotFake.TOKEN, HubSpotHistory.API_URL, hubspot.url().toString()));
    }

    private static Object parse(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSalesEmailNamesTheRepHubSpotListsAfterABackfill() {
        Config config = config();

        Backfill.Summary summary = Wiring.backfill(config, Engines.dynamo(), CLOCK)
                .run(Wiring.history(config, HubSpotAdapter.SOURCE, new JdkCrmHttp(d -> {}, CLOCK)), Kind.BACKFILL, () -> true, s -> {});
        new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)), CLOCK))
                .handleRequest(Map.of("period", "2026-W47"), null);

        assertEquals(new Backfill.OwnersRecorded(4, null), summary.owners());
        List<Map<String, Object>> emails = Engines.emailsTo(sales);
        assertEquals(1, emails.size());
        String text = body(emails.get(0), "text");
        String html = ReportHandlerTest.readable(body(emails.get(0), "html"));
        for (String part : List.of(text, html)) {
            assertTrue(part.contains("Marta Ruiz"), "HubSpot's name for owner 71234567 in\n" + part);
            assertFalse(part.contains("71234567"), "the owner id is shown as a name in\n" + part);
        }
    }
}
