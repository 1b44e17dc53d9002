package io.leadloop.settings;

import io.leadloop.funnel.AnalysisSettings;
import io.leadloop.funnel.Band;
import io.leadloop.funnel.Benchmarks;
import io.leadloop.funnel.FunnelAnalysis;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.Qualification;
import io.leadloop.funnel.QualificationRule;
import io.leadloop.funnel.QualifiedLeadDefinition;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RepAttribution;
import io.leadloop.funnel.Segmentation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The funnel's company-specific rules from the config document: the qualified-lead definitions
 * ({@code qualified_lead}), the segmentation ({@code segments}), benchmarks, goals and the analysis knobs
 * ({@code metrics}). docs/metrics.md shows a full example.
 */
public final class FunnelSettings {
    private FunnelSettings() {}

    static final List<String> DEFAULT_ATTRIBUTES = List.of("industry", "employees", "country", "budget", "job_role", "company");

    public static Qualification qualification(Section root) {
        Section section = root.section("qualified_lead").allowOnly(Set.of("attributes", "definitions"));
        Set<String> known = new HashSet<>(LeadProfile.FIELDS);
        known.addAll(section.has("attributes") ? section.strings("attributes") : DEFAULT_ATTRIBUTES);
        List<QualifiedLeadDefinition> definitions = new ArrayList<>();
        Set<LocalDate> starts = new HashSet<>();
        for (Section d : section.sections("definitions")) {
            d.allowOnly(Set.of("effective_from", "match", "rules"));
            LocalDate from = date(d, "effective_from");
            if (!starts.add(from)) throw new ConfigException(d.pathOf("effective_from"), "another definition starts on " + from + "; give each its own date");
            String match = d.string("match").orElse("all").toLowerCase(Locale.ROOT);
            if (!match.equals("all") && !match.equals("any")) throw new ConfigException(d.pathOf("match"), "must be \"all\" or \"any\"");
            List<QualificationRule> rules = new ArrayList<>();
            for (Section r : d.sections("rules")) rules.add(rule(r, known));
            try {
                definitions.add(new QualifiedLeadDefinition(from, QualifiedLeadDefinition.Match.valueOf(match.toUpperCase(Locale.ROOT)), rules));
            } catch (IllegalArgumentException contradiction) {
                throw new ConfigException(d.pathOf("rules"), "contradict each other: " + contradiction.getMessage() + "; no lead could qualify");
            }
        }
        return new Qualification(definitions);
    }

    public static Segmentation segmentation(Section root) {
        Section s = root.section("segments").allowOnly(Set.of("size_bands", "target_accounts", "account_attribute", "analysis_attributes"));
        List<Integer> bands = new ArrayList<>();
        for (String band : s.has("size_bands") ? s.strings("size_bands") : List.of("1", "50", "250", "1000")) {
            try {
                bands.add(Integer.parseInt(band));
            } catch (NumberFormatException e) {
                throw new ConfigException(s.pathOf("size_bands"), "must list whole employee counts where bands start, e.g. [1, 50, 250, 1000]");
            }
        }
        return new Segmentation(bands, new LinkedHashSet<>(s.strings("target_accounts")),
                s.string("account_attribute").orElse(Segmentation.DEFAULT.accountAttribute()),
                s.has("analysis_attributes") ? s.strings("analysis_attributes") : Segmentation.DEFAULT.analysisAttributes());
    }

    public static AnalysisSettings analysis(Section root) {
        Section m = root.section("metrics").allowOnly(Set.of("mql_to_sql_lag_periods", "min_group_size", "min_deals_for_suggestion",
                "win_analysis_periods", "purchases_per_customer_per_year", "expected_lifetime_years", "rep_attribution"));
        AnalysisSettings d = AnalysisSettings.DEFAULT;
        Map<PeriodKind, BigDecimal> goals = new EnumMap<>(PeriodKind.class);
        Section wonValue = root.section("goals").allowOnly(Set.of("won_value")).section("won_value")
                .allowOnly(Set.of("week", "month", "quarter"));
        for (PeriodKind kind : PeriodKind.values()) {
            wonValue.decimal(kind.name().toLowerCase(Locale.ROOT)).ifPresent(goal -> goals.put(kind, goal));
        }
        return new AnalysisSettings(benchmarks(root),
                m.has("mql_to_sql_lag_periods") ? whole(m, "mql_to_sql_lag_periods", 0, FunnelAnalysis.TRAILING) : null,
                m.has("min_group_size") ? whole(m, "min_group_size", 1, 1_000_000) : d.minGroupSize(),
                m.has("min_deals_for_suggestion") ? whole(m, "min_deals_for_suggestion", 1, 1_000_000) : d.minDealsForSuggestion(),
                m.has("win_analysis_periods") ? whole(m, "win_analysis_periods", 1, FunnelAnalysis.TRAILING) : d.winAnalysisPeriods(),
                m.decimal("purchases_per_customer_per_year").orElse(d.purchasesPerCustomerPerYear()),
                m.decimal("expected_lifetime_years").orElse(d.expectedLifetimeYears()),
                goals, qualification(root), repAttribution(m));
    }

