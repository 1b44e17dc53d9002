package io.leadloop.settings;

import io.leadloop.funnel.CurrencyRates;
import java.util.Map;

/**
 * Report-wide knobs (README, "Audiences"):
 *
 * @param followUpDays a qualified lead nobody worked for longer than this is listed for follow-up (default 3)
 * @param maxSilentDays with no webhook event applied for this many days the report is flagged as broken (default 7)
 * @param alertMinDenominator a ratio raises an alert only when its denominator is at least this (default 10), so
 *                            1 of 3 on a Monday morning is not an alarm
 * @param currency the reporting currency's ISO 4217 code, written beside every amount (default EUR); amounts in other
 *                 currencies are converted into it ({@code currency_rates}, {@link CurrencySettings})
 * @param crmLinks where a listed lead's record opens in its CRM
 * @param owners names to show for owner ids ({@code LEADLOOP_CONFIG.owners}), over those the CRMs list
 */
public record ReportOptions(int followUpDays, int maxSilentDays, int alertMinDenominator, String currency, CrmLinks crmLinks,
                            Map<String, String> owners) {

    /** An owner's name is at most this long, in characters: a table cell, not a biography. */
    public static final int MAX_OWNER_NAME_CHARS = 100;

    public static final ReportOptions DEFAULT = new ReportOptions(3, 7, 10, CurrencyRates.DEFAULT.reportingCurrency(), CrmLinks.DEFAULT,
            Map.of());

    public ReportOptions {
        owners = Map.copyOf(owners);
    }
}
