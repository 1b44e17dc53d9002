package io.leadloop.funnel;

import java.util.List;
import java.util.TreeSet;

/**
 * Finds "why" a ratio moved: for every value of every breakdown, the ratio is recomputed as if that one group had
 * kept its previous period's counts; the group whose counterfactual differs most from the actual ratio, in the
 * direction the ratio moved, explains the change best. Counts are pooled, so a group of 2 leads cannot outweigh
 * a group of 200.
 */
public final class Movers {
    private Movers() {}

    /** Changes smaller than this many points are not worth a sentence. */
    public static final double MIN_EFFECT_POINTS = 0.5;

    /**
     * @return the value that moved {@code kind} most, or null when the ratio is undefined this period or no
     * group moved it by at least {@link #MIN_EFFECT_POINTS}
     */
    public static Move largest(RatioKind kind, PeriodCounts now, PeriodCounts before, List<String> dimensions) {
        Ratio overallNow = kind.of(now);
        if (!overallNow.defined()) return null;
        Ratio overallBefore = kind.of(before);
        double change = overallBefore.defined()
                ? overallNow.percent().getAsDouble() - overallBefore.percent().getAsDouble() : 0;
        Move best = null;
        for (String dimension : dimensions) {
            String counterDimension = kind.breakdownDimension(dimension);
            if (counterDimension == null) continue;
            TreeSet<String> values = new TreeSet<>(FunnelAnalysis.valuesOf(now, null, counterDimension));
            values.addAll(FunnelAnalysis.valuesOf(before, null, counterDimension));
            for (String value : values) {
                Ratio g = kind.of(now, counterDimension, value);
                Ratio gBefore = kind.of(before, counterDimension, value);
                if (g.equals(gBefore)) continue;
                // A value everyone shares (no target accounts configured: all "no") explains nothing.
                if (g.denominator() == overallNow.denominator() && gBefore.denominator() == overallBefore.denominator()) continue;
                long num = overallNow.numerator() - g.numerator() + gBefore.numerator();
                long den = overallNow.denominator() - g.denominator() + gBefore.denominator();
                if (den <= 0) continue;
                double without = 100.0 * num / den;
                double effect = overallNow.percent().getAsDouble() - without;
                if (Math.abs(effect) < MIN_EFFECT_POINTS) continue;
                // Prefer groups that pushed the ratio the way it actually moved; with no net change, any large push.
                if (change != 0 && Math.signum(effect) != Math.signum(change)) continue;
                if (best == null || Math.abs(effect) > Math.abs(best.effectPoints())) {
                    best = new Move(kind, dimension, value, gBefore, g, overallNow, without, effect);
                }
            }
        }
        return best;
    }
}
