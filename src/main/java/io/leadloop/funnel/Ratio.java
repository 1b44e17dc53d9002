package io.leadloop.funnel;

import java.util.OptionalDouble;

/** A ratio that keeps its counts, so no one reads a percentage without what it is a percentage of. */
public record Ratio(long numerator, long denominator) {

    public boolean defined() {
        return denominator > 0;
    }

    /**
     * Whether the ratio is above 100%: possible for flow ratios (this period's wins over this period's leads), whose
     * numerator includes leads of earlier periods. Shown as computed, never capped (docs/metrics.md).
     */
    public boolean aboveWhole() {
        return defined() && numerator > denominator;
    }

    /** The ratio × 100, or empty when the denominator is zero (never NaN, never a misleading 0%). */
    public OptionalDouble percent() {
        return defined() ? OptionalDouble.of(100.0 * numerator / denominator) : OptionalDouble.empty();
    }
}
