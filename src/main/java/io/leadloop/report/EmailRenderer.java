package io.leadloop.report;

import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.Breakdown;
import io.leadloop.funnel.FunnelReport.BreakdownRow;
import io.leadloop.funnel.FunnelReport.ReasonCount;
import io.leadloop.funnel.FunnelReport.StageStep;
import io.leadloop.funnel.FunnelReport.WinFactor;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.StageCounts;
import io.leadloop.funnel.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report email: table layout with inline styles only (no scripts, fonts, images or SVG), so it renders alike
 * in Gmail, Outlook and Apple Mail, and a plain-text part with the same facts. Both are built from one list of
 * sections, so they cannot disagree. Every ratio is shown with its counts.
 */
public final class EmailRenderer {

    /** A titled table: the one shape every part of the email takes. */
    record Section(String title, List<String> header, List<List<String>> rows, String note) {}

    public Email render(FunnelReport report) {
        RatioLine headline = report.ratio(RatioKind.LEADS_TO_CLOSE);
        String subject = "leadloop " + report.period().label() + ": Leads-to-Close "
                + Formats.withCounts(headline.current(), RatioKind.LEADS_TO_CLOSE.denominator());
        List<Section> sections = sections(report);
        String intro = intro(report);
        return new Email(subject, Html.page(title(report), subtitle(report), intro, sections), Text.page(title(report), subtitle(report), intro, sections));
    }

    private static String title(FunnelReport r) {
        return "Funnel report " + r.period().label();
    }

    private static String subtitle(FunnelReport r) {
        return r.period().start() + " to " + r.period().end().minusDays(1) + " (" + r.timezone() + ")";
    }

    private static String intro(FunnelReport r) {
        if (r.isEmpty()) {
            return "No funnel activity was recorded this period: no leads, MQLs, SQLs or closed deals. "
                    + "If your CRM was active, check that its webhooks reach leadloop.";
        }
        RatioLine l = r.ratio(RatioKind.LEADS_TO_CLOSE);
        StringBuilder s = new StringBuilder();
        s.append("Leads-to-Close was ").append(Formats.withCounts(l.current(), l.kind().denominator()));
        if (l.verdict() != Verdict.NO_BENCHMARK) s.append(", ").append(Formats.verdict(l.verdict())).append(" (").append(Formats.band(l)).append(")");
        s.append("; ").append(Formats.change(l.previous())).append(" against the previous period. ");
        if (r.bottleneck() != null) {
            s.append(String.format(Locale.ROOT, "The weakest step was %s → %s, %.1f points below its 4-period average. ",
                    r.bottleneck().from().wireName().toUpperCase(Locale.ROOT), r.bottleneck().to().wireName().toUpperCase(Locale.ROOT),
                    r.bottleneck().dropPoints()));
        }
        r.whatWins().stream().filter(w -> w.suggestion() != null).findFirst()
                .ifPresent(w -> s.append("Suggestion: ").append(w.suggestion()).append('.'));
        return s.toString().strip();
    }

