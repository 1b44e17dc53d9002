package io.leadloop.settings;

/** A configuration value that is missing or wrong; the message names the key and how to fix it. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problemAndFix) {
        super(key + ": " + problemAndFix);
    }
}
