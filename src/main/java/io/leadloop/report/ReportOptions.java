package io.leadloop.report;

/**
 * Report-wide knobs (README, "Audiences"):
 *
 * @param followUpDays a qualified lead nobody worked for longer than this is listed for follow-up (default 3)
 * @param maxSilentDays with no webhook event applied for this many days the report is flagged as broken (default 7)
 * @param alertMinDenominator a ratio raises an alert only when its denominator is at least this (default 10), so
 *                            1 of 3 on a Monday morning is not an alarm
 */
public record ReportOptions(int followUpDays, int maxSilentDays, int alertMinDenominator) {

    public static final ReportOptions DEFAULT = new ReportOptions(3, 7, 10);
}