    private static List<Section> sections(FunnelReport r) {
        List<Section> sections = new ArrayList<>();
        List<List<String>> ratioRows = new ArrayList<>();
        for (RatioLine line : r.ratios()) {
            List<String> row = new ArrayList<>(List.of(line.kind().label(), Formats.withCounts(line.current(), line.kind().denominator())));
            for (Comparison c : line.comparisons()) row.add(Formats.change(c));
            row.add((Formats.band(line) + " " + Formats.verdict(line.verdict())).strip());
            ratioRows.add(row);
        }
        sections.add(new Section("Ratios", List.of("Ratio", "This period", "vs previous", "vs last year", "vs 4-period avg",
                "vs 13-period avg", "Benchmark"), ratioRows, "Changes are in percentage points; \"within noise\" means too few cases to tell."));

        var lag = r.laggedMqlToSql();
        var cohort = r.mqlCohort();
        sections.add(new Section("MQL-to-SQL, three views", List.of("View", "Rate", "Detail"), List.of(
                List.of("Period", Formats.withCounts(r.ratio(RatioKind.MQL_TO_SQL).current(), "MQLs reached"), "SQLs / MQLs reached this period"),
                List.of("Lagged", Formats.withCounts(lag.ratio(), "MQLs in " + lag.mqlPeriod().label()),
                        "SQLs of " + r.period().label() + " / MQLs of " + lag.mqlPeriod().label() + " (lag " + lag.lagPeriods()
                                + (lag.configured() ? " periods, configured" : " periods, median MQL→SQL " + Formats.days(lag.medianDays())) + ")"),
                List.of("Cohort", Formats.withCounts(cohort.share(), "MQLs in " + cohort.mqlPeriod().label()),
                        "of " + cohort.mqls() + " MQLs of " + cohort.mqlPeriod().label() + ": " + cohort.reachedSql() + " reached SQL, "
                                + cohort.disqualified() + " disqualified, " + cohort.stillOpen() + " still open")), null));

        List<List<String>> stepRows = new ArrayList<>();
        for (StageStep step : r.steps()) {
            stepRows.add(List.of(step.from().wireName() + " → " + step.to().wireName(), Formats.withCounts(step.nextStep(), step.from().wireName()),
                    Formats.withCounts(step.cumulative(), "leads"), Formats.days(step.medianDays()),
                    Formats.percent(step.trailingAverage(), "history") + (step == r.bottleneck() ? " ← bottleneck" : "")));
        }
        sections.add(new Section("Funnel steps", List.of("Step", "Next step", "Cumulative from lead", "Median time", "4-period avg"), stepRows, null));

        sections.add(new Section("Counts", List.of("Funnel", "This period", "Previous"), countRows(r.current(), r.previous()), null));

        var related = r.related();
        List<List<String>> relatedRows = new ArrayList<>();
        relatedRows.add(List.of("Activities per rep", related.activityPerRep() == null ? "n/a (no activity logged)"
                : String.format(Locale.ROOT, "%.1f", related.activityPerRep()) + " " + related.activityByRep()));
        relatedRows.add(List.of("Average deal value", Formats.money(related.averageDealValue())));
        relatedRows.add(List.of("Customer lifetime value", Formats.money(related.customerLifetimeValue()) + " = " + related.lifetimeValueInputs()));
        relatedRows.add(List.of("Churn rate", Formats.withCounts(related.churn(), "customers at the period's start")));
        relatedRows.add(List.of("Open pipeline", Formats.money(related.openPipelineValue()) + " in " + related.openDeals() + " open deals"));
        relatedRows.add(List.of("Won value against goal", Formats.money(related.wonValue()) + (related.wonValueGoal() == null ? " (no goal set)"
                : String.format(Locale.ROOT, " of %s (%.0f%%)", Formats.money(related.wonValueGoal()), related.goalPercent()))));
        sections.add(new Section("Related metrics", List.of("Metric", "Value"), relatedRows, null));

        for (Breakdown b : r.breakdowns()) {
            List<List<String>> rows = new ArrayList<>();
            for (BreakdownRow row : b.rows()) rows.add(List.of(row.value(), Formats.withCounts(row.ratio(), b.kind().denominator())));
            sections.add(new Section(b.kind().label() + " by " + b.dimension().replace('_', ' '), List.of(b.dimension(), b.kind().label()), rows, null));
        }
        List<List<String>> wins = new ArrayList<>();
        for (WinFactor w : r.whatWins()) {
            if (w.suggestion() == null) continue;
            wins.add(List.of(w.attribute() + " = " + w.value(), String.format(Locale.ROOT, "%.0f%% of %d (95%%: %.0f–%.0f%%)",
                    100 * w.rate(), w.closed(), 100 * w.interval().low(), 100 * w.interval().high()), w.suggestion()));
        }
        if (!wins.isEmpty()) sections.add(new Section("What wins", List.of("Leads with", "Win rate", "Suggestion"), wins, null));
        addReasons(sections, "Why sales disqualified leads", r.disqualificationReasons());
        addReasons(sections, "Why deals were lost", r.lossReasons());
        sections.add(new Section("Definitions", List.of("Term", "Meaning"), List.of(
                List.of("Qualified lead", r.qualifiedLeadDefinition()),
                List.of("Leads-to-Close", RatioKind.LEADS_TO_CLOSE.formula()),
                List.of("Close Rate", RatioKind.CLOSE_RATE.formula())), null));
        return sections;
    }

