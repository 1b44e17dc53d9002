package io.leadloop.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * SecureString parameters as a function reads them through {@code *_PARAM} settings ({@link Engines#freshConfig(Map,
 * Function)}): a name that is not stored fails as SSM answers it, and every name asked for is noted.
 */
public final class SsmParameters implements Function<String, String> {

    private final Map<String, String> stored;
    private final List<String> read = new CopyOnWriteArrayList<>();

    public SsmParameters(Map<String, String> stored) {
        this.stored = Map.copyOf(stored);
    }

    @Override
    public String apply(String name) {
        read.add(name);
        String value = stored.get(name);
        if (value == null) throw new IllegalStateException("SSM answered 400: {\"__type\": \"ParameterNotFound\"}");
        return value;
    }

    /** The names read, each once, in the order first read. */
    public List<String> read() {
        return read.stream().distinct().toList();
    }
}
