package io.leadloop.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.AnalysisSettings;
import io.leadloop.funnel.Band;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.RatioKind;
import io.leadloop.testing.Unit;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audiences of the report: defaults that keep a one-variable setup working, and errors that name the key. */
@Unit
class ReportSettingsTest {

    private static Config config(String document) {
        Map<String, String> values = new HashMap<>(Map.of(ReportSettings.SENDER, "leadloop@example.com",
                ReportSettings.RECIPIENTS, "team@example.com, boss@example.com"));
        if (document != null) values.put(Section.DOCUMENT, document);
        return new Config(values, name -> null);
    }

    private static List<Audience> audiences(String document) {
        Config config = config(document);
        Section root = Section.root(config);
        return ReportSettings.audiences(config, root, FunnelSettings.analysis(root), ZoneId.of("Europe/Madrid"));
    }

    private static String error(String document) {
        return assertThrows(ConfigException.class, () -> audiences(document)).getMessage();
    }

    @Test
    void withoutADocumentBothAudiencesGetTheSameWeeklyEnglishReport() {
        List<Audience> audiences = audiences(null);

        assertEquals(List.of(Audience.Kind.SALES, Audience.Kind.MARKETING), audiences.stream().map(Audience::kind).toList());
        for (Audience a : audiences) {
            assertEquals(List.of("team@example.com", "boss@example.com"), a.recipients());
            assertEquals("leadloop@example.com", a.sender());
            assertEquals(PeriodKind.WEEK, a.period());
            assertEquals(Language.EN, a.language());
            assertEquals(ZoneId.of("Europe/Madrid"), a.zone(), "LEADLOOP_TIMEZONE");
        }
        assertEquals(Map.of(RatioKind.LEADS_TO_CLOSE, AnalysisSettings.DEFAULT.benchmarks().bandFor(RatioKind.LEADS_TO_CLOSE).orElseThrow()),
                audiences.get(0).alertBands(), "sales is alerted on leads-to-close leaving its benchmark band");
        assertEquals(ReportOptions.DEFAULT, ReportSettings.options(Section.root(config(null))));
    }

    @Test
    void eachAudienceChoosesItsPeopleSenderPeriodLanguageTimezoneAndAlerts() {
        List<Audience> audiences = audiences("""
                {"audiences": {
                   "sales": {"recipients": ["vp-sales@example.com"], "period": "week", "timezone": "America/Mexico_City",
                             "alert_ratios": [], "alert_bands": {"close_rate": {"low": 25, "high": 60}}},
                   "marketing": {"recipients": "cmo@example.com, ops@example.com", "sender": "reports@example.com",
                                 "period": "month", "language": "es"}},
                 "follow_up_days": 5, "data_health": {"max_silent_days": 3}, "alerts": {"min_denominator": 20}}
                """);

        Audience sales = audiences.get(0);
        Audience marketing = audiences.get(1);
        assertEquals(List.of("vp-sales@example.com"), sales.recipients());
        assertEquals(ZoneId.of("America/Mexico_City"), sales.zone());
        assertEquals(Map.of(RatioKind.CLOSE_RATE, new Band(25, 60, "alert band")), sales.alertBands());
        assertEquals(List.of("cmo@example.com", "ops@example.com"), marketing.recipients());
        assertEquals("reports@example.com", marketing.sender());
        assertEquals(PeriodKind.MONTH, marketing.period());
        assertEquals(Language.ES, marketing.language());
        assertEquals(new ReportOptions(5, 3, 20, "EUR", CrmLinks.DEFAULT, Map.of()), ReportSettings.options(Section.root(config("{\"follow_up_days\": 5, "
                + "\"data_health\": {\"max_silent_days\": 3}, \"alerts\": {\"min_denominator\": 20}}"))));
    }

