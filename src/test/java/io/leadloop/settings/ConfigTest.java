package io.leadloop.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.lambda.Wiring;
import io.leadloop.testing.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Unit
class ConfigTest {

    private static Config config(Map<String, String> values) {
        return new Config(values, name -> {
            if (name.equals("/leadloop/secret")) return "whsec_from-ssm\n";
            throw new IllegalStateException("ParameterNotFound");
        });
    }

    @Test
    void aBadTimezoneNamesTheKeyAndTheFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(Map.of("LEADLOOP_TIMEZONE", "Europe/Madrd")).zone("LEADLOOP_TIMEZONE", "UTC"));
        assertEquals("LEADLOOP_TIMEZONE: 'Europe/Madrd' is not an IANA timezone; use a name such as Europe/Madrid or America/New_York", e.getMessage());
    }

    @Test
    void aBaseUrlWithoutSchemeOrHostNamesTheKeyAndAnExample() {
        Config config = config(Map.of("LEADLOOP_SALESFORCE_INSTANCE_URL", "acme.my.salesforce.com"));

        ConfigException e = assertThrows(ConfigException.class, () -> config.url("LEADLOOP_SALESFORCE_INSTANCE_URL", "https://acme.my.salesforce.com"));

        assertEquals("LEADLOOP_SALESFORCE_INSTANCE_URL: 'acme.my.salesforce.com' is not an http(s) URL; use e.g. https://acme.my.salesforce.com",
                e.getMessage());
        assertEquals("https://acme.my.salesforce.com", config(Map.of("U", "https://acme.my.salesforce.com")).url("U", "").orElseThrow().toString());
        assertTrue(config(Map.of()).url("U", "").isEmpty());
    }

    @Test
    void missingReportSettingsStopTheReportWithTheirNames() {
        ConfigException e = assertThrows(ConfigException.class, () -> Wiring.report(
                config(Map.of("LEADLOOP_TABLE", "t", "LEADLOOP_REPORT_SENDER", "a@example.com")), null, null, null));
        assertTrue(e.getMessage().startsWith("LEADLOOP_REPORT_RECIPIENTS: is not set"), e.getMessage());
    }

    @Test
    void numbersOutsideTheirRangeAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(Map.of("LEADLOOP_COUNTER_SHARDS", "0")).integer("LEADLOOP_COUNTER_SHARDS", 4, 1, 100));
        assertTrue(e.getMessage().contains("from 1 to 100"), e.getMessage());
    }

    @Test
    void secretsComeInlineFromSsmOrFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "whsec_from-file\n");

        assertEquals("whsec_inline", config(Map.of("S", "whsec_inline")).secret("S").orElseThrow());
        assertEquals("whsec_from-ssm", config(Map.of("S_PARAM", "/leadloop/secret")).secret("S").orElseThrow());
        assertEquals("whsec_from-file", config(Map.of("S_FILE", file.toString())).secret("S").orElseThrow());
        ConfigException e = assertThrows(ConfigException.class, () -> config(Map.of("S_PARAM", "/missing")).secret("S"));
        assertTrue(e.getMessage().startsWith("S_PARAM: could not read SSM parameter '/missing'"), e.getMessage());
    }

    @Test
    void aTypoInTheConfigDocumentIsNamedWithItsPath() {
        Config c = config(Map.of(Section.DOCUMENT, "{\"hubspot\": {\"portal_id\": [1]}}"));

        ConfigException e = assertThrows(ConfigException.class, () -> Section.root(c).section("hubspot").allowOnly(Set.of("portal_ids")));
        assertTrue(e.getMessage().startsWith("LEADLOOP_CONFIG.hubspot.portal_id: is not a known setting; known here: [portal_ids]"), e.getMessage());
    }

    @Test
    void aConfigDocumentThatIsNotJsonSaysSo() {
        ConfigException e = assertThrows(ConfigException.class, () -> Section.root(config(Map.of(Section.DOCUMENT, "{hubspot:"))));
        assertTrue(e.getMessage().startsWith("LEADLOOP_CONFIG: is not valid JSON"), e.getMessage());
    }

    @Test
    void qualifiedLeadRulesAreCheckedWithTheKeyNamed() {
        Config unknownAttribute = config(Map.of(Section.DOCUMENT, """
                {"qualified_lead": {"definitions": [{"effective_from": "2026-01-01", "rules": [
                  {"attribute": "form", "one_of": ["demo-request"]}, {"attribute": "budjet", "at_least": 1000}]}]}}"""));
        ConfigException e = assertThrows(ConfigException.class, () -> FunnelSettings.qualification(Section.root(unknownAttribute)));
        assertTrue(e.getMessage().startsWith("LEADLOOP_CONFIG.qualified_lead.definitions[0].rules[1].attribute: 'budjet' is not a known lead attribute"), e.getMessage());

        Config contradiction = config(Map.of(Section.DOCUMENT, """
                {"qualified_lead": {"definitions": [{"effective_from": "2026-01-01", "rules": [
                  {"attribute": "employees", "at_least": 500}, {"attribute": "employees", "at_most": 10}]}]}}"""));
        e = assertThrows(ConfigException.class, () -> FunnelSettings.qualification(Section.root(contradiction)));
        assertTrue(e.getMessage().startsWith("LEADLOOP_CONFIG.qualified_lead.definitions[0].rules: contradict each other"), e.getMessage());
    }

    @Test
    void analysisSettingsReadProfilesTargetsGoalsAndKnobs() {
        Config c = config(Map.of(Section.DOCUMENT, """
                {"benchmarks": {"profile": "saas", "targets": {"close_rate": {"low": 25, "high": 40}}},
                 "goals": {"won_value": {"month": 250000}}, "metrics": {"mql_to_sql_lag_periods": 2, "min_group_size": 8}}"""));

        var settings = FunnelSettings.analysis(Section.root(c));

        assertEquals("company target", settings.benchmarks().bandFor(io.leadloop.funnel.RatioKind.CLOSE_RATE).orElseThrow().source());
        assertEquals(2, settings.lagOverride());
        assertEquals(8, settings.minGroupSize());
        assertEquals(new java.math.BigDecimal("250000"), settings.wonValueGoals().get(io.leadloop.funnel.PeriodKind.MONTH));
        ConfigException e = assertThrows(ConfigException.class, () -> FunnelSettings.analysis(Section.root(
                config(Map.of(Section.DOCUMENT, "{\"benchmarks\": {\"profile\": \"fintech\"}}")))));
        assertTrue(e.getMessage().startsWith("LEADLOOP_CONFIG.benchmarks.profile: 'fintech' is not a profile"), e.getMessage());
    }

    @Test
    void theRepAttributionRuleIsReadAndAWrongOneNamesTheKeyAndTheChoices() {
        var both = FunnelSettings.analysis(Section.root(config(Map.of())));
        assertEquals(io.leadloop.funnel.RepAttribution.BOTH, both.repAttribution(), "the default");
        var dealOwner = FunnelSettings.analysis(Section.root(config(Map.of(Section.DOCUMENT, "{\"metrics\": {\"rep_attribution\": \"deal_owner\"}}"))));
        assertEquals(io.leadloop.funnel.RepAttribution.DEAL_OWNER, dealOwner.repAttribution());

        ConfigException e = assertThrows(ConfigException.class, () -> FunnelSettings.analysis(Section.root(
                config(Map.of(Section.DOCUMENT, "{\"metrics\": {\"rep_attribution\": \"closer\"}}")))));
        assertEquals("LEADLOOP_CONFIG.metrics.rep_attribution: 'closer' is not a rule; use \"lead_owner\" (credit the lead's owner),"
                + " \"deal_owner\" (credit the deal's owner) or \"both\" (a \"sourced by\" and a \"closed by\" line)", e.getMessage());
    }
}
