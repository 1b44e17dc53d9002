package io.leadloop.funnel;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * A reporting period of whole local days, {@code [start, end)}. Its boundaries are local midnights of the
 * reporting timezone, so a week that contains a DST change still holds exactly seven days.
 */
public record Period(PeriodKind kind, LocalDate start, LocalDate end) {

    public static Period containing(PeriodKind kind, LocalDate day) {
        LocalDate start = switch (kind) {
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.withMonth(day.get(IsoFields.QUARTER_OF_YEAR) * 3 - 2).withDayOfMonth(1);
        };
        return new Period(kind, start, kind.advance(start, 1));
    }

    /** The latest period that ended at or before {@code now} in {@code zone}. */
    public static Period lastComplete(PeriodKind kind, Instant now, ZoneId zone) {
        return containing(kind, LocalDate.ofInstant(now, zone)).previous();
    }

    /** Parses a label as {@link #label()} writes it: 2026-W47, 2026-11 or 2026-Q4. */
    public static Period parse(String label) {
        try {
            if (label.matches("\\d{4}-W\\d{2}")) {
                LocalDate monday = LocalDate.parse(label + "-1", DateTimeFormatter.ISO_WEEK_DATE);
                return containing(PeriodKind.WEEK, monday);
            }
            if (label.matches("\\d{4}-\\d{2}")) {
                return containing(PeriodKind.MONTH, LocalDate.parse(label + "-01"));
            }
            if (label.matches("\\d{4}-Q[1-4]")) {
                int quarter = label.charAt(6) - '0';
                return containing(PeriodKind.QUARTER, LocalDate.of(Integer.parseInt(label.substring(0, 4)), quarter * 3 - 2, 1));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + label + "' is not a period: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("'" + label + "' is not a period: write an ISO week (2026-W47), a month (2026-11) or a quarter (2026-Q4)");
    }

    public Period previous() {
        return shifted(-1);
    }

    public Period shifted(int periods) {
        LocalDate newStart = kind.advance(start, periods);
        return new Period(kind, newStart, kind.advance(newStart, 1));
    }

    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }

    public String label() {
        return switch (kind) {
            case WEEK -> String.format("%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%d-%02d", start.getYear(), start.getMonthValue());
            case QUARTER -> String.format("%d-Q%d", start.getYear(), start.get(IsoFields.QUARTER_OF_YEAR));
        };
    }
}
