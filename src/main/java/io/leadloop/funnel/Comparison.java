package io.leadloop.funnel;

/**
 * This period's ratio against another one: the change in percentage points, and whether that change is
 * distinguishable from noise (a two-proportion z-test at 95%, and never with fewer than 10 in either
 * denominator), so 1/2 → 2/3 is not celebrated as +17 points.
 */
public record Comparison(String against, Ratio other, Double changePoints, boolean withinNoise) {

    static final int MIN_DENOMINATOR = 10;

    public static Comparison of(String against, Ratio current, Ratio other) {
        if (!current.defined() || !other.defined()) return new Comparison(against, other, null, true);
        double p1 = (double) current.numerator() / current.denominator();
        double p2 = (double) other.numerator() / other.denominator();
        double change = 100 * (p1 - p2);
        if (current.denominator() < MIN_DENOMINATOR || other.denominator() < MIN_DENOMINATOR) {
            return new Comparison(against, other, change, true);
        }
        double pooled = (double) (current.numerator() + other.numerator()) / (current.denominator() + other.denominator());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / current.denominator() + 1.0 / other.denominator()));
        boolean noise = se == 0 ? change == 0 : Math.abs((p1 - p2) / se) < 1.96;
        return new Comparison(against, other, change, noise);
    }
}
