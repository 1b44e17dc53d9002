package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduled report end to end: the signed sample webhook is ingested, the schedules' inputs from events/ invoke
 * the real handler, and the emails are read back from the SES emulator as a recipient would see them. With only
 * LEADLOOP_REPORT_RECIPIENTS set, both audiences' emails go to the same people.
 */
@EndToEnd
public class ReportHandlerTest {

    /** The inputs of the sales and the marketing schedule, as EventBridge Scheduler sends them on Monday 2026-11-23. */
    static final List<String> SCHEDULES = List.of("events/scheduled-report.json", "events/scheduled-marketing-report.json");

    private final String recipient = "head-of-sales+" + System.nanoTime() + "@example.com";
    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            StoreSettings.TIMEZONE, "Europe/Madrid",
            ReportSettings.RECIPIENTS, recipient + ", cmo@example.com"));

    private ReportHandler reportHandler() {
        return new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)),
                Fixtures.clockAt(Fixtures.SIGNED_AT)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWeeklyEmailsShowEachRatioWithItsCountsAndBenchmark() {
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);

        // Each audience's schedule invokes the function with its own input (template.yaml).
        List<Map<String, Object>> reports = SCHEDULES.stream()
                .flatMap(s -> ((List<Map<String, Object>>) reportHandler().handleRequest(Fixtures.jsonFile(s), null).get("reports")).stream())
                .toList();
        assertEquals(List.of("sales", "marketing"), reports.stream().map(r -> r.get("audience")).toList());
        reports.forEach(r -> assertEquals("2026-W47", r.get("period"), "scheduled Monday 2026-11-23 reports the week before"));
        List<Map<String, Object>> emails = Engines.emailsTo(recipient);
        assertEquals(2, emails.size(), "one email per audience");
        Map<String, Object> sales = byMessageId(emails, reports.get(0).get("message_id"));
        Map<String, Object> marketing = byMessageId(emails, reports.get(1).get("message_id"));
        for (Map<String, Object> email : emails) {
            assertEquals("\"leadloop · " + (email == sales ? "Sales" : "Marketing") + " report\" <leadloop@example.com>", email.get("from"));
            assertEquals(List.of(recipient, "cmo@example.com"), Engines.to(email));
        }
        // 1 deal won (D-501) over 4 leads created = 25%, inside the 20-30% band of leads-to-close-ratio.txt.
        assertEquals("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)", sales.get("subject"));
        // MQL-to-SQL: 2 SQLs (L-1001, and L-1002 through its deal) over 2 MQLs.
        assertEquals("Marketing report 2026-W47: MQL-to-SQL 100.0% (2 / 2)", marketing.get("subject"));
        for (Map<String, Object> email : emails) {
            for (String body : List.of(readable(body(email, "html")), body(email, "text"))) {
                assertTrue(body.contains("16–22 Nov 2026"), "the week, Monday to Sunday");
                assertTrue(body.contains("Europe/Madrid"));
                assertTrue(body.contains("25.0% (1 / 4)"), "leads-to-close with its counts");
                assertTrue(body.contains("20–30% healthy") && body.contains("within benchmark"));
                assertTrue(body.contains("100.0% (2 / 2)"), "MQL-to-SQL with its counts");
                // Close rate: 1 won of 2 closed (D-502 lost).
                assertTrue(body.contains("50.0% (1 / 2)"), "close rate with its counts");
                // Nothing happened the week before: the comparisons say so in words.
                assertTrue(body.contains("no comparison"), "no previous ratio to compare with");
                assertFalse(body.contains("NaN"));
            }
        }
        for (String body : List.of(readable(body(marketing, "html")), body(marketing, "text"))) {
            assertTrue(body.contains("n/a (no MQLs in 2026-W46)"), "a zero denominator is named: the cohort of the week before");
        }
        assertTrue(body(sales, "html").contains("18,500"), "won value");
    }

    @Test
    void aWeekWithoutActivitySaysSoInsteadOfPrintingZeros() {
        reportHandler().handleRequest(Map.of("period", "2026-W40", "audience", "sales"), null);

        Map<String, Object> email = Engines.emailsTo(recipient).get(0);
        // Nothing was ever received: the note says so, and the subject flags the data as incomplete.
        assertEquals("[data incomplete] Sales report 2026-W40: no data, Leads-to-Close n/a (no leads created)", email.get("subject"));
        assertTrue(body(email, "text").contains("No funnel activity was recorded this period"));
        assertTrue(body(email, "text").replaceAll("\\s+", " ").contains("leadloop received no webhook events in the last"), body(email, "text"));
        assertFalse(body(email, "html").contains("0.0%"));
    }

    private static Map<String, Object> byMessageId(List<Map<String, Object>> emails, Object id) {
        return emails.stream().filter(e -> e.get("messageId").equals(id)).findFirst().orElseThrow();
    }

    /** The HTML's text as read: it keeps a ratio's counts and a range on one line with non-breaking spaces and word joiners. */
    public static String readable(String html) {
        return html.replace("&nbsp;", " ").replace("&#8288;", "");
    }

    @SuppressWarnings("unchecked")
    public static String body(Map<String, Object> email, String part) {
        return (String) ((Map<String, Object>) email.get("body")).get(part);
    }
}
