package io.leadloop.funnel;

import io.leadloop.funnel.FunnelEvent.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reporting currency and, for each other currency, its dated rates into it: "USD from 2026-01-01 at 0.92" means
 * 1 USD = 0.92 of the reporting currency from that day until the day of USD's next rate. A day is a local day in the
 * reporting timezone, the day an amount is counted on (a won deal's close day, an open deal's creation day), so a rate
 * from 2026-07-01 prices exactly the deals counted on July's days. Before a currency's first rate there is none.
 */
public final class CurrencyRates {

    /** The default of {@code LEADLOOP_CONFIG.currency}, with no rates: only its own amounts can be summed. */
    public static final CurrencyRates DEFAULT = new CurrencyRates("EUR", Map.of());

    private final String reportingCurrency;
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> rates;

    /** @param rates per ISO 4217 code (capitals), each rate by the day it takes effect; every rate positive */
    public CurrencyRates(String reportingCurrency, Map<String, ? extends Map<LocalDate, BigDecimal>> rates) {
        this.reportingCurrency = reportingCurrency;
        Map<String, NavigableMap<LocalDate, BigDecimal>> byCurrency = new TreeMap<>();
        rates.forEach((currency, dated) -> {
            if (currency.equals(reportingCurrency)) {
                throw new IllegalArgumentException(currency + " is the reporting currency; it needs no rate");
            }
            if (dated.values().stream().anyMatch(rate -> rate.signum() <= 0)) {
                throw new IllegalArgumentException(currency + " has a rate that is not positive");
            }
            byCurrency.put(currency, new TreeMap<>(dated));
        });
        this.rates = byCurrency;
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    /** The ISO code an amount is in: as the CRM gave it, in capitals, or the reporting currency where it gave none. */
    public String currencyOf(Money money) {
        String currency = money.currency();
        return currency == null || currency.isBlank() ? reportingCurrency : currency.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * What one unit of {@code money}'s currency is worth in the reporting currency on {@code day}: 1 for the reporting
     * currency itself, empty when no rate of that currency has taken effect by then.
     */
    public Optional<BigDecimal> rate(Money money, LocalDate day) {
        String currency = currencyOf(money);
        if (currency.equals(reportingCurrency)) return Optional.of(BigDecimal.ONE);
        NavigableMap<LocalDate, BigDecimal> dated = rates.get(currency);
        if (dated == null) return Optional.empty();
        return Optional.ofNullable(dated.floorEntry(day)).map(Map.Entry::getValue);
    }
}
