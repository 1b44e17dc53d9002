package io.leadloop.funnel;

/** A healthy range for a ratio, in percent, and where that range comes from. */
public record Band(double lowPercent, double highPercent, String source) {

    public Band {
        if (lowPercent > highPercent) {
            throw new IllegalArgumentException("band low " + lowPercent + " exceeds high " + highPercent);
        }
    }

    public Verdict verdict(Ratio ratio) {
        if (!ratio.defined()) return Verdict.NO_DATA;
        double percent = ratio.percent().getAsDouble();
        if (percent < lowPercent) return Verdict.BELOW;
        if (percent > highPercent) return Verdict.ABOVE;
        return Verdict.WITHIN;
    }
}
