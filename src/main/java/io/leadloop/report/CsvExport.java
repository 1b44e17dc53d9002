package io.leadloop.report;

import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.Breakdown;
import io.leadloop.funnel.FunnelReport.BreakdownRow;
import io.leadloop.funnel.FunnelReport.ReasonCount;
import io.leadloop.funnel.FunnelReport.RepLine;
import io.leadloop.funnel.FunnelReport.SegmentView;
import io.leadloop.funnel.FunnelReport.SegmentViews;
import io.leadloop.funnel.FunnelReport.StageStep;
import io.leadloop.funnel.FunnelReport.TrendPoint;
import io.leadloop.funnel.FunnelReport.Unconverted;
import io.leadloop.funnel.FunnelReport.WinFactor;
import io.leadloop.funnel.Move;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.StageCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every number of the report as CSV for analysts, one row per metric × view × breakdown value × period (RFC 4180,
 * UTF-8 with a byte-order mark so that Excel reads the accents, CRLF line ends). Ratios carry their numerator and
 * denominator; {@code amount} is the percentage (empty when the denominator is zero), count, money or days, as
 * {@code unit} says; a money amount's {@code currency} is the reporting currency's code, or the CRM's for the amounts no
 * rate converted; an owner id's name, where one is known, is in the last column. Columns: docs/email.md.
 */
final class CsvExport {
    private CsvExport() {}

    static final List<String> COLUMNS = List.of("audience", "period", "period_start", "period_end", "metric", "view",
            "dimension", "value", "numerator", "denominator", "amount", "unit", "basis", "currency", "value_name");

    /** The byte-order mark: Excel opens the file as UTF-8 with it, and as the local code page without. */
    static final String BOM = "\uFEFF";

