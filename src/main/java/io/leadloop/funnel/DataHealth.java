package io.leadloop.funnel;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Whether the report's data can be trusted: webhook events are counted on the local day they were applied
 * ({@link Metric#EVENTS_APPLIED}), so a CRM that stopped sending shows up as days of silence. A report whose data
 * went silent for {@code maxSilentDays} or more is flagged as broken rather than read as a bad week.
 *
 * @param lastEventDay the latest day with an applied event among the days looked at, or null when none had any
 * @param eventsDuringPeriod events applied on the reported period's days (whatever day they occurred)
 * @param lookedBackDays how many days before today were examined (what "never" means)
 */
public record DataHealth(LocalDate today, LocalDate lastEventDay, long eventsDuringPeriod, int maxSilentDays,
                         int lookedBackDays) {

    public static DataHealth of(Map<LocalDate, Long> eventsAppliedByDay, Period period, LocalDate today,
                                int maxSilentDays, int lookedBackDays) {
        LocalDate last = null;
        long during = 0;
        for (Map.Entry<LocalDate, Long> day : eventsAppliedByDay.entrySet()) {
            if (day.getValue() <= 0 || day.getKey().isAfter(today)) continue;
            if (last == null || day.getKey().isAfter(last)) last = day.getKey();
            if (period.contains(day.getKey())) during += day.getValue();
        }
        return new DataHealth(today, last, during, maxSilentDays, lookedBackDays);
    }

    /** Whole days since the last applied event (today counts 0), or null when none was seen. */
    public Long silentDays() {
        return lastEventDay == null ? null : ChronoUnit.DAYS.between(lastEventDay, today);
    }

    /** Nothing arrived for {@code maxSilentDays} or more: the numbers are likely incomplete. */
    public boolean broken() {
        Long silent = silentDays();
        return silent == null || silent >= maxSilentDays;
    }
}