    private static RepAttribution repAttribution(Section metrics) {
        String rule = metrics.string("rep_attribution").orElse(AnalysisSettings.DEFAULT.repAttribution().wireName());
        for (RepAttribution a : RepAttribution.values()) {
            if (a.wireName().equals(rule.strip().toLowerCase(Locale.ROOT))) return a;
        }
        throw new ConfigException(metrics.pathOf("rep_attribution"), "'" + rule + "' is not a rule; use \"lead_owner\" (credit the"
                + " lead's owner), \"deal_owner\" (credit the deal's owner) or \"both\" (a \"sourced by\" and a \"closed by\" line)");
    }

    private static Benchmarks benchmarks(Section root) {
        Section b = root.section("benchmarks").allowOnly(Set.of("profile", "targets"));
        String profile = b.string("profile").orElse("default");
        if (!Benchmarks.PROFILES.contains(profile)) {
            throw new ConfigException(b.pathOf("profile"), "'" + profile + "' is not a profile; use one of " + new TreeSet<>(Benchmarks.PROFILES));
        }
        Benchmarks benchmarks = Benchmarks.profile(profile);
        Section targets = b.section("targets");
        for (String key : targets.keys()) {
            RatioKind kind;
            try {
                kind = RatioKind.valueOf(key.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(targets.pathOf(key), "is not a ratio; use one of "
                        + Arrays.stream(RatioKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
            }
            Section t = targets.section(key).allowOnly(Set.of("low", "high"));
            BigDecimal low = number(t, "low");
            BigDecimal high = number(t, "high");
            if (low.compareTo(high) > 0) throw new ConfigException(t.pathOf("low"), "is above high; a target band is low ≤ high");
            benchmarks = benchmarks.withTarget(kind, new Band(low.doubleValue(), high.doubleValue(), "company target"));
        }
        return benchmarks;
    }

    private static int whole(Section s, String key, int min, int max) {
        BigDecimal value = number(s, key);
        try {
            int v = value.intValueExact();
            if (v >= min && v <= max) return v;
        } catch (ArithmeticException ignored) {
            // reported below
        }
        throw new ConfigException(s.pathOf(key), "must be a whole number from " + min + " to " + max);
    }

    private static QualificationRule rule(Section r, Set<String> known) {
        r.allowOnly(Set.of("attribute", "one_of", "none_of", "at_least", "at_most"));
        String attribute = r.string("attribute").orElseThrow(() -> new ConfigException(r.pathOf("attribute"), "is required"));
        if (!known.contains(attribute)) {
            throw new ConfigException(r.pathOf("attribute"), "'" + attribute + "' is not a known lead attribute; known: "
                    + known.stream().sorted().toList() + " (declare custom ones in qualified_lead.attributes)");
        }
        List<String> conditions = r.keys().stream().filter(k -> !k.equals("attribute")).toList();
        if (conditions.size() != 1) {
            throw new ConfigException(r.path(), "needs exactly one of one_of, none_of, at_least, at_most; has " + conditions);
        }
        return switch (conditions.get(0)) {
            case "one_of" -> new QualificationRule.OneOf(attribute, new HashSet<>(r.strings("one_of")));
            case "none_of" -> new QualificationRule.NoneOf(attribute, new HashSet<>(r.strings("none_of")));
            case "at_least" -> new QualificationRule.AtLeast(attribute, number(r, "at_least"));
            default -> new QualificationRule.AtMost(attribute, number(r, "at_most"));
        };
    }

    private static BigDecimal number(Section r, String key) {
        return r.decimal(key).orElseThrow(() -> new ConfigException(r.pathOf(key), "must be a number"));
    }

    static LocalDate date(Section s, String key) {
        String text = s.string(key).orElseThrow(() -> new ConfigException(s.pathOf(key), "is required, e.g. \"2026-01-01\""));
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException(s.pathOf(key), "'" + text + "' is not a date like 2026-01-01");
        }
    }
}
