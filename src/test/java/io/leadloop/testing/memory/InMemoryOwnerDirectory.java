package io.leadloop.testing.memory;

import io.leadloop.ingest.backfill.OwnerDirectory;
import io.leadloop.report.OwnerNames;
import java.util.Map;
import java.util.TreeMap;

/** The owner names in memory: each source's latest list, as the DynamoDB directory keeps one item per source. */
public final class InMemoryOwnerDirectory implements OwnerDirectory, OwnerNames {

    private final Map<String, Map<String, String>> bySource = new TreeMap<>();

    @Override
    public synchronized void record(String source, Map<String, String> names) {
        bySource.put(source, Map.copyOf(names));
    }

    @Override
    public synchronized Map<String, Map<String, String>> namesBySource() {
        return Map.copyOf(bySource);
    }
}