    private static void addReasons(List<Section> sections, String title, List<ReasonCount> reasons) {
        if (reasons.isEmpty()) return;
        sections.add(new Section(title, List.of("Reason", "Count"),
                reasons.stream().map(x -> List.of(x.reason(), Long.toString(x.count()))).toList(), null));
    }

    private static List<List<String>> countRows(StageCounts now, StageCounts before) {
        return List.of(
                List.of("Leads created", Long.toString(now.leads()), Long.toString(before.leads())),
                List.of("MQLs", Long.toString(now.mqls()), Long.toString(before.mqls())),
                List.of("SQLs", Long.toString(now.sqls()), Long.toString(before.sqls())),
                List.of("Opportunities", Long.toString(now.opportunities()), Long.toString(before.opportunities())),
                List.of("Deals won", Long.toString(now.won()), Long.toString(before.won())),
                List.of("Deals lost", Long.toString(now.lost()), Long.toString(before.lost())),
                List.of("Won value", Formats.money(now.wonValue()), Formats.money(before.wonValue())));
    }

    /** The HTML part: nested presentation tables, inline styles, 640 px wide. */
    static final class Html {
        private Html() {}

        static String page(String title, String subtitle, String intro, List<Section> sections) {
            StringBuilder h = new StringBuilder(16_384);
            h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
                    .append(esc(title)).append("</title></head><body style=\"margin:0;padding:0;background:#f4f5f7;\">")
                    .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:24px;\">")
                    .append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;border:1px solid #dfe1e6;font-family:Arial,Helvetica,sans-serif;color:#172b4d;\">")
                    .append("<tr><td style=\"padding:20px 24px 4px;font-size:20px;font-weight:bold;\">").append(esc(title)).append("</td></tr>")
                    .append("<tr><td style=\"padding:0 24px 12px;font-size:13px;color:#5e6c84;\">").append(esc(subtitle)).append("</td></tr>")
                    .append("<tr><td style=\"padding:8px 24px;font-size:15px;line-height:22px;\">").append(esc(intro)).append("</td></tr>");
            for (Section s : sections) {
                h.append("<tr><td style=\"padding:16px 24px 4px;font-size:15px;font-weight:bold;\">").append(esc(s.title())).append("</td></tr>")
                        .append("<tr><td style=\"padding:0 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"5\" cellspacing=\"0\" style=\"font-size:13px;border-collapse:collapse;\"><tr style=\"background:#f4f5f7;\">");
                for (String column : s.header()) h.append("<th align=\"left\" style=\"font-weight:bold;\">").append(esc(column)).append("</th>");
                h.append("</tr>");
                for (List<String> row : s.rows()) {
                    h.append("<tr style=\"border-top:1px solid #dfe1e6;\">");
                    for (String cell : row) h.append("<td style=\"border-top:1px solid #dfe1e6;\">").append(esc(cell)).append("</td>");
                    h.append("</tr>");
                }
                h.append("</table></td></tr>");
                if (s.note() != null) {
                    h.append("<tr><td style=\"padding:4px 24px;font-size:12px;color:#5e6c84;\">").append(esc(s.note())).append("</td></tr>");
                }
            }
            h.append("<tr><td style=\"padding:16px 24px 20px;font-size:12px;color:#5e6c84;\">Sent by leadloop. Every ratio shows its counts (numerator / denominator).</td></tr>")
                    .append("</table></td></tr></table></body></html>");
            return h.toString();
        }
    }

    /** The plain-text part: the same sections as indented lines. */
    static final class Text {
        private Text() {}

        static String page(String title, String subtitle, String intro, List<Section> sections) {
            StringBuilder t = new StringBuilder(4096);
            t.append(title).append(" (").append(subtitle).append(")\n\n").append(intro).append("\n");
            for (Section s : sections) {
                t.append('\n').append(s.title()).append('\n');
                for (List<String> row : s.rows()) {
                    t.append("  ");
                    for (int i = 0; i < row.size(); i++) {
                        if (i > 0) t.append(i == 1 ? ": " : "; ").append(i > 1 && i < s.header().size() ? s.header().get(i) + " " : "");
                        t.append(row.get(i));
                    }
                    t.append('\n');
                }
                if (s.note() != null) t.append("  ").append(s.note()).append('\n');
            }
            return t.toString();
        }
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
