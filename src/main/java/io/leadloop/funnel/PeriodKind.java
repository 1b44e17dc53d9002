package io.leadloop.funnel;

import java.time.LocalDate;
import java.util.Locale;

public enum PeriodKind {
    WEEK, MONTH, QUARTER;

    LocalDate advance(LocalDate start, int periods) {
        return switch (this) {
            case WEEK -> start.plusWeeks(periods);
            case MONTH -> start.plusMonths(periods);
            case QUARTER -> start.plusMonths(3L * periods);
        };
    }

    public static PeriodKind parse(String text) {
        return PeriodKind.valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
