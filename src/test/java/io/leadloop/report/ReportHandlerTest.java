package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.config.AwsClients;
import io.leadloop.config.Config;
import io.leadloop.config.Wiring;
import io.leadloop.ingest.WebhookHandler;
import io.leadloop.local.LocalMain;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled report end to end: the signed sample webhook is ingested, the scheduled event from events/ invokes
 * the real handler, and the email is read back from the SES emulator as a recipient would see it.
 */
class ReportHandlerTest {

    private final String recipient = "head-of-sales+" + System.nanoTime() + "@example.com";
    private final Config config = Engines.freshConfig(Map.of(
            Wiring.GENERIC_SECRET, LocalMain.TEST_GENERIC_SECRET,
            Wiring.TIMEZONE, "Europe/Madrid",
            Wiring.REPORT_RECIPIENTS, recipient + ", cmo@example.com"));

    private ReportHandler reportHandler() {
        return new ReportHandler(Wiring.report(config, Engines.dynamo(), new Mailer(AwsClients.ses(config)),
                Fixtures.clockAt(Fixtures.SIGNED_AT)));
    }

    @Test
    void theWeeklyEmailShowsEachRatioWithItsCountsAndBenchmark() {
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);

        Map<String, Object> result = reportHandler().handleRequest(Fixtures.jsonFile("events/scheduled-report.json"), null);

        assertEquals("2026-W47", result.get("period"), "scheduled Monday 2026-11-23 reports the week before");
        List<Map<String, Object>> emails = Engines.emailsTo(recipient);
        assertEquals(1, emails.size());
        Map<String, Object> email = emails.get(0);
        assertEquals(result.get("message_id"), email.get("messageId"));
        assertEquals("leadloop@example.com", email.get("from"));
        assertEquals(List.of(recipient, "cmo@example.com"), destination(email));
        // 1 deal won (D-501) over 4 leads created = 25%, inside the 20-30% band of leads-to-close-ratio.txt.
        assertEquals("leadloop 2026-W47: Leads-to-Close 25.0% (1 / 4)", email.get("subject"));
        String html = body(email, "html");
        String text = body(email, "text");
        for (String body : List.of(html, text)) {
            assertTrue(body.contains("2026-11-16 to 2026-11-22"), "the week, Monday to Sunday");
            assertTrue(body.contains("Europe/Madrid"));
            assertTrue(body.contains("25.0%") && body.contains("1 / 4"), "leads-to-close with its counts");
            assertTrue(body.contains("20–30% healthy") && body.contains("within benchmark"));
            // MQL-to-SQL: 2 SQLs (L-1001, and L-1002 through its deal) over 2 MQLs.
            assertTrue(body.contains("100.0%") && body.contains("2 / 2"), "MQL-to-SQL with its counts");
            // Close rate: 1 won of 2 closed (D-502 lost).
            assertTrue(body.contains("50.0%") && body.contains("1 / 2"), "close rate with its counts");
            // Nothing happened the week before: the comparison and the MQL cohort of that week say so in words.
            assertTrue(body.contains("no comparison"), "no previous ratio to compare with");
            assertTrue(body.contains("n/a (no MQLs in 2026-W46)"), "a zero denominator is named");
            assertFalse(body.contains("NaN"));
        }
        assertTrue(html.contains("18500.00"), "won value");
    }

    @Test
    void aWeekWithoutActivitySaysSoInsteadOfPrintingZeros() {
        reportHandler().handleRequest(Map.of("period", "2026-W40"), null);

        Map<String, Object> email = Engines.emailsTo(recipient).get(0);
        assertEquals("leadloop 2026-W40: Leads-to-Close n/a (no leads created)", email.get("subject"));
        assertTrue(body(email, "text").contains("No funnel activity was recorded this period"));
        assertFalse(body(email, "html").contains("0.0%"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> destination(Map<String, Object> email) {
        return (List<String>) ((Map<String, Object>) email.get("destination")).get("to");
    }

    @SuppressWarnings("unchecked")
    private static String body(Map<String, Object> email, String part) {
        return (String) ((Map<String, Object>) email.get("body")).get(part);
    }
}
