package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.FunnelReport.RelatedMetrics;
import io.leadloop.funnel.FunnelReport.Unconverted;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.Verdict;
import io.leadloop.settings.Language;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How numbers read in one language: "25.0% (1 / 4)" in English, "25,0 % (1 / 4)" in Spanish. A ratio is never
 * shown without its counts, and a zero denominator is named ("n/a (no leads created)"), never printed as 0%.
 */
final class Fmt {

    private final Words words;
    private final Currency currency;

    Fmt(Words words, String currencyCode) {
        this.words = words;
        this.currency = Currency.getInstance(currencyCode);
    }

    Words words() {
        return words;
    }

    private Locale locale() {
        return words.locale();
    }

    /** "25.0%" in English; "25,0 %" in Spanish, with a non-breaking space so that the sign never starts a line. */
    String percent(double value) {
        return String.format(locale(), words.language() == Language.ES ? "%.1f\u00a0%%" : "%.1f%%", value);
    }

    /** "25.0%", or "n/a (no leads created)". */
    String percent(Ratio ratio, String noDenominator) {
        if (!ratio.defined()) return words.t("na", noDenominator);
        return percent(ratio.percent().getAsDouble());
    }

    /** "25.0%", or just "n/a" where the surroundings already say what is missing. */
    String percentOrNa(Ratio ratio) {
        return ratio.defined() ? percent(ratio.percent().getAsDouble()) : words.t("na.short");
    }

    /** "25.0% (1 / 4)", or just "n/a". */
    String withCountsOrNa(Ratio ratio) {
        return ratio.defined() ? percentOrNa(ratio) + " (" + counts(ratio) + ")" : words.t("na.short");
    }

    /** "25.0% (1 / 4)". */
    String withCounts(Ratio ratio, String noDenominator) {
        if (!ratio.defined()) return percent(ratio, noDenominator);
        return percent(ratio, noDenominator) + " (" + counts(ratio) + ")";
    }

    String withCounts(Ratio ratio, RatioKind kind) {
        return withCounts(ratio, words.noDenominator(kind));
    }

    String counts(Ratio ratio) {
        return integer(ratio.numerator()) + " / " + integer(ratio.denominator());
    }

    String integer(long n) {
        return NumberFormat.getIntegerInstance(locale()).format(n);
    }

    /** "+4.2 pts". */
    String points(double points) {
        return words.t("change.points", String.format(locale(), "%+.1f", points));
    }

    String change(Comparison c) {
        if (c.changePoints() == null) return words.t("change.none");
        String change = points(c.changePoints());
        return c.withinNoise() ? words.t("change.noise", change) : change;
    }

    /** "20–30% healthy". */
    String band(Band band) {
        if (band == null) return words.t("band.none");
        return words.t("band", whole(band.lowPercent()), whole(band.highPercent()));
    }

    /** "20–30%", for sentences. */
    String bandRange(Band band) {
        return whole(band.lowPercent()) + "–" + whole(band.highPercent()) + (words.language() == Language.ES ? "\u00a0%" : "%");
    }

    String verdict(Verdict verdict) {
        return switch (verdict) {
            case BELOW -> words.t("verdict.below");
            case WITHIN -> words.t("verdict.within");
            case ABOVE -> words.t("verdict.above");
            case NO_DATA -> words.t("verdict.no_data");
            case NO_BENCHMARK -> "";
        };
    }

    String benchmark(RatioLine line) {
        if (line.band() == null) return words.t("band.none");
        return (band(line.band()) + ", " + verdict(line.verdict())).strip();
    }

    /** "€18,500" or "18.500,50 €": the amount in the reporting currency, whole amounts without decimals. */
    String money(BigDecimal amount) {
        return money(amount, currency);
    }

    /** "US$1,200" or "1200 XBT": an amount in a currency the CRM named, which may not be an ISO 4217 code. */
    String money(BigDecimal amount, String currencyCode) {
        try {
            return money(amount, Currency.getInstance(currencyCode));
        } catch (IllegalArgumentException notIso) {
            return number(amount) + "\u00a0" + currencyCode;
        }
    }

    private String money(BigDecimal amount, Currency in) {
        if (amount == null) return words.t("na.short");
        BigDecimal scaled = amount.setScale(2, RoundingMode.HALF_UP);
        NumberFormat f = NumberFormat.getCurrencyInstance(locale());
        f.setCurrency(in);
        boolean whole = scaled.stripTrailingZeros().scale() <= 0;
        f.setMinimumFractionDigits(whole ? 0 : 2);
        f.setMaximumFractionDigits(whole ? 0 : 2);
        return f.format(scaled);
    }

    /**
     * The warning that some deals are left out of the won value or the open pipeline because no rate converted their
     * currency, with what to do; empty when every amount was converted.
     */
    Optional<String> unconverted(RelatedMetrics m) {
        List<String> notes = new ArrayList<>();
        if (!m.unconvertedWon().isEmpty()) notes.add(words.t("currency.won", deals(m.unconvertedWon()), currency.getCurrencyCode()));
        if (!m.unconvertedOpen().isEmpty()) notes.add(words.t("currency.open", deals(m.unconvertedOpen()), currency.getCurrencyCode()));
        if (notes.isEmpty()) return Optional.empty();
        notes.add(words.t("currency.fix"));
        return Optional.of(String.join(" ", notes));
    }

    /** "2 deals in USD (US$3,000) and 1 deal in GBP (£500)". */
    private String deals(List<Unconverted> byCurrency) {
        List<String> parts = byCurrency.stream().map(u -> words.t(u.deals() == 1 ? "currency.deals.one" : "currency.deals",
                integer(u.deals()), u.currency(), money(u.amount(), u.currency()))).toList();
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + words.t("list.and") + parts.get(parts.size() - 1);
    }

    /** 1, 1.5, 12,000: as many decimals as the number has, up to two. */
    String number(BigDecimal value) {
        NumberFormat f = NumberFormat.getNumberInstance(locale());
        f.setMaximumFractionDigits(2);
        return f.format(value);
    }

    String decimal(double value) {
        return String.format(locale(), "%.1f", value);
    }

    String days(Double days) {
        if (days == null) return words.t("na.short");
        return days < 1 ? words.t("days.under.one") : words.t("days", decimal(days));
    }

    private String whole(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(locale(), "%.1f", value);
    }
}
