package io.leadloop.settings;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.RatioKind;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One side of the feedback loop and how it wants its report: who receives it, from which sender, over which
 * period, in which language and timezone, and which ratios raise an off-cycle alert when they leave their band.
 * README ("Audiences") documents the settings.
 */
public record Audience(Kind kind, List<String> recipients, String sender, PeriodKind period, Language language,
                       ZoneId zone, Map<RatioKind, Band> alertBands) {

    /** The two audiences: each gets its own email, written for it. */
    public enum Kind {
        SALES, MARKETING;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.id().equals(text.strip().toLowerCase(Locale.ROOT))) return k;
            }
            throw new IllegalArgumentException("'" + text + "' is not an audience; use \"sales\" or \"marketing\"");
        }
    }

    public Audience {
        recipients = List.copyOf(recipients);
        alertBands = alertBands.isEmpty() ? Map.of() : new EnumMap<>(alertBands);
    }

    public String id() {
        return kind.id();
    }
}
