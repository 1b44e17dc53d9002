package io.leadloop.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadloop.testing.Unit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code LEADLOOP_CONFIG.owners}: the names the emails show for owner ids, each error naming its key. */
@Unit
class OwnerSettingsTest {

    private static ReportOptions options(String document) {
        return ReportSettings.options(Section.root(new Config(Map.of(Section.DOCUMENT, document), name -> null)));
    }

    private static String error(String document) {
        return assertThrows(ConfigException.class, () -> options(document)).getMessage();
    }

    @Test
    void namesAreKeptByOwnerIdAsTheEventsCarryIt() {
        assertEquals(Map.of("111", "Ana García", "ben.okafor", "Ben Okafor"),
                options("{\"owners\": {\"111\": \" Ana García \", \"ben.okafor\": \"Ben Okafor\"}}").owners());
        assertEquals(Map.of(), options("{}").owners(), "no owners: every name comes from the CRMs");
    }

    @Test
    void anEmptyOrOverlongNameIsRefusedNamingItsKey() {
        assertEquals("LEADLOOP_CONFIG.owners.111: must be the owner's name, e.g. \"Ana García\"; leave the id out to show the CRM's name",
                error("{\"owners\": {\"111\": \"  \"}}"));
        assertEquals("LEADLOOP_CONFIG.owners.222: is longer than 100 characters; shorten it to the name a reader knows the rep by",
                error("{\"owners\": {\"222\": \"" + "ñ".repeat(101) + "\"}}"));
        assertEquals("ñ".repeat(100), options("{\"owners\": {\"222\": \"" + "ñ".repeat(100) + "\"}}").owners().get("222"),
                "100 characters, however many bytes, are fine");
        assertEquals("LEADLOOP_CONFIG.owners.333: must be a string", error("{\"owners\": {\"333\": [\"Ana\"]}}"));
        assertEquals("LEADLOOP_CONFIG.owners.: has an empty owner id; use the id the CRM's events carry, e.g. \"111\"",
                error("{\"owners\": {\"\": \"Ana García\"}}"));
    }

    @Test
    void ownersMustBeAnObject() {
        assertEquals("LEADLOOP_CONFIG.owners: must be an object", error("{\"owners\": [\"Ana García\"]}"));
        assertEquals("LEADLOOP_CONFIG.ownres: is not a known setting; known here: " + new java.util.TreeSet<>(Section.TOP_LEVEL),
                assertThrows(ConfigException.class, () -> options("{\"ownres\": {}}")).getMessage(), "a typo is not ignored");
    }
}
