package io.leadloop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads a log line as CloudWatch reads an embedded-metric-format document, failing where CloudWatch would drop it. */
public final class Emf {
    private Emf() {}

    /** The line's members, once its {@code _aws} metadata is checked against them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String line) {
        Map<String, Object> root;
        try {
            root = (Map<String, Object>) Json.parse(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
        assertFalse(line.contains("\n"), "one line");
        Map<String, Object> aws = (Map<String, Object>) root.get("_aws");
        assertInstanceOf(Number.class, aws.get("Timestamp"), "epoch milliseconds");
        List<Map<String, Object>> directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
        assertEquals(1, directives.size());
        Map<String, Object> directive = directives.get(0);
        assertEquals("leadloop", directive.get("Namespace"));
        for (List<String> set : (List<List<String>>) directive.get("Dimensions")) {
            assertTrue(set.size() <= 30);
            for (String dimension : set) assertInstanceOf(String.class, root.get(dimension), "dimension " + dimension + " has a string value");
        }
        for (Map<String, Object> metric : (List<Map<String, Object>>) directive.get("Metrics")) {
            assertEquals("Count", metric.get("Unit"));
            assertInstanceOf(Number.class, root.get(metric.get("Name")), "metric " + metric.get("Name") + " has a number value");
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    public static List<String> metricNames(Map<String, Object> root) {
        Map<String, Object> directive = ((List<Map<String, Object>>) ((Map<String, Object>) root.get("_aws")).get("CloudWatchMetrics")).get(0);
        return ((List<Map<String, Object>>) directive.get("Metrics")).stream().map(m -> (String) m.get("Name")).toList();
    }

    @SuppressWarnings("unchecked")
    public static List<List<String>> dimensions(Map<String, Object> root) {
        Map<String, Object> directive = ((List<Map<String, Object>>) ((Map<String, Object>) root.get("_aws")).get("CloudWatchMetrics")).get(0);
        return (List<List<String>>) directive.get("Dimensions");
    }
}
