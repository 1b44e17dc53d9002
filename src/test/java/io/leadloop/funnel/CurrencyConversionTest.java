package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.FunnelRules.Transition;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deals in several currencies are summed in the reporting currency (EUR here), each at the rate of its own day. */
@Unit
class CurrencyConversionTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final Map<String, Map<LocalDate, BigDecimal>> RATES = Map.of(
            "USD", Map.of(LocalDate.parse("2026-01-01"), new BigDecimal("0.92"), LocalDate.parse("2026-11-19"), new BigDecimal("0.95")),
            "GBP", Map.of(LocalDate.parse("2026-01-01"), new BigDecimal("1.17")));

    private final FunnelRules rules = rules(RATES);
    private final Map<Counter, BigDecimal> counters = new HashMap<>();
    private final Map<String, DealState> deals = new HashMap<>();

    private static FunnelRules rules(Map<String, Map<LocalDate, BigDecimal>> rates) {
        return new FunnelRules(MADRID, Qualification.NONE, Segmentation.DEFAULT, new CurrencyRates("EUR", rates));
    }

    private Transition apply(FunnelRules with, FunnelEvent event, String dealId) {
        Transition t = with.apply(event, null, deals.getOrDefault(dealId, DealState.unknown(dealId)));
        deals.put(dealId, t.deal());
        t.counterDeltas().forEach((counter, delta) -> counters.merge(counter, delta, BigDecimal::add));
        return t;
    }

    private void won(String dealId, String at, String amount, String currency) {
        apply(rules, new DealWon(dealId + "-won", Instant.parse(at), dealId, null, new Money(new BigDecimal(amount), currency), "ana"), dealId);
    }

    private BigDecimal week(String name) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LocalDate day = LocalDate.parse("2026-11-16"); day.isBefore(LocalDate.parse("2026-11-23")); day = day.plusDays(1)) {
            sum = sum.add(counters.getOrDefault(new Counter(day, name), BigDecimal.ZERO));
        }
        return sum;
    }

    private BigDecimal allTime(String name) {
        return counters.getOrDefault(Counter.allTime(name), BigDecimal.ZERO);
    }

    @Test
    void aWeekOfDealsInEuroDollarsPoundsAndYenSumsWhatHasARateAndCountsTheRestApart() {
        won("D-EUR", "2026-11-18T10:00:00Z", "10000", "EUR");
        won("D-USD1", "2026-11-18T11:00:00Z", "1000", "USD");   // 0.92 until 19 Nov: 920
        won("D-USD2", "2026-11-20T11:00:00Z", "2000", "usd");   // 0.95 from 19 Nov: 1900
        won("D-GBP", "2026-11-19T09:00:00Z", "500", "GBP");     // 585
        won("D-JPY", "2026-11-20T12:00:00Z", "150000", "JPY");  // no rate
        won("D-NONE", "2026-11-21T12:00:00Z", "300", null);     // no currency: the reporting one

        assertEquals(0, new BigDecimal("13705").compareTo(week(Metric.WON_VALUE)), "10000 + 920 + 1900 + 585 + 300: " + week(Metric.WON_VALUE));
        assertEquals(new BigDecimal("6"), week(Metric.WON), "every won deal counts as won, converted or not");
        assertEquals(BigDecimal.ONE, week(Counter.named(Metric.WON_UNCONVERTED, Dimension.CURRENCY, "JPY")));
        assertEquals(new BigDecimal("150000"), week(Counter.named(Metric.WON_VALUE_UNCONVERTED, Dimension.CURRENCY, "JPY")));
        assertEquals(0, new BigDecimal("13705").compareTo(week(Counter.named(Metric.WON_VALUE, Dimension.OWNER, "ana"))),
                "breakdowns hold the converted amounts too");
        assertEquals(new Money(new BigDecimal("2000"), "usd"), deals.get("D-USD2").amount(), "the deal keeps the CRM's amount");
        assertEquals(new BigDecimal("0.95"), deals.get("D-USD2").rate());
        assertNull(deals.get("D-JPY").rate(), "no rate: counted apart");
    }

    @Test
    void anOpenDealCountsInThePipelineAtTheRateOfItsCreationDay() {
        apply(rules, new DealCreated("c1", Instant.parse("2026-11-18T10:00:00Z"), "D-USD", null, new Money(new BigDecimal("1000"), "USD"), "ana"), "D-USD");
        apply(rules, new DealCreated("c2", Instant.parse("2026-11-18T10:00:00Z"), "D-MXN", null, new Money(new BigDecimal("20000"), "MXN"), "ana"), "D-MXN");

        assertEquals(0, new BigDecimal("920").compareTo(allTime(Metric.OPEN_PIPELINE_VALUE)));
        assertEquals(new BigDecimal("2"), allTime(Metric.OPEN_DEALS));
        assertEquals(BigDecimal.ONE, allTime(Counter.named(Metric.OPEN_DEALS_UNCONVERTED, Dimension.CURRENCY, "MXN")));
        assertEquals(new BigDecimal("20000"), allTime(Counter.named(Metric.OPEN_PIPELINE_VALUE_UNCONVERTED, Dimension.CURRENCY, "MXN")));

        won("D-MXN", "2026-11-20T10:00:00Z", "20000", "MXN");

        assertEquals(BigDecimal.ZERO, allTime(Counter.named(Metric.OPEN_DEALS_UNCONVERTED, Dimension.CURRENCY, "MXN")).stripTrailingZeros(),
                "won, it leaves the open pipeline");
        assertEquals(BigDecimal.ONE, week(Counter.named(Metric.WON_UNCONVERTED, Dimension.CURRENCY, "MXN")));
    }

    @Test
    void aRateAddedLaterConvertsAnUnconvertedDealAtItsNextChange() {
        won("D-JPY", "2026-11-20T12:00:00Z", "150000", "JPY");
        FunnelRules withYen = rules(Map.of("JPY", Map.of(LocalDate.parse("2026-11-01"), new BigDecimal("0.0061"))));

        apply(withYen, new DealUpdated("u1", Instant.parse("2026-11-25T09:00:00Z"), "D-JPY", null, Money.UNKNOWN, "ben"), "D-JPY");

        assertEquals(0, new BigDecimal("915").compareTo(week(Metric.WON_VALUE)), "150000 × 0.0061 on its close day");
        assertEquals(BigDecimal.ZERO, week(Counter.named(Metric.WON_UNCONVERTED, Dimension.CURRENCY, "JPY")).stripTrailingZeros());
        assertEquals(BigDecimal.ZERO, week(Counter.named(Metric.WON_VALUE_UNCONVERTED, Dimension.CURRENCY, "JPY")).stripTrailingZeros());
    }

    @Test
    void aDealTakesBackWhatItAddedEvenAfterItsRateWasChanged() {
        won("D-USD", "2026-11-18T11:00:00Z", "1000", "USD");   // 920
        FunnelRules corrected = rules(Map.of("USD", Map.of(LocalDate.parse("2026-01-01"), new BigDecimal("0.90"))));

        // A correction of the amount: the 920 counted goes, the new amount counts at today's configured rate.
        apply(corrected, new DealUpdated("u1", Instant.parse("2026-11-25T09:00:00Z"), "D-USD", null,
                new Money(new BigDecimal("1100"), "USD"), null), "D-USD");

        assertEquals(0, new BigDecimal("990").compareTo(week(Metric.WON_VALUE)), "1100 × 0.90, nothing left of the 920: " + week(Metric.WON_VALUE));
    }

    @Test
    void aDealCountedBeforeCurrenciesWereConvertedTakesBackItsPlainAmount() {
        // As the store reads a deal written before rates existed: its amount was summed as the number it is.
        DealState stored = rules(Map.of()).apply(new DealWon("w", Instant.parse("2026-11-18T11:00:00Z"), "D-OLD", null,
                new Money(new BigDecimal("1000"), "EUR"), null), null, DealState.unknown("D-OLD")).deal();
        deals.put("D-OLD", new DealState(stored.dealId(), stored.leadId(), stored.stage(), new Money(new BigDecimal("1000"), "USD"),
                stored.owner(), stored.createdAt(), stored.outcome(), stored.closedAt(), stored.lostReason(), stored.leadProfile(),
                stored.leadCreatedAt(), stored.fieldTimes(), BigDecimal.ONE));
        counters.putAll(rules.contributions(deals.get("D-OLD")));
        assertEquals(new BigDecimal("1000"), week(Metric.WON_VALUE), "what it added then");

        apply(rules, new DealUpdated("u1", Instant.parse("2026-11-25T09:00:00Z"), "D-OLD", null, Money.UNKNOWN, "ben"), "D-OLD");

        assertEquals(0, new BigDecimal("920").compareTo(week(Metric.WON_VALUE)), "the 1000 summed then is replaced by 920");
        assertEquals(List.of(), counters.entrySet().stream().filter(e -> e.getValue().signum() < 0).toList(), "no counter goes negative");
    }
}
