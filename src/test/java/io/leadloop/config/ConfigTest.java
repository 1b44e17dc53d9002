package io.leadloop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
