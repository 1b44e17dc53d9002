package io.leadloop.settings;

import java.util.Locale;

/** The languages a report can be written in. */
public enum Language {
    EN(Locale.ENGLISH), ES(Locale.forLanguageTag("es"));

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Language parse(String text) {
        for (Language l : values()) {
            if (l.tag().equals(text.strip().toLowerCase(Locale.ROOT))) return l;
        }
        throw new IllegalArgumentException("'" + text + "' is not a supported language; use \"en\" or \"es\"");
    }
}
