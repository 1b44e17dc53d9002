package io.leadloop.report;

import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.StageCounts;
import io.leadloop.funnel.Verdict;
import java.util.List;

/**
 * The weekly email: table layout with inline styles only, so it renders alike in Gmail, Outlook and Apple Mail,
 * and a plain-text part with the same facts. Every ratio is shown with its counts.
 */
public final class EmailRenderer {

    public Email render(FunnelReport report) {
        RatioLine headline = report.ratio(RatioKind.LEADS_TO_CLOSE);
        String subject = "leadloop " + report.period().label() + ": Leads-to-Close "
                + Formats.percent(headline.current(), RatioKind.LEADS_TO_CLOSE.denominator())
                + " (" + Formats.counts(headline.current()) + ")";
        return new Email(subject, html(report), text(report));
    }

    private static String html(FunnelReport r) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(r.period().label()))
                .append("</title></head><body style=\"margin:0;padding:0;background:#f4f5f7;\">")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:24px;\">")
                .append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;border:1px solid #dfe1e6;font-family:Arial,Helvetica,sans-serif;color:#172b4d;\">")
                .append("<tr><td style=\"padding:20px 24px;font-size:20px;font-weight:bold;\">Funnel report ").append(esc(r.period().label()))
                .append("</td></tr><tr><td style=\"padding:0 24px 12px;font-size:13px;color:#5e6c84;\">")
                .append(esc(r.period().start() + " to " + r.period().end().minusDays(1) + " (" + r.timezone() + ")"))
                .append("</td></tr>");
        if (r.isEmpty()) {
            h.append("<tr><td style=\"padding:12px 24px;font-size:14px;\">No funnel activity was recorded this period: no leads, MQLs, SQLs or closed deals. If your CRM was active, check that its webhooks reach leadloop.</td></tr>");
        }
        h.append("<tr><td style=\"padding:12px 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" style=\"font-size:14px;border-collapse:collapse;\">")
                .append("<tr style=\"background:#f4f5f7;\"><th align=\"left\">Ratio</th><th align=\"right\">This period</th><th align=\"right\">Counts</th><th align=\"right\">Previous</th><th align=\"right\">Change</th><th align=\"left\">Benchmark</th></tr>");
        for (RatioLine line : r.ratios()) {
            String color = line.verdict() == Verdict.BELOW ? "#de350b" : line.verdict() == Verdict.WITHIN || line.verdict() == Verdict.ABOVE ? "#00875a" : "#172b4d";
            h.append("<tr style=\"border-top:1px solid #dfe1e6;\"><td>").append(esc(line.kind().label()))
                    .append("</td><td align=\"right\" style=\"font-weight:bold;color:").append(color).append(";\">")
                    .append(esc(Formats.percent(line.current(), line.kind().denominator())))
                    .append("</td><td align=\"right\">").append(esc(Formats.counts(line.current())))
                    .append("</td><td align=\"right\">").append(esc(Formats.percent(line.previous(), line.kind().denominator())))
                    .append("</td><td align=\"right\">").append(esc(Formats.change(line)))
                    .append("</td><td>").append(esc(Formats.band(line))).append(' ').append(esc(Formats.verdict(line.verdict())))
                    .append("</td></tr>");
        }
        h.append("</table></td></tr>")
                .append("<tr><td style=\"padding:12px 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" style=\"font-size:14px;border-collapse:collapse;\">")
                .append("<tr style=\"background:#f4f5f7;\"><th align=\"left\">Funnel</th><th align=\"right\">This period</th><th align=\"right\">Previous</th></tr>");
        for (String[] row : countRows(r.current(), r.previous())) {
            h.append("<tr style=\"border-top:1px solid #dfe1e6;\"><td>").append(esc(row[0])).append("</td><td align=\"right\">")
                    .append(esc(row[1])).append("</td><td align=\"right\">").append(esc(row[2])).append("</td></tr>");
        }
        h.append("</table></td></tr><tr><td style=\"padding:12px 24px 20px;font-size:12px;color:#5e6c84;\">")
                .append("Leads-to-Close = deals won / leads created × 100. MQL-to-SQL = SQLs / MQLs reached in the period. Close Rate = won / (won + lost).")
                .append("</td></tr></table></td></tr></table></body></html>");
        return h.toString();
    }

    private static String text(FunnelReport r) {
        StringBuilder t = new StringBuilder(1024);
        t.append("Funnel report ").append(r.period().label()).append(" (").append(r.period().start()).append(" to ")
                .append(r.period().end().minusDays(1)).append(", ").append(r.timezone()).append(")\n\n");
        if (r.isEmpty()) {
            t.append("No funnel activity was recorded this period. If your CRM was active, check that its webhooks reach leadloop.\n\n");
        }
        for (RatioLine line : r.ratios()) {
            t.append(line.kind().label()).append(": ").append(Formats.percent(line.current(), line.kind().denominator()))
                    .append(" (").append(Formats.counts(line.current())).append("), previous ")
                    .append(Formats.percent(line.previous(), line.kind().denominator())).append(", ").append(Formats.change(line))
                    .append("; ").append(Formats.band(line));
            String verdict = Formats.verdict(line.verdict());
            if (!verdict.isEmpty()) t.append(", ").append(verdict);
            t.append('\n');
        }
        t.append('\n');
        for (String[] row : countRows(r.current(), r.previous())) {
            t.append(row[0]).append(": ").append(row[1]).append(" (previous ").append(row[2]).append(")\n");
        }
        return t.toString();
    }

    private static List<String[]> countRows(StageCounts now, StageCounts before) {
        return List.of(
                new String[] {"Leads created", Long.toString(now.leads()), Long.toString(before.leads())},
                new String[] {"MQLs", Long.toString(now.mqls()), Long.toString(before.mqls())},
                new String[] {"SQLs", Long.toString(now.sqls()), Long.toString(before.sqls())},
                new String[] {"Opportunities", Long.toString(now.opportunities()), Long.toString(before.opportunities())},
                new String[] {"Deals won", Long.toString(now.won()), Long.toString(before.won())},
                new String[] {"Deals lost", Long.toString(now.lost()), Long.toString(before.lost())},
                new String[] {"Won value", Formats.money(now.wonValue()), Formats.money(before.wonValue())});
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
