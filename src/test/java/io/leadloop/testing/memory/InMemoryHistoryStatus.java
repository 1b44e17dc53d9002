package io.leadloop.testing.memory;

import io.leadloop.report.HistoryStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The history status in memory: each source as its backfill and reconciliation items last said, by source name. */
public final class InMemoryHistoryStatus implements HistoryStatus {

    private final Map<String, Source> bySource = new TreeMap<>();

    public synchronized InMemoryHistoryStatus with(Source source) {
        bySource.put(source.source(), source);
        return this;
    }

    @Override
    public synchronized List<Source> sources() {
        return List.copyOf(bySource.values());
    }
}