    static String of(AudienceReport r) {
        Rows rows = new Rows(r.audience().id(), r.options().currency(), r.owners());
        FunnelReport f = r.funnel();
        Period p = f.period();
        counts(rows, p, f.current());
        counts(rows, p.previous(), f.previous());
        for (RatioLine line : f.ratios()) {
            String metric = key(line.kind());
            rows.ratio(p, metric, "period", "all", "all", line.current(), "");
            for (Comparison c : line.comparisons()) {
                String view = switch (c.against()) {
                    case RatioLine.PREVIOUS -> "previous_period";
                    case "same period last year" -> "same_period_last_year";
                    case "trailing 4-period average" -> "trailing_4_avg";
                    case "trailing 13-period average" -> "trailing_13_avg";
                    default -> c.against().replace(' ', '_');
                };
                rows.ratio(p, metric, view, "all", "all", c.other(), c.against());
                if (c.changePoints() != null) {
                    rows.number(p, metric, "change_vs_" + view, "all", "all", c.changePoints(), "points",
                            c.withinNoise() ? "within noise" : "");
                }
            }
            if (line.band() != null) {
                rows.number(p, metric, "benchmark_low", "all", "all", line.band().lowPercent(), "percent", line.band().source());
                rows.number(p, metric, "benchmark_high", "all", "all", line.band().highPercent(), "percent", line.band().source());
            }
        }
        for (TrendPoint point : r.trend()) {
            for (RatioKind kind : RatioKind.values()) {
                rows.ratio(point.period(), key(kind), "period", "all", "all", point.ratio(kind),
                        r.trendFromSnapshots().contains(point.period().label()) ? "as sent" : "");
            }
        }
        var lag = f.laggedMqlToSql();
        rows.ratio(p, "mql_to_sql", "lagged", "all", "all", lag.ratio(), "SQLs of " + p.label() + " / MQLs of " + lag.mqlPeriod().label());
        var cohort = f.mqlCohort();
        rows.ratio(p, "mql_to_sql", "cohort", "all", "all", cohort.share(), "MQLs of " + cohort.mqlPeriod().label());
        rows.number(p, "mql_cohort_disqualified", "cohort", "all", "all", cohort.disqualified(), "count", "MQLs of " + cohort.mqlPeriod().label());
        rows.number(p, "mql_cohort_still_open", "cohort", "all", "all", cohort.stillOpen(), "count", "MQLs of " + cohort.mqlPeriod().label());
        rows.number(p, "mql_to_sql_lag", "lagged", "all", "all", lag.lagPeriods(), "periods",
                lag.configured() ? "configured" : "median days " + (lag.medianDays() == null ? "n/a" : lag.medianDays()));
        for (SegmentViews s : f.mqlToSqlBySegment()) {
            for (SegmentView v : s.rows()) {
                // A view under the minimum group size is in that view's "other" row.
                if (v.period() != null) rows.ratio(p, "mql_to_sql", "period", s.dimension(), v.value(), v.period(), "");
                if (v.lagged() != null) rows.ratio(p, "mql_to_sql", "lagged", s.dimension(), v.value(), v.lagged(), "MQLs of " + lag.mqlPeriod().label());
                if (v.cohort() != null) rows.ratio(p, "mql_to_sql", "cohort", s.dimension(), v.value(), v.cohort(), "MQLs of " + cohort.mqlPeriod().label());
            }
        }
        for (Breakdown b : f.breakdowns()) {
            for (BreakdownRow row : b.rows()) rows.ratio(p, key(b.kind()), "period", b.dimension(), row.value(), row.ratio(), "");
        }
        for (Move m : f.movers()) {
            rows.ratio(p.previous(), key(m.kind()), "period", m.dimension(), m.value(), m.before(), "largest move");
            rows.ratio(p, key(m.kind()), "period", m.dimension(), m.value(), m.now(), "largest move");
            rows.number(p, key(m.kind()), "without_this_change", m.dimension(), m.value(), m.withoutChangePercent(), "percent",
                    "the ratio had this group kept its previous counts");
            rows.number(p, key(m.kind()), "move_effect", m.dimension(), m.value(), m.effectPoints(), "points", "");
        }
        for (StageStep s : f.steps()) {
            String step = s.from().wireName() + "->" + s.to().wireName();
            rows.ratio(p, "step_conversion", "period", "step", step, s.nextStep(), "");
            rows.ratio(p, "step_cumulative", "period", "step", step, s.cumulative(), "from leads created");
            rows.ratio(p, "step_conversion", "trailing_4_avg", "step", step, s.trailingAverage(), "");
            if (s.medianDays() != null) rows.number(p, "step_median_days", "period", "step", step, s.medianDays(), "days", "");
            if (s.dropPoints() != null) {
                rows.number(p, "step_drop", "vs_trailing_4_avg", "step", step, s.dropPoints(), "points",
                        s == f.bottleneck() ? "bottleneck" : "");
            }
        }
        var m = f.related();
        m.activityByRep().forEach((rep, n) -> rows.number(p, "activities", "period", "rep", rep, n, "count", ""));
        if (m.activityPerRep() != null) rows.number(p, "activities_per_rep", "period", "all", "all", m.activityPerRep(), "count", "");
        if (m.averageDealValue() != null) rows.money(p, "average_deal_value", "all", "all", m.averageDealValue(), "");
        if (m.customerLifetimeValue() != null) rows.money(p, "customer_lifetime_value", "all", "all", m.customerLifetimeValue(), m.lifetimeValueInputs());
        rows.ratio(p, "churn_rate", "period", "all", "all", m.churn(), "customers at the period's start");
        rows.number(p, "open_deals", "now", "all", "all", m.openDeals(), "count", "");
        rows.money(p, "open_pipeline_value", "all", "all", m.openPipelineValue(), "now");
        m.unconvertedWon().forEach(u -> unconverted(rows, p, "won", "won_value", u, "no rate for the day they were won"));
        m.unconvertedOpen().forEach(u -> unconverted(rows, p, "open_deals", "open_pipeline_value", u, "now; no rate for the day they were created"));
        if (m.wonValueGoal() != null) {
            rows.money(p, "won_value_goal", "all", "all", m.wonValueGoal(), "");
            rows.number(p, "won_value_goal_percent", "period", "all", "all", m.goalPercent(), "percent", "");
        }
        java.util.Set<String> activityRows = new java.util.HashSet<>();
        for (RepLine rep : f.reps()) {
            // One dimension per role keeps one row per metric × view × value when a rep has both lines.
            String role = "rep_" + rep.role().wireName();
            rows.ratio(p, "close_rate", "period", role, rep.rep(), rep.closeRate(),
                    rep.leadsToClose() == null ? "deals the rep owns" : "deals from the leads the rep owns");
            if (rep.leadsToClose() != null) rows.ratio(p, "leads_to_close", "period", role, rep.rep(), rep.leadsToClose(), "leads the rep owns");
            if (activityRows.add(rep.rep())) rows.number(p, "activities", "period", "rep", rep.rep(), rep.activities(), "count", "");
            rows.money(p, "won_value", role, rep.rep(), rep.wonValue(), "");
        }
        for (ReasonCount x : f.disqualificationReasons()) rows.number(p, "disqualified", "period", "reason", x.reason(), x.count(), "count", "");
        for (ReasonCount x : f.lossReasons()) rows.number(p, "lost", "period", "reason", x.reason(), x.count(), "count", "");
        for (WinFactor w : f.whatWins()) {
            String basis = w.suggestion() == null ? "" : w.suggestion();
            rows.ratio(p, "win_rate", "analysis_window", w.attribute(), w.value(), new Ratio(w.won(), w.closed()), basis);
            rows.number(p, "win_rate", "ci95_low", w.attribute(), w.value(), 100 * w.interval().low(), "percent", "");
            rows.number(p, "win_rate", "ci95_high", w.attribute(), w.value(), 100 * w.interval().high(), "percent", "");
            rows.number(p, "win_rate", "overall", w.attribute(), w.value(), 100 * w.overallRate(), "percent", "");
        }
        Map<String, Long> byOwner = new LinkedHashMap<>();
        Map<String, Long> bySource = new LinkedHashMap<>();
        for (FollowUp lead : r.waiting()) {
            rows.number(p, "waiting_for_follow_up", "now", "lead", lead.leadId(), lead.daysWaiting(r.generatedAt()), "days",
                    "owner=" + nz(lead.owner()) + "; source=" + nz(lead.source()) + "; campaign=" + nz(lead.campaign()) + "; form=" + nz(lead.form()));
            byOwner.merge(nz(lead.owner()), 1L, Long::sum);
            bySource.merge(nz(lead.source()), 1L, Long::sum);
        }
        rows.number(p, "waiting_for_follow_up", "now", "all", "all", r.waiting().size(), "count",
                (r.waitingTruncated() ? "at least; " : "") + "qualified leads unworked for more than " + r.options().followUpDays() + " days");
        byOwner.forEach((owner, n) -> rows.number(p, "waiting_for_follow_up", "now", "owner", owner, n, "count", ""));
        bySource.forEach((source, n) -> rows.number(p, "waiting_for_follow_up", "now", "source", source, n, "count", ""));
        var h = r.health();
        rows.number(p, "events_applied", "period", "all", "all", h.eventsDuringPeriod(), "count", "webhook events applied on the period's days");
        rows.number(p, "days_since_last_event", "now", "all", "all", h.silentDays() == null ? null : h.silentDays().doubleValue(), "days",
                h.broken() ? "data flagged as incomplete" : "");
        return rows.write();
    }