    @Test
    void leadsLinkToTheirCrmRecordsAndAmountsCarryTheirCurrency() {
        ReportOptions defaults = ReportSettings.options(Section.root(config("{}")));
        assertEquals("EUR", defaults.currency());
        CrmLinks links = defaults.crmLinks();
        assertEquals(java.util.Optional.of("https://app.hubspot.com/contacts/24681357/record/0-1/501"), links.of("hubspot:24681357:contact:501"),
                "HubSpot's record URL needs the portal id, which the lead id carries");
        assertEquals(java.util.Optional.of("https://login.salesforce.com/?startURL=%2F00Q5g00000AbCdE"), links.of("salesforce:00D5g000004XyZa:lead:00Q5g00000AbCdE"));
        assertEquals(java.util.Optional.of("https://app.pipedrive.com/person/42"), links.of("pipedrive:7788:person:42"));
        assertEquals(java.util.Optional.empty(), links.of("L-1004"), "the generic route's ids have no default link");

        ReportOptions configured = ReportSettings.options(Section.root(config("{\"currency\": \"usd\", \"crm_links\": {"
                + "\"generic\": \"https://crm.example.com/leads/{id}\", \"salesforce\": \"https://acme.my.salesforce.com/lightning/r/Lead/{id}/view\", "
                + "\"pipedrive\": \"\"}}")));
        assertEquals("USD", configured.currency());
        assertEquals(java.util.Optional.of("https://crm.example.com/leads/L%201004%2Fb"), configured.crmLinks().of("L 1004/b"), "the id is URL-encoded");
        assertEquals(java.util.Optional.of("https://acme.my.salesforce.com/lightning/r/Lead/00Q1/view"), configured.crmLinks().of("salesforce:00D1:lead:00Q1"));
        assertEquals(java.util.Optional.empty(), configured.crmLinks().of("pipedrive:7788:person:42"), "an empty pattern turns the links off");

        assertEquals("LEADLOOP_CONFIG.currency: 'euro' is not an ISO 4217 currency code; use one such as EUR, USD or MXN",
                optionsError("{\"currency\": \"euro\"}"));
        assertEquals("LEADLOOP_CONFIG.crm_links.zoho: is not a known setting; known here: [generic, hubspot, pipedrive, salesforce]",
                optionsError("{\"crm_links\": {\"zoho\": \"https://crm.zoho.com/{id}\"}}"));
        assertEquals("LEADLOOP_CONFIG.crm_links.hubspot: must be an https:// URL with {id} where the record id goes (and {account} for the "
                        + "hubspot account id), e.g. \"https://app.hubspot.com/contacts/{account}/record/0-1/{id}\"; or \"\" for no links",
                optionsError("{\"crm_links\": {\"hubspot\": \"https://app-eu1.hubspot.com/contacts/\"}}"));
    }

    private String optionsError(String document) {
        return assertThrows(ConfigException.class, () -> ReportSettings.options(Section.root(config(document)))).getMessage();
    }

    @Test
    void anAudienceCanBeSwitchedOff() {
        assertEquals(List.of(Audience.Kind.SALES), audiences("{\"audiences\": {\"marketing\": {\"enabled\": false}}}")
                .stream().map(Audience::kind).toList());
    }

    @Test
    void mistakesNameTheKeyAndTheFix() {
        assertEquals("LEADLOOP_CONFIG.audiences.finance: is not a known setting; known here: [marketing, sales]",
                error("{\"audiences\": {\"finance\": {}}}"));
        assertEquals("LEADLOOP_CONFIG.audiences.sales.period: 'fortnight' is not a period; use \"week\", \"month\" or \"quarter\"",
                error("{\"audiences\": {\"sales\": {\"period\": \"fortnight\"}}}"));
        assertEquals("LEADLOOP_CONFIG.audiences.marketing.language: 'fr' is not a supported language; use \"en\" or \"es\"",
                error("{\"audiences\": {\"marketing\": {\"language\": \"fr\"}}}"));
        assertTrue(error("{\"audiences\": {\"sales\": {\"timezone\": \"Europe/Madrd\"}}}")
                .startsWith("LEADLOOP_CONFIG.audiences.sales.timezone: 'Europe/Madrd' is not an IANA timezone"));
        assertEquals("LEADLOOP_CONFIG.audiences.sales.alert_ratios: 'close_rate' has no benchmark band to leave; give it one in "
                        + "LEADLOOP_CONFIG.audiences.sales.alert_bands.close_rate as {\"low\": 25, \"high\": 60}",
                error("{\"audiences\": {\"sales\": {\"alert_ratios\": [\"close_rate\"]}}}"));
        assertTrue(error("{\"audiences\": {\"sales\": {\"alert_ratios\": [\"win_rate\"]}}}")
                .startsWith("LEADLOOP_CONFIG.audiences.sales.alert_ratios: 'win_rate' is not a ratio; use one of [leads_to_close"));
        assertEquals("LEADLOOP_CONFIG.audiences.sales.recipients: 'sales team' is not an email address",
                error("{\"audiences\": {\"sales\": {\"recipients\": [\"sales team\"]}}}"));
        ConfigException noRecipients = assertThrows(ConfigException.class, () -> {
            Config config = new Config(Map.of(ReportSettings.SENDER, "a@example.com"), name -> null);
            Section root = Section.root(config);
            ReportSettings.audiences(config, root, FunnelSettings.analysis(root), ZoneId.of("UTC"));
        });
        assertTrue(noRecipients.getMessage().startsWith("LEADLOOP_REPORT_RECIPIENTS: is not set for the sales report"), noRecipients.getMessage());
    }
}
