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

    /** How many periods make a year: "the same period last year" is this many periods back. */
    public int perYear() {
        return switch (this) {
            case WEEK -> 52;
            case MONTH -> 12;
            case QUARTER -> 4;
        };
    }

    /** The average length in days, for rounding a duration to whole periods. */
    public double averageDays() {
        return switch (this) {
            case WEEK -> 7;
            case MONTH -> 365.25 / 12;
            case QUARTER -> 365.25 / 4;
        };
    }

    public static PeriodKind parse(String text) {
        return PeriodKind.valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