    private static void counts(Rows rows, Period p, StageCounts c) {
        rows.number(p, "leads", "period", "all", "all", c.leads(), "count", "");
        rows.number(p, "mqls", "period", "all", "all", c.mqls(), "count", "");
        rows.number(p, "sqls", "period", "all", "all", c.sqls(), "count", "");
        rows.number(p, "opportunities", "period", "all", "all", c.opportunities(), "count", "");
        rows.number(p, "customers", "period", "all", "all", c.customers(), "count", "");
        rows.number(p, "won", "period", "all", "all", c.won(), "count", "");
        rows.number(p, "lost", "period", "all", "all", c.lost(), "count", "");
        rows.money(p, "won_value", "all", "all", c.wonValue(), "");
    }

    /** The deals of one currency left out of a value: how many, and their amount in their own currency. */
    private static void unconverted(Rows rows, Period p, String countMetric, String valueMetric, Unconverted u, String basis) {
        rows.number(p, countMetric + "_unconverted", "period", "currency", u.currency(), u.deals(), "count", basis);
        rows.money(p, valueMetric + "_unconverted", "currency", u.currency(), u.amount(), u.currency(), basis);
    }

    static String key(RatioKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "unknown" : s;
    }

    /** Rows keyed by what they measure, so a number reached two ways (trend and comparison) is written once. */
    private static final class Rows {
        private final String audience;
        private final String currency;
        private final OwnerLabels owners;
        private final Map<String, List<String>> rows = new LinkedHashMap<>();

        Rows(String audience, String currency, OwnerLabels owners) {
            this.audience = audience;
            this.currency = currency;
            this.owners = owners;
        }

        void ratio(Period p, String metric, String view, String dimension, String value, Ratio r, String basis) {
            add(p, metric, view, dimension, value, Long.toString(r.numerator()), Long.toString(r.denominator()),
                    r.defined() ? decimal(r.percent().getAsDouble()) : "", "percent", basis, "");
        }

        void number(Period p, String metric, String view, String dimension, String value, Number amount, String unit, String basis) {
            add(p, metric, view, dimension, value, "", "", amount == null ? "" : decimal(amount.doubleValue()), unit, basis, "");
        }

        /** An amount in the reporting currency. */
        void money(Period p, String metric, String dimension, String value, BigDecimal amount, String basis) {
            money(p, metric, dimension, value, amount, currency, basis);
        }

        void money(Period p, String metric, String dimension, String value, BigDecimal amount, String in, String basis) {
            add(p, metric, "period", dimension, value, "", "", amount == null ? "" : amount.setScale(2, RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString(), "money", basis, in);
        }

        private void add(Period p, String metric, String view, String dimension, String value, String numerator,
                         String denominator, String amount, String unit, String basis, String in) {
            String key = p.label() + '|' + metric + '|' + view + '|' + dimension + '|' + value;
            rows.putIfAbsent(key, List.of(audience, p.label(), p.start().toString(), p.end().minusDays(1).toString(), metric,
                    view, dimension, text(value), numerator, denominator, amount, unit, text(basis), text(in),
                    text(owners.nameOf(dimension, value))));
        }

        String write() {
            StringBuilder out = new StringBuilder(BOM);
            line(out, COLUMNS);
            for (List<String> row : rows.values()) line(out, row);
            return out.toString();
        }

        private static void line(StringBuilder out, List<String> fields) {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) out.append(',');
                out.append(quote(fields.get(i)));
            }
            out.append("\r\n");
        }
    }

    /** Up to four decimals, no trailing zeros, never an exponent: 25, 33.3333, -4.2. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /**
     * Text from the CRM (campaign names, reasons) could start with = + - @ and be run as a formula by a spreadsheet;
     * such cells get a leading apostrophe (OWASP's CSV-injection advice).
     */
    static String text(String s) {
        if (s == null) return "";
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
