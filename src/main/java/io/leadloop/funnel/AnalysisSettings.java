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
 * @param repAttribution whom the rep lines credit: the lead's owner, the deal's owner, or both
 */
public record AnalysisSettings(Benchmarks benchmarks, Integer lagOverride, int minGroupSize, int minDealsForSuggestion,
                               int winAnalysisPeriods, BigDecimal purchasesPerCustomerPerYear,
                               BigDecimal expectedLifetimeYears, Map<PeriodKind, BigDecimal> wonValueGoals,
                               Qualification qualification, RepAttribution repAttribution) {

    public static final AnalysisSettings DEFAULT = new AnalysisSettings(Benchmarks.DEFAULT, null, 5, 30, 13,
            BigDecimal.ONE, new BigDecimal("3"), Map.of(), Qualification.NONE, RepAttribution.BOTH);

    public AnalysisSettings {
        wonValueGoals = Map.copyOf(wonValueGoals);
    }
}
