package io.leadloop.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadloop.funnel.CurrencyRates;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code currency_rates}: dated rates into the reporting currency, and errors that name the key and the fix. */
@Unit
class CurrencySettingsTest {

    private static CurrencyRates rates(String document) {
        return CurrencySettings.rates(Section.root(new Config(Map.of(Section.DOCUMENT, document), name -> null)));
    }

    private static String error(String document) {
        return assertThrows(ConfigException.class, () -> rates(document)).getMessage();
    }

    private static Optional<BigDecimal> rate(CurrencyRates rates, String currency, String day) {
        return rates.rate(new Money(BigDecimal.ONE, currency), LocalDate.parse(day));
    }

    @Test
    void ratesConvertIntoTheConfiguredReportingCurrencyFromTheirDates() {
        CurrencyRates rates = rates("""
                {"currency": "usd",
                 "currency_rates": {"EUR": [{"from": "2026-07-01", "rate": 1.09}, {"from": "2026-01-01", "rate": 1.08}],
                                    "MXN": [{"from": "2026-01-01", "rate": "0.055"}]}}""");

        assertEquals("USD", rates.reportingCurrency());
        assertEquals(Optional.of(new BigDecimal("1.08")), rate(rates, "EUR", "2026-06-30"), "listed in any order");
        assertEquals(Optional.of(new BigDecimal("1.09")), rate(rates, "EUR", "2026-07-01"));
        assertEquals(Optional.of(new BigDecimal("0.055")), rate(rates, "MXN", "2026-03-01"));
        assertEquals(Optional.empty(), rate(rates, "GBP", "2026-03-01"));
    }

    @Test
    void withoutRatesOnlyTheReportingCurrencyDefaultingToEuroIsSummed() {
        CurrencyRates rates = CurrencySettings.rates(Section.root(new Config(Map.of(), name -> null)));

        assertEquals("EUR", rates.reportingCurrency());
        assertEquals(Optional.of(BigDecimal.ONE), rate(rates, "EUR", "2026-03-01"));
        assertEquals(Optional.empty(), rate(rates, "USD", "2026-03-01"));
    }

    @Test
    void aCurrencyMustBeAnIsoCodeInCapitals() {
        assertEquals("LEADLOOP_CONFIG.currency_rates.US$: is not an ISO 4217 currency code; name each currency by its code in"
                + " capitals, such as USD, GBP or MXN", error("{\"currency_rates\": {\"US$\": [{\"from\": \"2026-01-01\", \"rate\": 0.92}]}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.usd: is not an ISO 4217 currency code; name each currency by its code in"
                + " capitals, such as USD, GBP or MXN", error("{\"currency_rates\": {\"usd\": [{\"from\": \"2026-01-01\", \"rate\": 0.92}]}}"));
    }

    @Test
    void theReportingCurrencyNeedsNoRate() {
        assertEquals("LEADLOOP_CONFIG.currency_rates.EUR: is the reporting currency (LEADLOOP_CONFIG.currency), whose amounts need"
                + " no rate; remove it", error("{\"currency_rates\": {\"EUR\": [{\"from\": \"2026-01-01\", \"rate\": 1}]}}"));
    }

    @Test
    void aRateMustBePositive() {
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[0].rate: must be a positive number below 1000000 (what 1 USD is worth"
                + " in EUR); was -0.92", error("{\"currency_rates\": {\"USD\": [{\"from\": \"2026-01-01\", \"rate\": -0.92}]}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[0].rate: must be a number; was 'ninety'",
                error("{\"currency_rates\": {\"USD\": [{\"from\": \"2026-01-01\", \"rate\": \"ninety\"}]}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[0].rate: is required: what 1 USD is worth in EUR, e.g. 0.92",
                error("{\"currency_rates\": {\"USD\": [{\"from\": \"2026-01-01\"}]}}"));
    }

    @Test
    void eachRateHasItsOwnDate() {
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[1].from: another USD rate starts on 2026-01-01; give each rate its own date",
                error("{\"currency_rates\": {\"USD\": [{\"from\": \"2026-01-01\", \"rate\": 0.92}, {\"from\": \"2026-01-01\", \"rate\": 0.95}]}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[0].from: '2026-13-01' is not a date like 2026-01-01",
                error("{\"currency_rates\": {\"USD\": [{\"from\": \"2026-13-01\", \"rate\": 0.92}]}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[0].from: is required, e.g. \"2026-01-01\"",
                error("{\"currency_rates\": {\"USD\": [{\"rate\": 0.92}]}}"));
    }

    @Test
    void aCurrencyListsItsRatesAsObjectsWithFromAndRate() {
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD: lists no rate; give at least one, e.g. [{\"from\": \"2026-01-01\", \"rate\": 0.92}]"
                + " for 1 USD = 0.92 EUR", error("{\"currency_rates\": {\"USD\": []}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD: must be a list of objects", error("{\"currency_rates\": {\"USD\": 0.92}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates.USD[0].since: is not a known setting; known here: [from, rate]",
                error("{\"currency_rates\": {\"USD\": [{\"since\": \"2026-01-01\", \"rate\": 0.92}]}}"));
        assertEquals("LEADLOOP_CONFIG.currency_rates: must be an object", error("{\"currency_rates\": [\"USD\"]}"));
    }
}
