package io.leadloop.settings;

import io.leadloop.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A part of the structured configuration document ({@code LEADLOOP_CONFIG}, JSON; or {@code LEADLOOP_CONFIG_PARAM}
 * / {@code LEADLOOP_CONFIG_FILE}). Every error names the full path of the key, e.g.
 * {@code LEADLOOP_CONFIG.hubspot.deal_stages.closedwon}, and what would be accepted there.
 */
public final class Section {

    public static final String DOCUMENT = "LEADLOOP_CONFIG";

    /** Every top-level key of the document (README, docs/metrics.md, docs/webhooks/*.md): any other is a typo. */
    public static final Set<String> TOP_LEVEL = Set.of("hubspot", "salesforce", "pipedrive", "qualified_lead", "segments",
            "benchmarks", "goals", "metrics", "audiences", "follow_up_days", "data_health", "alerts",
            "currency", "currency_rates", "crm_links", "owners");

    private final String path;
    private final Map<String, Object> values;

    private Section(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** The whole document, its top-level keys checked; empty when none is configured. Parsed once per {@link Config}. */
    public static Section root(Config config) {
        return config.document();
    }

    static Section parse(Config config) {
        return new Section(DOCUMENT, document(config)).allowOnly(TOP_LEVEL);
    }

    /** The document as given ({@code LEADLOOP_CONFIG}, {@code _PARAM} or {@code _FILE}), parsed; empty when none is. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> document(Config config) {
        Optional<String> text = config.secret(DOCUMENT);
        if (text.isEmpty()) return Map.of();
        try {
            Object parsed = Json.parse(text.get());
            if (parsed instanceof Map<?, ?> map) return (Map<String, Object>) map;
        } catch (IOException e) {
            throw new ConfigException(DOCUMENT, "is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        throw new ConfigException(DOCUMENT, "must be a JSON object");
    }

    public String path() {
        return path;
    }

    public String pathOf(String key) {
        return path + "." + key;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /** Fails on any key not in {@code known}: a typo must not silently fall back to a default. */
    public Section allowOnly(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException(pathOf(key), "is not a known setting; known here: " + new TreeSet<>(known));
            }
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public Section section(String key) {
        Object value = values.get(key);
        if (value == null) return new Section(pathOf(key), Map.of());
        if (value instanceof Map<?, ?> map) return new Section(pathOf(key), (Map<String, Object>) map);
        throw new ConfigException(pathOf(key), "must be an object");
    }

    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value == null) return Optional.empty();
        if (value instanceof String s) return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
        if (value instanceof Number || value instanceof Boolean) return Optional.of(value.toString());
        throw new ConfigException(pathOf(key), "must be a string");
    }

    public Optional<BigDecimal> decimal(String key) {
        Object value = values.get(key);
        if (value == null) return Optional.empty();
        try {
            return Optional.of(value instanceof BigDecimal d ? d : new BigDecimal(value.toString().strip()));
        } catch (NumberFormatException e) {
            throw new ConfigException(pathOf(key), "must be a number; was '" + value + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = values.get(key);
        if (value == null) return defaultValue;
        if (value instanceof Boolean b) return b;
        throw new ConfigException(pathOf(key), "must be true or false");
    }

    public List<String> strings(String key) {
        Object value = values.get(key);
        if (value == null) return List.of();
        if (value instanceof List<?> list) {
            return list.stream().map(v -> {
                if (v instanceof String || v instanceof Number) return v.toString();
                throw new ConfigException(pathOf(key), "must be a list of strings");
            }).toList();
        }
        if (value instanceof String s) return List.of(s.split("\\s*,\\s*"));
        throw new ConfigException(pathOf(key), "must be a list of strings");
    }

    /** An object of string values, in document order. */
    public Map<String, String> stringMap(String key) {
        Section section = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : section.values.keySet()) {
            out.put(k, section.string(k).orElseThrow(() -> new ConfigException(section.pathOf(k), "must not be empty")));
        }
        return out;
    }

    /** The raw list under {@code key}, each element an object section. */
    @SuppressWarnings("unchecked")
    public List<Section> sections(String key) {
        Object value = values.get(key);
        if (value == null) return List.of();
        if (!(value instanceof List<?> list)) throw new ConfigException(pathOf(key), "must be a list of objects");
        java.util.ArrayList<Section> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) throw new ConfigException(pathOf(key) + "[" + i + "]", "must be an object");
            out.add(new Section(pathOf(key) + "[" + i + "]", (Map<String, Object>) map));
        }
        return out;
    }
}
