package io.leadloop.report;

import static io.leadloop.lambda.ReportHandlerTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Counter;
import io.leadloop.funnel.Dimension;
import io.leadloop.funnel.Metric;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.GenericWebhookHandlerTest;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Week 47 of 2026 (Europe/Madrid) with deals won in euros, dollars, pounds and yen, one without a currency, and an
 * open deal in pesos, delivered in the generic format through the real webhook handler into DynamoDB Local. The
 * configured rates (1 USD = 0.92 EUR, 0.95 from 19 Nov; 1 GBP = 1.17 EUR) convert all but the yen and the pesos:
 * won value 10,000 + 920 + 1,900 + 585 + 300 = 13,705 EUR over five deals, and the report says what it left out. A yen
 * rate configured afterwards converts the yen deal when it next changes.
 */
@EndToEnd
class MixedCurrencyReportTest {

    private static final Period WEEK_47 = Period.parse("2026-W47");

    private final String sales = "sales+" + System.nanoTime() + "@example.com";
    private final String marketing = "marketing+" + System.nanoTime() + "@example.com";
    private static final String RATES = """
            "USD": [{"from": "2026-01-01", "rate": 0.92}, {"from": "2026-11-19", "rate": 0.95}],
            "GBP": [{"from": "2026-01-01", "rate": 1.17}]""";
    private final Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            StoreSettings.TIMEZONE, "Europe/Madrid", Section.DOCUMENT, """
                    {"currency": "EUR", "currency_rates": {%s},
                     "audiences": {"sales": {"recipients": ["%s"]}, "marketing": {"recipients": ["%s"], "language": "es"}}}"""
                    .formatted(RATES, sales, marketing)));
    private final ReportHandler reports = new ReportHandler(Wiring.report(config, Engines.dynamo(),
            new SesMailSender(AwsClients.ses(config)), Fixtures.clockAt(Fixtures.SIGNED_AT)));

    private static Map<String, Object> event(String id, String type, String at, Object... fields) {
        Map<String, Object> e = new HashMap<>(Map.of("id", id, "type", type, "occurred_at", at));
        for (int i = 0; i < fields.length; i += 2) e.put((String) fields[i], fields[i + 1]);
        return e;
    }

    private static Map<String, Object> won(String deal, String at, Object amount, String currency) {
        Map<String, Object> e = event(deal + "-won", "deal.won", at, "deal_id", deal, "amount", amount, "owner", "ana.garcia");
        if (currency != null) e.put("currency", currency);
        return e;
    }

    @BeforeEach
    void deliverTheWeek() {
        List<Map<String, Object>> events = new ArrayList<>(List.of(
                event("c-1", "lead.created", "2026-11-16T09:00:00+01:00", "lead_id", "L-1", "source", "webinar", "owner", "ana.garcia"),
                event("c-2", "deal.created", "2026-11-17T10:00:00+01:00", "deal_id", "D-EUR", "lead_id", "L-1", "amount", 10000,
                        "currency", "EUR", "owner", "ana.garcia"),
                won("D-EUR", "2026-11-18T16:00:00+01:00", 10000, "EUR"),
                won("D-USD1", "2026-11-18T17:00:00+01:00", 1000, "USD"),
                won("D-USD2", "2026-11-20T12:00:00+01:00", "2000.00", "USD"),
                won("D-GBP", "2026-11-19T11:00:00+01:00", 500, "GBP"),
                won("D-JPY", "2026-11-20T13:00:00+01:00", 150000, "JPY"),
                won("D-NONE", "2026-11-21T10:00:00+01:00", 300, null),
                event("c-3", "deal.created", "2026-11-19T09:00:00+01:00", "deal_id", "D-MXN", "amount", 20000, "currency", "MXN",
                        "owner", "ben.okafor")));
        WebhookHandler webhooks = new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));
        assertEquals(200, webhooks.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", events)), null).getStatusCode());
    }

    @Test
    void theCountersHoldTheWonValueInTheReportingCurrency() {
        assertEquals(0, new BigDecimal("13705").compareTo(Fixtures.countsOf(config, WEEK_47).wonValue()));
        assertEquals(6, Fixtures.countsOf(config, WEEK_47).won());
    }

    @Test
    void aYenRateAddedLaterConvertsTheYenDealAtItsNextChangeAndOnlyThen() {
        String document = """
                {"currency": "EUR", "currency_rates": {%s, "JPY": [{"from": "2026-11-01", "rate": 0.0061}]}}""".formatted(RATES);
        Config withYen = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid",
                StoreSettings.TABLE, config.required(StoreSettings.TABLE, "the test's table"), Section.DOCUMENT, document));
        WebhookHandler webhooks = new WebhookHandler(Wiring.ingest(withYen, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)));
        String yen = Counter.named(Metric.WON_UNCONVERTED, Dimension.CURRENCY, "JPY");

        assertEquals(0, new BigDecimal("13705").compareTo(Fixtures.countsOf(withYen, WEEK_47).wonValue()), "counted already, not re-priced");
        assertEquals(1, Fixtures.periodCounts(withYen, WEEK_47).count(yen));

        Map<String, Object> reassigned = event("u-1", "deal.updated", "2026-11-23T08:30:00+01:00", "deal_id", "D-JPY", "owner", "ben.okafor");
        assertEquals(200, webhooks.handleRequest(GenericWebhookHandlerTest.signed(Map.of("events", List.of(reassigned))), null).getStatusCode());

        assertEquals(0, new BigDecimal("14620").compareTo(Fixtures.countsOf(withYen, WEEK_47).wonValue()), "plus 150,000 × 0.0061 = 915");
        assertEquals(0, Fixtures.periodCounts(withYen, WEEK_47).count(yen));
    }

    @Test
    void bothEmailsShowTheConvertedValueAndSayWhatWasNotConverted() {
        reports.handleRequest(Map.of("period", WEEK_47.label()), null);

        String en = text(Engines.emailsTo(sales));
        assertTrue(en.contains("€13,705"), en);
        assertTrue(en.contains("Not in the won value: 1 deal in JPY (¥150,000), with no exchange rate to EUR for the day they"
                + " were won. Not in the open pipeline: 1 deal in MXN (MX$20,000), with no exchange rate to EUR for the day they"
                + " were created. Add a rate for those days to LEADLOOP_CONFIG.currency_rates"), en);
        assertTrue(en.contains("€2,741"), "the average deal value is over the five converted deals: " + en);

        String es = text(Engines.emailsTo(marketing));
        assertTrue(es.contains("Fuera del valor ganado: 1 trato en JPY (150.000 JPY), sin tipo de cambio a EUR para el día en que"
                + " se ganaron."), es);
        assertTrue(es.contains("Añade un tipo de cambio para esos días en LEADLOOP_CONFIG.currency_rates"), es);
    }

    @Test
    void theCsvNamesTheCurrencyOfEveryAmount() {
        reports.handleRequest(Map.of("period", WEEK_47.label()), null);

        Map<String, Object> email = Engines.emailsTo(sales).get(0);
        String csv = new String(Base64.getDecoder().decode((String) AudienceEmailsTest.attachments(email).get(0).get("content")),
                StandardCharsets.UTF_8);
        List<List<String>> rows = AudienceEmailsTest.parse(csv.substring(1));
        assertEquals("currency", rows.get(0).get(13));
        assertEquals(List.of("won_value", "period", "all", "all", "", "", "13705", "money", "", "EUR"),
                row(rows, "won_value", "all", "all").subList(4, 14));
        assertEquals(List.of("won_value_unconverted", "period", "currency", "JPY", "", "", "150000", "money",
                "no rate for the day they were won", "JPY"), row(rows, "won_value_unconverted", "currency", "JPY").subList(4, 14));
        assertEquals(List.of("1", "count", "no rate for the day they were won", ""),
                row(rows, "won_unconverted", "currency", "JPY").subList(10, 14));
        assertEquals("20000", row(rows, "open_pipeline_value_unconverted", "currency", "MXN").get(10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReportJsonStatesTheReportingCurrencyAndTheUnconvertedDeals() throws Exception {
        reports.handleRequest(Map.of("period", WEEK_47.label()), null);

        Map<String, Object> fetched = reports.handleRequest(Map.of("fetch", true, "audience", "sales", "period", WEEK_47.label()), null);
        Map<String, Object> snapshot = (Map<String, Object>) Json.parse(Json.document(fetched.get("snapshot")));
        assertEquals("EUR", snapshot.get("currency"));
        Map<String, Object> related = (Map<String, Object>) ((Map<String, Object>) snapshot.get("report")).get("related");
        assertEquals(0, new BigDecimal("13705").compareTo(new BigDecimal(related.get("won_value").toString())));
        assertEquals(List.of(Map.of("currency", "JPY", "deals", 1, "amount", 150000)), normalized(related.get("unconverted_won")));
        assertEquals(List.of(Map.of("currency", "MXN", "deals", 1, "amount", 20000)), normalized(related.get("unconverted_open_pipeline")));
    }

    private static List<String> row(List<List<String>> rows, String metric, String dimension, String value) {
        return rows.subList(1, rows.size()).stream().filter(r -> r.get(1).equals(WEEK_47.label()) && r.get(4).equals(metric)
                        && r.get(6).equals(dimension) && r.get(7).equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no CSV row " + List.of(metric, dimension, value)));
    }

    /** JSON numbers as whole ints where they are whole, so that 150000 and 150000.0 compare equal. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> normalized(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) list) {
            Map<String, Object> copy = new HashMap<>();
            entry.forEach((k, v) -> copy.put(k, v instanceof Number n ? (Object) new BigDecimal(n.toString()).intValueExact() : v));
            out.add(copy);
        }
        return out;
    }

    /** The text part of the one email, with line wrapping and non-breaking spaces undone. */
    private static String text(List<Map<String, Object>> emails) {
        assertEquals(1, emails.size(), "exactly one email: " + emails);
        return body(emails.get(0), "text").replace('\u00a0', ' ').replaceAll("\\s+", " ");
    }
}
