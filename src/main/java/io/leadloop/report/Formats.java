package io.leadloop.report;

import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How numbers read in every rendering, so the email, its text part and the JSON agree. */
final class Formats {
    private Formats() {}

    static String percent(Ratio ratio, String denominatorName) {
        if (!ratio.defined()) return "n/a (no " + denominatorName + ")";
        return String.format(Locale.ROOT, "%.1f%%", ratio.percent().getAsDouble());
    }

    /** "25.0% (1 / 4)": a ratio is never shown without its counts. */
    static String withCounts(Ratio ratio, String denominatorName) {
        if (!ratio.defined()) return percent(ratio, denominatorName);
        return percent(ratio, denominatorName) + " (" + counts(ratio) + ")";
    }

    static String counts(Ratio ratio) {
        return ratio.numerator() + " / " + ratio.denominator();
    }

    static String change(Comparison comparison) {
        if (comparison.changePoints() == null) return "no comparison";
        String change = String.format(Locale.ROOT, "%+.1f pts", comparison.changePoints());
        return comparison.withinNoise() ? change + " (within noise)" : change;
    }

    static String band(RatioLine line) {
        if (line.band() == null) return "no benchmark";
        return String.format(Locale.ROOT, "%.0f–%.0f%% healthy", line.band().lowPercent(), line.band().highPercent());
    }

    static String verdict(Verdict verdict) {
        return switch (verdict) {
            case BELOW -> "below benchmark";
            case WITHIN -> "within benchmark";
            case ABOVE -> "above benchmark";
            case NO_DATA -> "no data";
            case NO_BENCHMARK -> "";
        };
    }

    static String money(BigDecimal amount) {
        return amount == null ? "n/a" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String days(Double days) {
        return days == null ? "n/a" : String.format(Locale.ROOT, "%.1f d", days);
    }
}
