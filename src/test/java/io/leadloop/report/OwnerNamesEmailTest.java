package io.leadloop.report;

import static io.leadloop.lambda.ReportHandlerTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reps by name: the sample week's deliveries (owners ana.garcia, ben.okafor, chloe.martin) through the webhook handler,
 * the names a CRM's users API gave recorded through the owner directory, and the sales email, sent to the SES
 * emulator, names each rep where it showed their id, in English and in Spanish.
 */
@EndToEnd
class OwnerNamesEmailTest {

    private static final List<String> IDS = List.of("ana.garcia", "ben.okafor", "chloe.martin");

    private final String sales = "sales+" + System.nanoTime() + "@example.com";

    private Config config(String language, String owners) {
        return Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid",
                Section.DOCUMENT, "{\"audiences\": {\"sales\": {\"recipients\": [\"" + sales + "\"], \"language\": \"" + language + "\"}, "
                        + "\"marketing\": {\"enabled\": false}}, \"owners\": " + owners + "}"));
    }

    private ReportHandler reportHandler;

    /** The sales email of week 47, sent after the CRM's users were recorded. */
    private Map<String, Object> salesEmail(Config config) {
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);
        Wiring.ownerDirectory(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)).record(GenericAdapter.SOURCE,
                Map.of("ana.garcia", "Ana García", "ben.okafor", "Ben Okafor", "chloe.martin", "Chloe M."));
        reportHandler = new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)),
                Fixtures.clockAt(Fixtures.SIGNED_AT)));
        reportHandler.handleRequest(Map.of("period", "2026-W47"), null);
        List<Map<String, Object>> emails = Engines.emailsTo(sales);
        assertEquals(1, emails.size());
        return emails.get(0);
    }

    private static void assertNamedNotIds(String part, List<String> names) {
        for (String name : names) assertTrue(part.contains(name), name + " in\n" + part);
        for (String id : IDS) assertFalse(part.contains(id), id + " is shown as a name in\n" + part);
    }

    @Test
    void theSalesEmailNamesTheRepsWithTheConfiguredNameOverTheCrms() {
        Map<String, Object> email = salesEmail(config("en", "{\"chloe.martin\": \"Chloé Martin\"}"));

        String html = ReportHandlerTest.readable(body(email, "html"));
        String text = body(email, "text");
        for (String part : List.of(html, text)) {
            assertNamedNotIds(part, List.of("Ana García", "Ben Okafor", "Chloé Martin"));
            assertFalse(part.contains("Chloe M."), "the configured name wins over the CRM's");
        }
        assertTrue(text.contains("Ana García · closed by"), text);
    }

    @Test
    void theSpanishSalesEmailNamesTheRepsToo() {
        Map<String, Object> email = salesEmail(config("es", "{}"));

        String text = body(email, "text");
        assertTrue(text.contains("POR COMERCIAL"), text);
        assertTrue(text.contains("Ana García · cerrado por"), text);
        assertNamedNotIds(text, List.of("Ana García", "Ben Okafor", "Chloe M."));
        assertNamedNotIds(ReportHandlerTest.readable(body(email, "html")), List.of("Ana García", "Ben Okafor", "Chloe M."));
    }

    @Test
    void theCsvKeepsTheIdsWithTheNamesBesideThem() {
        Map<String, Object> email = salesEmail(config("en", "{}"));

        @SuppressWarnings("unchecked")
        Map<String, Object> attachment = ((List<Map<String, Object>>) email.get("attachments")).get(0);
        String csv = new String(Base64.getDecoder().decode((String) attachment.get("content")), StandardCharsets.UTF_8);
        List<List<String>> rows = AudienceEmailsTest.parse(csv.substring(1));
        int name = CsvExport.COLUMNS.indexOf("value_name");
        List<String> closed = rows.stream().filter(r -> r.get(4).equals("close_rate") && r.get(6).equals("rep_closed_by")
                && r.get(7).equals("ana.garcia")).findFirst().orElseThrow();
        assertEquals("Ana García", closed.get(name));
        List<String> leads = rows.stream().filter(r -> r.get(4).equals("leads") && r.get(6).equals("all")).findFirst().orElseThrow();
        assertEquals("", leads.get(name), "no name beside what is not an owner");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStoredJsonKeepsTheIdsWithTheNamesBesideThem() {
        salesEmail(config("en", "{}"));

        Map<String, Object> snapshot = (Map<String, Object>) reportHandler.handleRequest(
                Map.of("fetch", true, "audience", "sales", "period", "2026-W47"), null).get("snapshot");
        Map<String, Object> waiting = ((List<Map<String, Object>>) snapshot.get("waiting_for_follow_up")).get(0);
        assertEquals(List.of("ana.garcia", "Ana García"), List.of(waiting.get("owner"), waiting.get("owner_name")));
        Map<String, Object> action = (Map<String, Object>) ((Map<String, Object>) snapshot.get("briefing")).get("action");
        assertEquals(List.of("ana.garcia", "Ana García"), List.of(action.get("owner"), action.get("owner_name")));
        List<Map<String, Object>> reps = (List<Map<String, Object>>) ((Map<String, Object>) snapshot.get("report")).get("reps");
        assertEquals(List.of("ana.garcia=Ana García", "ana.garcia=Ana García", "ben.okafor=Ben Okafor", "ben.okafor=Ben Okafor",
                "chloe.martin=Chloe M."), reps.stream().map(r -> r.get("rep") + "=" + r.get("rep_name")).sorted().toList());
    }
}
