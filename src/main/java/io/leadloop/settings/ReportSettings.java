package io.leadloop.settings;

import io.leadloop.funnel.AnalysisSettings;
import io.leadloop.funnel.Band;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.RatioKind;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two audiences of the report and the report-wide knobs, from {@code LEADLOOP_CONFIG}:
 * <pre>
 * {"audiences": {"sales": {"recipients": ["head-of-sales@example.com"], "sender": "leadloop@example.com",
 *                          "period": "week", "language": "en", "timezone": "Europe/Madrid",
 *                          "alert_ratios": ["leads_to_close"], "alert_bands": {"close_rate": {"low": 25, "high": 60}}},
 *                "marketing": {...}},
 *  "follow_up_days": 3, "data_health": {"max_silent_days": 7}, "alerts": {"min_denominator": 10},
 *  "currency": "EUR", "crm_links": {"generic": "https://crm.example.com/leads/{id}"}, "owners": {"111": "Ana García"}}
 * </pre>
 * Anything an audience leaves out falls back to {@code LEADLOOP_REPORT_RECIPIENTS}, {@code LEADLOOP_REPORT_SENDER},
 * a weekly period, English and {@code LEADLOOP_TIMEZONE}; so with no document both audiences go to the same people.
 */
public final class ReportSettings {
    private ReportSettings() {}

    public static final String SENDER = "LEADLOOP_REPORT_SENDER";
    public static final String RECIPIENTS = "LEADLOOP_REPORT_RECIPIENTS";

    static final Set<String> AUDIENCE_KEYS = Set.of("enabled", "recipients", "sender", "period", "language", "timezone",
            "alert_ratios", "alert_bands");

    /** Default alert ratios: the ones each side owns and that have a benchmark band by default. */
    static final Map<Audience.Kind, List<RatioKind>> DEFAULT_ALERTS = Map.of(
            Audience.Kind.SALES, List.of(RatioKind.LEADS_TO_CLOSE),
            Audience.Kind.MARKETING, List.of(RatioKind.QUALIFIED_LEADS_TO_CLOSE));

