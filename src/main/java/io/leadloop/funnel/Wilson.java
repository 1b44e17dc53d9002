package io.leadloop.funnel;

/** The Wilson score interval at 95%: honest bounds for a rate measured on few cases. */
public record Wilson(double low, double high) {

    private static final double Z = 1.96;

    public static Wilson of(long successes, long trials) {
        if (trials == 0) return new Wilson(0, 1);
        double p = (double) successes / trials;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        double half = Z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / (1 + z2 / trials);
        return new Wilson(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    public boolean contains(double rate) {
        return rate >= low && rate <= high;
    }
}
