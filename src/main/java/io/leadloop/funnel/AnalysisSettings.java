package io.leadloop.funnel;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The knobs of the analysis, each with a documented default (docs/metrics.md).
 *
 * @param lagOverride MQL→SQL lag in whole periods; null to use the observed median
 * @param minGroupSize breakdown groups with a smaller denominator are folded into "other"
 * @param minDealsForSuggestion closed deals an attribute value needs before "what wins" suggests anything
 * @param winAnalysisPeriods how many periods up to the reported one the win/loss analysis pools
 * @param purchasesPerCustomerPerYear and {@code expectedLifetimeYears}: the customer lifetime value inputs
 * @param wonValueGoals the sales goal (won value) per period kind; absent when none is set
 */
public record AnalysisSettings(Benchmarks benchmarks, Integer lagOverride, int minGroupSize, int minDealsForSuggestion,
                               int winAnalysisPeriods, BigDecimal purchasesPerCustomerPerYear,
                               BigDecimal expectedLifetimeYears, Map<PeriodKind, BigDecimal> wonValueGoals,
                               Qualification qualification) {

    public static final AnalysisSettings DEFAULT = new AnalysisSettings(Benchmarks.DEFAULT, null, 5, 30, 13,
            BigDecimal.ONE, new BigDecimal("3"), Map.of(), Qualification.NONE);

    public AnalysisSettings {
        wonValueGoals = Map.copyOf(wonValueGoals);
    }
}
