package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadloop.testing.Unit;
import io.leadloop.testing.memory.InMemoryOwnerDirectory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which name an owner id is shown with: the configured one, else the CRM's, else the id; shared names with their ids. */
@Unit
class OwnerLabelsTest {

    private final InMemoryOwnerDirectory directory = new InMemoryOwnerDirectory();

    private OwnerLabels labels(Map<String, String> configured) {
        return OwnerLabels.of(configured, directory.namesBySource());
    }

    @Test
    void aCrmNameIsShownAndTheConfiguredNameWinsOverIt() {
        directory.record("hubspot", Map.of("111", "Ana Garcia", "222", "Ben Okafor"));
        OwnerLabels labels = labels(Map.of("111", "Ana García"));
        assertEquals("Ana García", labels.label("111"), "configured, though HubSpot spells it without the accent");
        assertEquals("Ben Okafor", labels.label("222"));
        assertEquals("Ana García", labels.name("111"));
    }

    @Test
    void anOwnerWithoutANameIsShownByItsId() {
        directory.record("hubspot", Map.of("111", "Ana García"));
        OwnerLabels labels = labels(Map.of());
        assertEquals("333", labels.label("333"));
        assertNull(labels.name("333"), "the JSON has no name to put beside the id");
        assertNull(labels.name(null));
        assertEquals("ana.garcia", OwnerLabels.NONE.label("ana.garcia"));
    }

    @Test
    void twoOwnersWithTheSameNameAreToldApartByTheirIds() {
        directory.record("hubspot", Map.of("111", "Ana García"));
        directory.record("pipedrive", Map.of("9001", "Ana García", "9002", "Sam Ruiz"));
        OwnerLabels labels = labels(Map.of("ana.g", "Sam Ruiz"));
        assertEquals("Ana García (111)", labels.label("111"));
        assertEquals("Ana García (9001)", labels.label("9001"));
        assertEquals("Sam Ruiz (9002)", labels.label("9002"), "a configured name can clash with a CRM's too");
        assertEquals("Sam Ruiz (ana.g)", labels.label("ana.g"));
        assertEquals("Ana García", labels.name("111"), "the JSON keeps the plain name: the id is beside it");
    }

    @Test
    void anIdTwoCrmsNameDifferentlyHasNoNameUntilTheConfigurationGivesOne() {
        directory.record("hubspot", Map.of("111", "Ana García", "222", "Ben Okafor"));
        directory.record("salesforce", Map.of("111", "Lena Vogel", "222", "Ben Okafor"));
        assertEquals("111", labels(Map.of()).label("111"), "it could be either person");
        assertEquals("Ben Okafor", labels(Map.of()).label("222"), "the same name in both is that name");
        assertEquals("Lena Vogel", labels(Map.of("111", "Lena Vogel")).label("111"));
    }

    @Test
    void onlyOwnerDimensionsHaveNamesBesideTheirValues() {
        directory.record("generic", Map.of("ana.garcia", "Ana García", "webinar", "Not a person"));
        OwnerLabels labels = labels(Map.of());
        for (String dimension : new String[] {"owner", "lead_owner", "rep", "rep_sourced_by", "rep_closed_by"}) {
            assertEquals("Ana García", labels.nameOf(dimension, "ana.garcia"), dimension);
        }
        assertNull(labels.nameOf("source", "webinar"));
    }
}
