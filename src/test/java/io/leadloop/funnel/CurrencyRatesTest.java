package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@Unit
class CurrencyRatesTest {

    private static final CurrencyRates RATES = new CurrencyRates("EUR", Map.of(
            "USD", Map.of(LocalDate.parse("2026-01-01"), new BigDecimal("0.92"), LocalDate.parse("2026-07-01"), new BigDecimal("0.95")),
            "GBP", Map.of(LocalDate.parse("2026-03-01"), new BigDecimal("1.17"))));

    private static Optional<BigDecimal> rate(String currency, String day) {
        return RATES.rate(new Money(BigDecimal.TEN, currency), LocalDate.parse(day));
    }

    @Test
    void aRateAppliesFromItsDayUntilTheNextOnesDay() {
        assertEquals(Optional.of(new BigDecimal("0.92")), rate("USD", "2026-01-01"));
        assertEquals(Optional.of(new BigDecimal("0.92")), rate("USD", "2026-06-30"));
        assertEquals(Optional.of(new BigDecimal("0.95")), rate("USD", "2026-07-01"));
        assertEquals(Optional.of(new BigDecimal("0.95")), rate("USD", "2027-05-01"), "the latest rate holds until a newer one");
    }

    @Test
    void beforeACurrencysFirstRateOrForACurrencyWithoutRatesThereIsNone() {
        assertEquals(Optional.empty(), rate("GBP", "2026-02-28"));
        assertEquals(Optional.of(new BigDecimal("1.17")), rate("GBP", "2026-03-01"));
        assertEquals(Optional.empty(), rate("JPY", "2026-07-01"));
    }

    @Test
    void theReportingCurrencyAndAnAmountWithoutCurrencyAreWorthOne() {
        assertEquals(Optional.of(BigDecimal.ONE), rate("EUR", "2020-01-01"));
        assertEquals(Optional.of(BigDecimal.ONE), rate(null, "2020-01-01"));
        assertEquals("EUR", RATES.currencyOf(new Money(BigDecimal.TEN, null)));
    }

    @Test
    void aCrmsLowerCaseCodeIsTheSameCurrency() {
        assertEquals(Optional.of(new BigDecimal("0.92")), rate(" usd", "2026-02-01"));
        assertEquals("USD", RATES.currencyOf(new Money(BigDecimal.TEN, " usd")));
    }

    @Test
    void ratesMustBePositiveAndNeverForTheReportingCurrency() {
        assertThrows(IllegalArgumentException.class, () -> new CurrencyRates("EUR",
                Map.of("USD", Map.of(LocalDate.parse("2026-01-01"), BigDecimal.ZERO))));
        assertThrows(IllegalArgumentException.class, () -> new CurrencyRates("EUR",
                Map.of("EUR", Map.of(LocalDate.parse("2026-01-01"), BigDecimal.ONE))));
    }
}