    /** The enabled audiences, sales first. */
    public static List<Audience> audiences(Config config, Section root, AnalysisSettings analysis, ZoneId defaultZone) {
        Section section = root.section("audiences").allowOnly(Set.of("sales", "marketing"));
        List<Audience> out = new ArrayList<>();
        for (Audience.Kind kind : Audience.Kind.values()) {
            Section a = section.section(kind.id()).allowOnly(AUDIENCE_KEYS);
            if (!a.bool("enabled", true)) continue;
            List<String> recipients = a.has("recipients") ? a.strings("recipients").stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList() : config.list(RECIPIENTS);
            for (String r : recipients) {
                if (!r.matches("[^@\\s,]+@[^@\\s,]+")) throw new ConfigException(a.pathOf("recipients"), "'" + r + "' is not an email address");
            }
            if (recipients.isEmpty()) {
                throw new ConfigException(a.has("recipients") ? a.pathOf("recipients") : RECIPIENTS,
                        "is not set for the " + kind.id() + " report; set " + RECIPIENTS + " to one or more addresses "
                                + "separated by commas, or list them in " + a.pathOf("recipients") + " (or set " + a.pathOf("enabled") + " to false)");
            }
            String sender = a.string("sender").orElseGet(() -> config.required(SENDER,
                    "the verified SES identity the report is sent from, e.g. leadloop@example.com (or set " + a.pathOf("sender") + ")"));
            PeriodKind period;
            try {
                period = PeriodKind.parse(a.string("period").orElse("week"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(a.pathOf("period"), "'" + a.string("period").orElse("") + "' is not a period; use \"week\", \"month\" or \"quarter\"");
            }
            Language language;
            try {
                language = Language.parse(a.string("language").orElse("en"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(a.pathOf("language"), e.getMessage());
            }
            ZoneId zone = defaultZone;
            if (a.has("timezone")) {
                String text = a.string("timezone").orElseThrow();
                try {
                    zone = ZoneId.of(text);
                } catch (DateTimeException e) {
                    throw new ConfigException(a.pathOf("timezone"), "'" + text + "' is not an IANA timezone; use a name such as Europe/Madrid or America/New_York");
                }
            }
            out.add(new Audience(kind, recipients, sender, period, language, zone, alertBands(a, kind, analysis)));
        }
        return out;
    }

    private static Map<RatioKind, Band> alertBands(Section a, Audience.Kind kind, AnalysisSettings analysis) {
        Map<RatioKind, Band> bands = new EnumMap<>(RatioKind.class);
        List<String> names = a.has("alert_ratios") ? a.strings("alert_ratios")
                : DEFAULT_ALERTS.get(kind).stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
        Section explicit = a.section("alert_bands");
        Map<String, Section> given = new LinkedHashMap<>();
        for (String key : explicit.keys()) given.put(key, explicit.section(key).allowOnly(Set.of("low", "high")));
        List<String> all = new ArrayList<>(names);
        given.keySet().stream().filter(k -> !all.contains(k)).forEach(all::add);
        for (String name : all) {
            RatioKind ratio = ratio(given.containsKey(name) ? explicit.pathOf(name) : a.pathOf("alert_ratios"), name);
            Section band = given.get(name);
            if (band != null) {
                BigDecimal low = band.decimal("low").orElseThrow(() -> new ConfigException(band.pathOf("low"), "must be a number (percent)"));
                BigDecimal high = band.decimal("high").orElseThrow(() -> new ConfigException(band.pathOf("high"), "must be a number (percent)"));
                if (low.compareTo(high) > 0) throw new ConfigException(band.pathOf("low"), "is above high; a band is low ≤ high");
                bands.put(ratio, new Band(low.doubleValue(), high.doubleValue(), "alert band"));
            } else {
                Band benchmark = analysis.benchmarks().bandFor(ratio).orElseThrow(() -> new ConfigException(a.pathOf("alert_ratios"),
                        "'" + name + "' has no benchmark band to leave; give it one in " + a.pathOf("alert_bands") + "." + name
                                + " as {\"low\": 25, \"high\": 60}"));
                bands.put(ratio, benchmark);
            }
        }
        return bands;
    }

    private static RatioKind ratio(String path, String name) {
        try {
            return RatioKind.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, "'" + name + "' is not a ratio; use one of "
                    + Arrays.stream(RatioKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    public static ReportOptions options(Section root) {
        ReportOptions d = ReportOptions.DEFAULT;
        int followUp = root.has("follow_up_days") ? whole(root, "follow_up_days", 0, 365) : d.followUpDays();
        Section health = root.section("data_health").allowOnly(Set.of("max_silent_days"));
        int silent = health.has("max_silent_days") ? whole(health, "max_silent_days", 1, 90) : d.maxSilentDays();
        Section alerts = root.section("alerts").allowOnly(Set.of("min_denominator"));
        int min = alerts.has("min_denominator") ? whole(alerts, "min_denominator", 1, 1_000_000) : d.alertMinDenominator();
        return new ReportOptions(followUp, silent, min, CurrencySettings.reportingCurrency(root), crmLinks(root), owners(root));
    }

    /** {"owners": {"111": "Ana García"}}: the names shown for owner ids, whatever the CRMs call them. */
    private static Map<String, String> owners(Section root) {
        Section owners = root.section("owners");
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : owners.keys()) {
            if (id.isBlank()) throw new ConfigException(owners.pathOf(id), "has an empty owner id; use the id the CRM's events carry, e.g. \"111\"");
            String name = owners.string(id).orElseThrow(() -> new ConfigException(owners.pathOf(id),
                    "must be the owner's name, e.g. \"Ana García\"; leave the id out to show the CRM's name"));
            if (name.codePointCount(0, name.length()) > ReportOptions.MAX_OWNER_NAME_CHARS) {
                throw new ConfigException(owners.pathOf(id), "is longer than " + ReportOptions.MAX_OWNER_NAME_CHARS
                        + " characters; shorten it to the name a reader knows the rep by");
            }
            names.put(id, name);
        }
        return names;
    }

    /** The defaults of {@link CrmLinks#DEFAULT}, each replaceable; an empty pattern turns that CRM's links off. */
    private static CrmLinks crmLinks(Section root) {
        Section links = root.section("crm_links").allowOnly(CrmLinks.CRMS);
        Map<String, String> patterns = new LinkedHashMap<>(CrmLinks.DEFAULT.patterns());
        for (String crm : links.keys()) {
            String pattern = links.string(crm).orElse("");
            if (pattern.isEmpty()) {
                patterns.remove(crm);
                continue;
            }
            if (!pattern.startsWith("https://") || !pattern.contains("{id}")) {
                throw new ConfigException(links.pathOf(crm), "must be an https:// URL with {id} where the record id goes"
                        + (crm.equals("generic") ? "" : " (and {account} for the " + crm + " account id)") + ", e.g. \""
                        + CrmLinks.DEFAULT.patterns().getOrDefault(crm, "https://crm.example.com/leads/{id}") + "\"; or \"\" for no links");
            }
            patterns.put(crm, pattern);
        }
        return new CrmLinks(patterns);
    }

    private static int whole(Section s, String key, int min, int max) {
        BigDecimal value = s.decimal(key).orElseThrow();
        try {
            int v = value.intValueExact();
            if (v >= min && v <= max) return v;
        } catch (ArithmeticException ignored) {
            // reported below
        }
        throw new ConfigException(s.pathOf(key), "must be a whole number from " + min + " to " + max);
    }
}
