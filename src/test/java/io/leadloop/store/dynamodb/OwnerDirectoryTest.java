package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The owner names against DynamoDB Local, as both ports promise: a CRM's users recorded as one item per source,
 * replaced whole by the next read of them, read back for every source at once; a list that breaks a bound is
 * refused before anything is written.
 */
@Contract
class OwnerDirectoryTest {

    private final Config config = Engines.freshConfig(Map.of());
    private final DynamoOwnerDirectory directory = Wiring.ownerDirectory(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT));

    @Test
    void eachCrmsNamesAreReadBackBySource() {
        directory.record("hubspot", Map.of("111", "Ana García", "222", "Ben Okafor"));
        directory.record("pipedrive", Map.of("9001", "Sam Ruiz"));

        assertEquals(Map.of("hubspot", Map.of("111", "Ana García", "222", "Ben Okafor"), "pipedrive", Map.of("9001", "Sam Ruiz")),
                directory.namesBySource());
    }

    @Test
    void aNewReadOfACrmsUsersReplacesItsNames() {
        directory.record("salesforce", Map.of("0055e000001AbCdAAK", "Lena Vogel", "0055e000001AbCeAAK", "Tom Berg"));
        directory.record("salesforce", Map.of("0055e000001AbCdAAK", "Lena Vogel-Berg"));

        assertEquals(Map.of("salesforce", Map.of("0055e000001AbCdAAK", "Lena Vogel-Berg")), directory.namesBySource(),
                "a user the CRM no longer lists has no name");
    }

    @Test
    void namesThatWouldNotFitOneItemAreRefusedBeforeWriting() {
        directory.record("hubspot", Map.of("111", "Ana García"));
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) tooMany.put(Integer.toString(100000 + i), "Owner " + i + " " + "x".repeat(80));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> directory.record("hubspot", tooMany));
        assertTrue(refused.getMessage().startsWith("the 5000 owner names of hubspot take ")
                && refused.getMessage().endsWith("bytes, over DynamoDB's item limit of 409600; nothing was recorded"), refused.getMessage());
        assertEquals(Map.of("hubspot", Map.of("111", "Ana García")), directory.namesBySource(), "the names known before stay");
    }

    @Test
    void anEmptyOrOverlongNameIsRefusedBeforeWriting() {
        assertEquals("pipedrive owner 9001's name ' ' must be 1 to 100 characters",
                assertThrows(IllegalArgumentException.class, () -> directory.record("pipedrive", Map.of("9001", " "))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> directory.record("pipedrive", Map.of("9001", "a".repeat(101))));
        assertEquals(Map.of(), directory.namesBySource(), "nothing was written");
    }
}
