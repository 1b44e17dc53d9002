package io.leadloop.settings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Typed access to leadloop's settings (environment variables in Lambda, a map in local mode and tests).
 * Secrets may be given inline, as {@code KEY_PARAM} (an SSM SecureString, read once per container) or as
 * {@code KEY_FILE} (a local file); every error names the key and the fix.
 */
public final class Config {

    private final Map<String, String> values;
    private final Function<String, String> parameterStore;
    /** Each secret is read once per Config: one wiring reads an SSM parameter once, however many parts use it. */
    private final Map<String, Optional<String>> secrets = new ConcurrentHashMap<>();
    private volatile Section document;

    public Config(Map<String, String> values, Function<String, String> parameterStore) {
        this.values = Map.copyOf(values);
        this.parameterStore = parameterStore;
    }

    /**
     * The same settings with nothing read yet: secrets and the document come from their sources afresh. What a
     * SnapStart restore needs, since the snapshot's copies may be stale (a rotated secret).
     */
    public Config reread() {
        return new Config(values, parameterStore);
    }

    public Config with(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Config(merged, parameterStore);
    }

    public Optional<String> optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public String required(String key, String whatToSet) {
        return optional(key).orElseThrow(() -> new ConfigException(key, "is not set; set it to " + whatToSet));
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) return defaultValue;
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw new ConfigException(key, "'" + text.get() + "' is not a whole number from " + min + " to " + max);
    }

    public ZoneId zone(String key, String defaultZone) {
        String text = optional(key).orElse(defaultZone);
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ConfigException(key, "'" + text + "' is not an IANA timezone; use a name such as Europe/Madrid or America/New_York");
        }
    }

    /** An http(s) URL with a host (an API's base URL); empty when unset. */
    public Optional<URI> url(String key, String example) {
        return optional(key).map(text -> {
            try {
                URI uri = URI.create(text);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) return uri;
            } catch (IllegalArgumentException invalid) {
                // reported below with the expected form
            }
            throw new ConfigException(key, "'" + text + "' is not an http(s) URL; use e.g. " + example);
        });
    }

    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isBlank()).toList()).orElse(List.of());
    }

    /** A secret from {@code KEY}, {@code KEY_PARAM} (SSM Parameter Store, decrypted) or {@code KEY_FILE}. */
    public Optional<String> secret(String key) {
        Optional<String> known = secrets.get(key);
        if (known != null) return known;
        Optional<String> read = read(key);
        secrets.put(key, read);
        return read;
    }

    /** The configuration document, parsed and its top-level keys checked once per Config. */
    Section document() {
        Section parsed = document;
        if (parsed == null) {
            parsed = Section.parse(this);
            document = parsed;
        }
        return parsed;
    }

    private Optional<String> read(String key) {
        Optional<String> inline = optional(key);
        if (inline.isPresent()) return inline;
        Optional<String> parameter = optional(key + "_PARAM");
        if (parameter.isPresent()) {
            try {
                return Optional.of(parameterStore.apply(parameter.get()).strip());
            } catch (RuntimeException e) {
                throw new ConfigException(key + "_PARAM", "could not read SSM parameter '" + parameter.get()
                        + "' (" + e.getMessage() + "); check that it exists and the function may ssm:GetParameter and kms:Decrypt it");
            }
        }
        Optional<String> file = optional(key + "_FILE");
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(file.get())).strip());
            } catch (IOException e) {
                throw new ConfigException(key + "_FILE", "cannot read '" + file.get() + "': " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    public String requiredSecret(String key, String whatToSet) {
        return secret(key).orElseThrow(() -> new ConfigException(key,
                "is not set; set it (or " + key + "_PARAM to an SSM SecureString name, or " + key + "_FILE to a file) to " + whatToSet));
    }
}
