package io.leadloop.report;

import static io.leadloop.lambda.ReportHandlerTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.ReportHandlerTest;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each side gets its own email, with the content written for it, for the sample in events/ whose numbers are known:
 * week 47 of 2026 (Europe/Madrid) has 4 leads (L-1001 webinar, L-1002 paid-search, L-1003 organic, L-1004 referral),
 * 2 MQLs and 2 SQLs, D-501 won (18,500, ana.garcia) and D-502 lost ("chose competitor", ben.okafor), L-1003
 * disqualified ("no budget") and one activity (ana.garcia on L-1001). With no qualified-lead definition every lead
 * is qualified, so L-1004 (created 18 Nov, never worked) waits for follow-up on 23 Nov: 4 whole days.
 */
@EndToEnd
class AudienceEmailsTest {

    private final String sales = "sales+" + System.nanoTime() + "@example.com";
    private final String marketing = "marketing+" + System.nanoTime() + "@example.com";

    private Config config(String marketingLanguage) {
        return Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid",
                Section.DOCUMENT, "{\"audiences\": {\"sales\": {\"recipients\": [\"" + sales + "\"]}, "
                        + "\"marketing\": {\"recipients\": [\"" + marketing + "\"], \"language\": \"" + marketingLanguage + "\"}}}"));
    }

    private Map<String, Object> sendWeek47(Config config, Instant reportAt) {
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);
        Clock clock = Fixtures.clockAt(reportAt);
        return new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)), clock))
                .handleRequest(Map.of("period", "2026-W47"), null);
    }

    @Test
    void eachSideReceivesItsOwnEmailWrittenForIt() {
        sendWeek47(config("en"), Fixtures.SIGNED_AT);

        Map<String, Object> salesEmail = only(Engines.emailsTo(sales));
        Map<String, Object> marketingEmail = only(Engines.emailsTo(marketing));
        assertEquals(List.of(sales), Engines.to(salesEmail), "sales' email goes to sales only");
        assertEquals(List.of(marketing), Engines.to(marketingEmail));
        assertEquals("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)", salesEmail.get("subject"));
        assertEquals("Marketing report 2026-W47: MQL-to-SQL 100.0% (2 / 2)", marketingEmail.get("subject"));

        String s = body(salesEmail, "text");
        String flat = s.replaceAll("\\s+", " ");
        // Opening: what changed, against benchmark and goal, and what to do.
        assertTrue(flat.contains("Leads-to-Close was 25.0% (1 / 4) in week 47; there is no earlier period to compare with."), s);
        assertTrue(flat.contains("That is within the 20–30% benchmark; won value was €18,500 (no goal set)."), s);
        assertTrue(flat.contains("** What to do ** Follow up the qualified lead waiting more than 3 days: L-1004 (ana.garcia) has waited 4 days."), s);
        // Close rate and leads-to-close by rep, activity, waiting leads, pipeline, time in stage, why deals were lost.
        assertTrue(s.contains("BY REP"), s);
        // Too wide for aligned columns in 76 characters, the rep table is written a rep per entry.
        assertTrue(flat.contains("ana.garcia · sourced by Close Rate: 100.0% (1 / 1), few cases; Leads-to-Close: 50.0% (1 / 2), few cases"),
                "ana: won 1 of 1 closed, 1 of her 2 leads: " + s);
        assertTrue(flat.contains("ben.okafor · sourced by Close Rate: 0.0% (0 / 1), few cases; Leads-to-Close: 0.0% (0 / 1), few cases"),
                "ben: D-502 lost; owns L-1002");
        assertTrue(row(s, "ana.garcia", "1", "€18,500", "1"), "ana: 1 activity, €18,500 won, 1 lead waiting");
        assertEquals(1, s.lines().filter(l -> l.startsWith("  ana.garcia  ")).count(), "one line of activity per rep, not per role");
        assertTrue(s.contains("QUALIFIED LEADS WITHOUT FOLLOW-UP FOR MORE THAN 3 DAYS") && row(s, "L-1004", "ana.garcia", "referral", "4"), s);
        assertTrue(s.contains("Open pipeline") && s.contains("Won value against goal") && s.contains("Average deal value"));
        assertTrue(row(s, "MQLs → SQLs", "100.0% (2 / 2)"), "time in stage table");
        assertTrue(s.contains("WHY DEALS WERE LOST") && s.contains("chose competitor"), s);
        assertFalse(s.contains("WHY SALES DISQUALIFIED LEADS"), "marketing's section is not in sales' email");

        String m = body(marketingEmail, "text");
        String mflat = m.replaceAll("\\s+", " ");
        assertTrue(mflat.contains("MQL-to-SQL was 100.0% (2 / 2) in week 47; there is no earlier period to compare with."), m);
        // Every lead counts as qualified without a definition: 1 won of 4, below the 30-50% band.
        assertTrue(mflat.contains("Qualified-Leads-to-Close was 25.0% (1 / 4), below its 30–50% benchmark."), m);
        assertTrue(m.contains("MQL-TO-SQL BY SOURCE: PERIOD AND COHORT VIEWS"), m);
        assertFalse(m.contains("Lagged"), "with a lag of 0 the lagged view would repeat the period view: it is left out");
        assertTrue(m.contains("MQL-TO-SQL BY CAMPAIGN") && m.contains("MQL-TO-SQL BY FORM"), m);
        assertTrue(m.contains("n/a (no MQLs in 2026-W46)"), "the cohort of the week before is empty, and says so");
        assertTrue(m.contains("WHY SALES DISQUALIFIED LEADS") && m.contains("no budget") && m.contains("100.0% (1 / 1)"), m);
        assertTrue(m.contains("QUALIFIED-LEADS-TO-CLOSE BY SOURCE"), m);
        assertTrue(m.contains("WHAT WINS: SUGGESTIONS FOR THE QUALIFIED-LEAD DEFINITION"), m);
        assertTrue(m.contains("QUALIFIED LEADS NEVER WORKED") && m.contains("L-1004"), m);
        assertFalse(m.contains("BY REP"), "sales' rep table is not in marketing's email");

        for (Map<String, Object> email : List.of(salesEmail, marketingEmail)) {
            String html = body(email, "html");
            assertFalse(html.contains("<script"), "no scripts");
            assertFalse(html.contains("<svg"), "no SVG");
            assertFalse(html.contains("<link") || html.contains("@import") || html.contains("@font-face"), "no external fonts or CSS");
            Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
            assertTrue(style.find() && style.group(1).startsWith("@media only screen and (max-width:480px){") && !style.find(),
                    "inline CSS, but for the one narrow-screen rule that clients may strip");
            assertFalse(html.contains("<img"), "charts are table cells, not images");
        }
    }

    @Test
    void eachListedLeadLinksToItsCrmRecordAndTheFooterSaysHowToStopTheEmail() {
        Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid",
                Section.DOCUMENT, "{\"audiences\": {\"sales\": {\"recipients\": [\"" + sales + "\"]}, \"marketing\": {\"recipients\": [\""
                        + marketing + "\"]}}, \"crm_links\": {\"generic\": \"https://crm.example.com/leads/{id}\"}}"));
        sendWeek47(config, Fixtures.SIGNED_AT);

        for (String to : List.of(sales, marketing)) {
            Map<String, Object> email = only(Engines.emailsTo(to));
            String audience = to.equals(sales) ? "sales" : "marketing";
            String html = body(email, "html");
            assertTrue(html.contains("<a href=\"https://crm.example.com/leads/L-1004\""), audience + ": L-1004, waiting, links to its record");
            String text = body(email, "text");
            assertTrue(text.contains("  L-1004: https://crm.example.com/leads/L-1004\n"), audience + ": the text part gives the link: " + text);
            assertTrue(text.replaceAll("\\s+", " ").contains("To change who receives it, or to stop it, ask your leadloop administrator to edit "
                    + "LEADLOOP_CONFIG.audiences." + audience + ".recipients"), text);
            assertEquals("\"leadloop · " + (to.equals(sales) ? "Sales" : "Marketing") + " report\" <leadloop@example.com>", email.get("from"),
                    "the sender has a display name");
        }
    }

    @Test
    void theCsvParsesAndHoldsEveryRatioOfTheHtml() {
        sendWeek47(config("en"), Fixtures.SIGNED_AT);

        for (String to : List.of(sales, marketing)) {
            Map<String, Object> email = only(Engines.emailsTo(to));
            Map<String, Object> attachment = only(attachments(email));
            assertEquals("text/csv", attachment.get("contentType"));
            String audience = to.equals(sales) ? "sales" : "marketing";
            assertEquals("leadloop-" + audience + "-report-2026-W47.csv", attachment.get("filename"));
            String csv = new String(Base64.getDecoder().decode((String) attachment.get("content")), StandardCharsets.UTF_8);
            assertTrue(csv.startsWith(CsvExport.BOM), "a byte-order mark for Excel");
            List<List<String>> rows = parse(csv.substring(1));
            assertEquals(CsvExport.COLUMNS, rows.get(0));
            rows = rows.subList(1, rows.size());
            for (List<String> row : rows) assertEquals(CsvExport.COLUMNS.size(), row.size(), "every row has every column: " + row);

            List<String> headline = find(rows, "2026-W47", "leads_to_close", "period", "all", "all");
            assertEquals(List.of("1", "4", "25", "percent"), headline.subList(8, 12));
            assertEquals(List.of("2", "2", "100"), find(rows, "2026-W47", "mql_to_sql", "period", "all", "all").subList(8, 11));
            assertEquals(List.of("0", "0", ""), find(rows, "2026-W47", "mql_to_sql", "cohort", "all", "all").subList(8, 11),
                    "an empty cohort: no percentage, never 0");
            assertEquals("18500", find(rows, "2026-W47", "won_value", "period", "all", "all").get(10));
            assertEquals("4", find(rows, "2026-W47", "leads", "period", "all", "all").get(10));
            assertEquals("4", find(rows, "2026-W47", "waiting_for_follow_up", "now", "lead", "L-1004").get(10));
            assertEquals("1", find(rows, "2026-W47", "disqualified", "period", "reason", "no budget").get(10));
            assertEquals(13, rows.stream().filter(r -> r.get(4).equals("close_rate") && r.get(5).equals("period") && r.get(6).equals("all")).count(),
                    "the trend's 13 periods");

            // Every "percent (numerator / denominator)" of the HTML is a row of the CSV.
            String html = ReportHandlerTest.readable(body(email, "html"));
            Matcher ratio = Pattern.compile("(\\d+\\.\\d)% \\((\\d+) / (\\d+)\\)").matcher(html);
            int checked = 0;
            while (ratio.find()) {
                double percent = Double.parseDouble(ratio.group(1));
                String n = ratio.group(2);
                String d = ratio.group(3);
                assertTrue(rows.stream().anyMatch(r -> r.get(8).equals(n) && r.get(9).equals(d) && !r.get(10).isEmpty()
                                && Math.abs(Double.parseDouble(r.get(10)) - percent) < 0.051),
                        audience + ": " + ratio.group() + " of the HTML is in the CSV");
                checked++;
            }
            assertTrue(checked > 10, audience + ": the HTML shows its ratios (" + checked + ")");
        }
    }

    @Test
    void theMarketingEmailCanBeWrittenInSpanish() {
        sendWeek47(config("es"), Fixtures.SIGNED_AT);

        Map<String, Object> email = only(Engines.emailsTo(marketing));
        assertEquals("Informe de marketing 2026-W47: MQL a SQL 100,0\u00a0% (2 / 2)", email.get("subject"), "a non-breaking space before %");
        String html = body(email, "html");
        assertTrue(html.contains("<html lang=\"es\">"));
        assertTrue(html.contains("Semana 47, 16–22 nov 2026"), html.substring(0, 2000));
        assertTrue(html.contains("Por qué ventas descartó leads") && html.contains("no budget"));
        assertTrue(html.contains("n/d (ningún MQL en 2026-W46)"), "a zero denominator is named, in Spanish");
        assertTrue(body(email, "text").replaceAll("\\s+", " ").contains("MQL a SQL fue 100,0\u00a0% (2 / 2) en la semana 47"), body(email, "text"));
        assertEquals("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)", only(Engines.emailsTo(sales)).get("subject"),
                "the language is per audience");
    }

    @Test
    void aReportWhoseDataStoppedArrivingIsFlagged() {
        // Reported on 5 December: nothing has arrived since the sample was ingested on 23 November.
        sendWeek47(config("en"), Fixtures.SIGNED_AT.plus(Duration.ofDays(12)));

        Map<String, Object> email = only(Engines.emailsTo(sales));
        assertTrue(((String) email.get("subject")).startsWith("[data incomplete] Sales report 2026-W47"), (String) email.get("subject"));
        String text = body(email, "text").replaceAll("\\s+", " ");
        assertTrue(text.contains("No webhook events have arrived since 23 Nov 2026 (12 days)"), text);
        assertTrue(text.contains("Check first that the CRM's webhooks still reach leadloop"), text);
    }

    // ---------------------------------------------------------------- helpers

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), "exactly one: " + list);
        return list.get(0);
    }

    /** A line of a text-part table holding all {@code cells}, in order. */
    private static boolean row(String text, String... cells) {
        return text.lines().anyMatch(line -> {
            int at = 0;
            for (String cell : cells) {
                int found = line.indexOf(cell, at);
                if (found < 0) return false;
                at = found + cell.length();
            }
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> attachments(Map<String, Object> email) {
        Object list = email.get("attachments");
        assertNotNull(list, "the stored email has attachments");
        return (List<Map<String, Object>>) list;
    }

    private static List<String> find(List<List<String>> rows, String period, String metric, String view, String dimension, String value) {
        return rows.stream().filter(r -> r.get(1).equals(period) && r.get(4).equals(metric) && r.get(5).equals(view)
                        && r.get(6).equals(dimension) && r.get(7).equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no CSV row " + List.of(period, metric, view, dimension, value)));
    }

    /** RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks; CRLF between rows. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
