package io.leadloop.settings;

import io.leadloop.funnel.CurrencyRates;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reporting currency ({@code currency}) and the rates that convert other currencies into it
 * ({@code currency_rates}), from the config document (docs/metrics.md, "Currencies"):
 * <pre>
 * {"currency": "EUR",
 *  "currency_rates": {"USD": [{"from": "2026-01-01", "rate": 0.92}, {"from": "2026-07-01", "rate": 0.95}],
 *                     "GBP": [{"from": "2026-01-01", "rate": 1.17}]}}
 * </pre>
 * meaning 1 USD = 0.92 EUR from 2026-01-01 and 0.95 EUR from 2026-07-01.
 */
public final class CurrencySettings {
    private CurrencySettings() {}

    /** Far above any real rate, low enough that a converted sum keeps within DynamoDB's 38 digits. */
    private static final BigDecimal MAX_RATE = new BigDecimal("1000000");

    /** The ISO 4217 code every amount is reported in (default EUR). */
    public static String reportingCurrency(Section root) {
        String code = root.string("currency").orElse(CurrencyRates.DEFAULT.reportingCurrency());
        if (!isoCode(code.toUpperCase(Locale.ROOT))) {
            throw new ConfigException(root.pathOf("currency"), "'" + code + "' is not an ISO 4217 currency code; use one such as EUR, USD or MXN");
        }
        return code.toUpperCase(Locale.ROOT);
    }

    public static CurrencyRates rates(Section root) {
        String reporting = reportingCurrency(root);
        Section section = root.section("currency_rates");
        Map<String, Map<LocalDate, BigDecimal>> rates = new TreeMap<>();
        for (String code : section.keys()) {
            String path = section.pathOf(code);
            if (!code.matches("[A-Z]{3}") || !isoCode(code)) {
                throw new ConfigException(path, "is not an ISO 4217 currency code; name each currency by its code in capitals,"
                        + " such as USD, GBP or MXN");
            }
            if (code.equals(reporting)) {
                throw new ConfigException(path, "is the reporting currency (" + root.pathOf("currency") + "), whose amounts need"
                        + " no rate; remove it");
            }
            Map<LocalDate, BigDecimal> dated = new TreeMap<>();
            for (Section r : section.sections(code)) {
                r.allowOnly(Set.of("from", "rate"));
                LocalDate from = FunnelSettings.date(r, "from");
                if (dated.containsKey(from)) {
                    throw new ConfigException(r.pathOf("from"), "another " + code + " rate starts on " + from + "; give each rate its own date");
                }
                dated.put(from, rate(r, code, reporting));
            }
            if (dated.isEmpty()) {
                throw new ConfigException(path, "lists no rate; give at least one, e.g. [{\"from\": \"2026-01-01\", \"rate\": 0.92}]"
                        + " for 1 " + code + " = 0.92 " + reporting);
            }
            rates.put(code, dated);
        }
        return new CurrencyRates(reporting, rates);
    }

    private static BigDecimal rate(Section r, String code, String reporting) {
        BigDecimal rate = r.decimal("rate").orElseThrow(() -> new ConfigException(r.pathOf("rate"),
                "is required: what 1 " + code + " is worth in " + reporting + ", e.g. 0.92"));
        if (rate.signum() <= 0 || rate.compareTo(MAX_RATE) >= 0) {
            throw new ConfigException(r.pathOf("rate"), "must be a positive number below " + MAX_RATE.toPlainString()
                    + " (what 1 " + code + " is worth in " + reporting + "); was " + rate.toPlainString());
        }
        return rate;
    }

    private static boolean isoCode(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
