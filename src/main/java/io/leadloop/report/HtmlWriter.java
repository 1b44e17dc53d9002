package io.leadloop.report;

import io.leadloop.report.Doc.Bar;
import io.leadloop.report.Doc.Bars;
import io.leadloop.report.Doc.Block;
import io.leadloop.report.Doc.Callout;
import io.leadloop.report.Doc.Cell;
import io.leadloop.report.Doc.Heading;
import io.leadloop.report.Doc.Paragraph;
import io.leadloop.report.Doc.Point;
import io.leadloop.report.Doc.Series;
import io.leadloop.report.Doc.Table;
import io.leadloop.report.Doc.Tile;
import io.leadloop.report.Doc.Tiles;
import io.leadloop.report.Doc.Tone;
import io.leadloop.report.Doc.Trend;
import java.util.List;

/**
 * The HTML part, written for the mail clients people read reports in (Gmail, Outlook desktop and web, Apple
 * Mail): nested presentation tables, inline styles plus the bgcolor/width/height attributes Outlook's Word engine
 * reads, system fonts, no scripts, no images, no SVG. Charts are table cells with a background colour and a width
 * or height, so they render even where images are blocked (docs/email.md explains the choice).
 */
final class HtmlWriter {
    private HtmlWriter() {}

    static final int WIDTH = 640;
    private static final int INNER = WIDTH - 48;
    private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
    static final String INK = "#172b4d";
    static final String MUTED = "#5e6c84";
    static final String LINE = "#dfe1e6";
    static final String PAPER = "#f4f5f7";
    static final String BAR = "#2f6fde";
    static final String BAR_CURRENT = "#0c3d91";
    static final String TRACK = "#ebecf0";

    static String write(Doc doc) {
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(doc.language().tag()).append("\">\n<head>\n")
                .append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n")
                .append("<meta name=\"color-scheme\" content=\"light\">\n<meta name=\"supported-color-schemes\" content=\"light\">\n")
                .append("<title>").append(esc(doc.title())).append("</title>\n</head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:").append(PAPER).append(";\">\n")
                // The preheader: the inbox preview line, hidden in the opened email.
                .append("<div style=\"display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:")
                .append(PAPER).append(";opacity:0;\">").append(esc(doc.preheader())).append("</div>\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"").append(PAPER)
                .append("\" style=\"background-color:").append(PAPER).append(";\"><tr><td align=\"center\" style=\"padding:24px 8px;\">\n")
                .append("<table role=\"presentation\" width=\"").append(WIDTH).append("\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" style=\"width:")
                .append(WIDTH).append("px;background-color:#ffffff;border:1px solid ").append(LINE).append(";").append(FONT).append("color:").append(INK).append(";\">\n")
                .append("<tr><td bgcolor=\"").append(INK).append("\" style=\"background-color:").append(INK).append(";padding:20px 24px;").append(FONT).append("\">")
                .append("<div style=\"font-size:22px;line-height:28px;font-weight:bold;color:#ffffff;\">").append(esc(doc.title())).append("</div>")
                .append("<div style=\"font-size:14px;line-height:20px;color:#c1c7d0;\">").append(esc(doc.subtitle())).append("</div>")
                .append("</td></tr>\n");
        for (Block block : doc.blocks()) {
            h.append("<tr><td style=\"padding:0 24px;").append(FONT).append("\">");
            if (block instanceof Heading x) heading(h, x);
            else if (block instanceof Paragraph x) paragraph(h, x);
            else if (block instanceof Callout x) callout(h, x);
            else if (block instanceof Tiles x) tiles(h, x);
            else if (block instanceof Table x) table(h, x);
            else if (block instanceof Bars x) bars(h, x);
            else if (block instanceof Trend x) trend(h, x);
            h.append("</td></tr>\n");
        }
        h.append("<tr><td style=\"padding:20px 24px 24px;font-size:12px;line-height:18px;color:").append(MUTED).append(";").append(FONT).append("\">")
                .append(esc(doc.footer())).append("</td></tr>\n")
                .append("</table>\n</td></tr></table>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void heading(StringBuilder h, Heading x) {
        h.append("<div style=\"padding:22px 0 6px;font-size:16px;line-height:22px;font-weight:bold;color:").append(INK)
                .append(";border-bottom:2px solid ").append(INK).append(";\">").append(esc(x.text())).append("</div>");
    }

    private static void paragraph(StringBuilder h, Paragraph x) {
        boolean muted = x.tone() == Tone.MUTED;
        h.append("<p style=\"margin:").append(muted ? "6px" : "14px").append(" 0 0;font-size:").append(muted ? "12px" : "15px")
                .append(";line-height:").append(muted ? "18px" : "23px").append(";color:").append(muted ? MUTED : INK).append(";\">")
                .append(esc(x.text())).append("</p>");
    }

    private static void callout(StringBuilder h, Callout x) {
        String bg = switch (x.tone()) {
            case ALERT, BAD -> "#ffeceb";
            case WARNING -> "#fff7d6";
            default -> "#e9f2ff";
        };
        String edge = switch (x.tone()) {
            case ALERT, BAD -> "#c9372c";
            case WARNING -> "#b38600";
            default -> BAR;
        };
        h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:16px;\"><tr>")
                .append("<td width=\"4\" bgcolor=\"").append(edge).append("\" style=\"background-color:").append(edge).append(";width:4px;\">&nbsp;</td>")
                .append("<td bgcolor=\"").append(bg).append("\" style=\"background-color:").append(bg).append(";padding:12px 14px;").append(FONT).append("\">")
                .append("<div style=\"font-size:14px;line-height:20px;font-weight:bold;color:").append(INK).append(";\">").append(esc(x.title())).append("</div>")
                .append("<div style=\"font-size:14px;line-height:21px;color:").append(INK).append(";\">").append(esc(x.text())).append("</div>")
                .append("</td></tr></table>");
    }

    /** Tiles are cells of one row (so they share a height), separated by narrow spacer cells. */
    private static void tiles(StringBuilder h, Tiles x) {
        int n = x.tiles().size();
        int gap = 12;
        int width = (INNER - gap * (n - 1)) / n;
        h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:18px;\"><tr>");
        for (int i = 0; i < n; i++) {
            Tile t = x.tiles().get(i);
            if (i > 0) h.append("<td width=\"").append(gap).append("\" style=\"width:").append(gap).append("px;font-size:1px;\">&nbsp;</td>");
            h.append("<td width=\"").append(width).append("\" valign=\"top\" bgcolor=\"").append(PAPER).append("\" style=\"width:").append(width - 20)
                    .append("px;background-color:").append(PAPER).append(";border-top:3px solid ").append(BAR).append(";padding:10px 10px 12px;").append(FONT).append("\">")
                    .append("<div style=\"font-size:12px;line-height:16px;color:").append(MUTED).append(";\">").append(esc(t.label())).append("</div>")
                    .append("<div style=\"font-size:24px;line-height:30px;font-weight:bold;color:").append(INK).append(";\">").append(esc(t.value())).append("</div>")
                    .append("<div style=\"font-size:12px;line-height:16px;color:").append(INK).append(";\">").append(esc(t.detail())).append("</div>");
            if (t.change() != null && !t.change().isEmpty()) {
                h.append("<div style=\"font-size:12px;line-height:16px;padding-top:4px;color:").append(color(t.changeTone())).append(";\">")
                        .append(esc(t.change())).append("</div>");
            }
            h.append("</td>");
        }
        h.append("</tr></table>");
    }

    private static void table(StringBuilder h, Table x) {
        h.append("<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:8px;border-collapse:collapse;\"><tr>");
        for (String column : x.header()) {
            h.append("<th scope=\"col\" align=\"left\" style=\"padding:6px 8px 6px 0;font-size:12px;line-height:16px;font-weight:bold;color:")
                    .append(MUTED).append(";border-bottom:1px solid ").append(LINE).append(";").append(FONT).append("\">").append(esc(column)).append("</th>");
        }
        h.append("</tr>");
        for (List<Cell> row : x.rows()) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Cell c = row.get(i);
                h.append("<td valign=\"top\" style=\"padding:6px 8px 6px 0;font-size:13px;line-height:18px;")
                        .append(c.text().length() <= 18 ? "white-space:nowrap;" : "").append("border-bottom:1px solid ").append(LINE)
                        .append(";color:").append(color(c.tone())).append(";").append(i == 0 ? "font-weight:bold;" : "").append(FONT).append("\">")
                        .append(esc(c.text())).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        if (x.note() != null) paragraph(h, new Paragraph(x.note(), Tone.MUTED));
    }

    private static void bars(StringBuilder h, Bars x) {
        h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:10px;\">");
        for (Bar b : x.bars()) {
            h.append("<tr><td width=\"30%\" valign=\"middle\" style=\"padding:4px 8px 4px 0;font-size:13px;line-height:18px;color:").append(INK).append(";").append(FONT).append("\">")
                    .append(esc(b.label())).append("</td><td width=\"44%\" valign=\"middle\" style=\"padding:4px 0;\">");
            bar(h, b.fraction(), b.tone() == Tone.BAD ? "#c9372c" : BAR, 14);
            h.append("</td><td width=\"26%\" valign=\"middle\" style=\"padding:4px 0 4px 10px;font-size:13px;line-height:18px;color:").append(INK).append(";").append(FONT).append("\">")
                    .append(esc(b.value())).append("</td></tr>");
        }
        h.append("</table>");
        if (x.note() != null) paragraph(h, new Paragraph(x.note(), Tone.MUTED));
    }

    /** A horizontal bar: a coloured cell whose width is the fraction, then the grey track. */
    private static void bar(StringBuilder h, double fraction, String colour, int height) {
        int pct = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 100);
        if (fraction > 0 && pct == 0) pct = 1;
        String cellStyle = "height:" + height + "px;font-size:1px;line-height:1px;mso-line-height-rule:exactly;";
        h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
        if (pct > 0) {
            h.append("<td width=\"").append(pct).append("%\" height=\"").append(height).append("\" bgcolor=\"").append(colour)
                    .append("\" style=\"background-color:").append(colour).append(";").append(cellStyle).append("\">&nbsp;</td>");
        }
        if (pct < 100) {
            h.append("<td width=\"").append(100 - pct).append("%\" height=\"").append(height).append("\" bgcolor=\"").append(TRACK)
                    .append("\" style=\"background-color:").append(TRACK).append(";").append(cellStyle).append("\">&nbsp;</td>");
        }
        h.append("</tr></table>");
    }

    private static final int CHART_HEIGHT = 84;

    private static void trend(StringBuilder h, Trend x) {
        for (Series s : x.series()) {
            h.append("<div style=\"padding:14px 0 4px;font-size:13px;line-height:18px;font-weight:bold;color:").append(INK).append(";\">")
                    .append(esc(s.title())).append(s.band() == null ? "" : "<span style=\"font-weight:normal;color:" + MUTED + ";\"> · " + esc(s.band()) + "</span>")
                    .append("</div>");
            double scale = s.points().stream().filter(p -> p.percent() != null).mapToDouble(Point::percent).max().orElse(0);
            scale = scale <= 0 ? 1 : scale;
            int n = s.points().size();
            h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"table-layout:fixed;\">");
            // Values above the columns.
            h.append("<tr>");
            for (Point p : s.points()) {
                h.append("<td align=\"center\" valign=\"bottom\" style=\"padding:0 1px 2px;font-size:10px;line-height:12px;color:")
                        .append(p.current() ? INK : MUTED).append(";").append(p.current() ? "font-weight:bold;" : "").append(FONT).append("\">")
                        .append(esc(p.value())).append("</td>");
            }
            h.append("</tr><tr>");
            for (Point p : s.points()) {
                int height = p.percent() == null ? 0 : (int) Math.max(2, Math.round(CHART_HEIGHT * p.percent() / scale));
                h.append("<td height=\"").append(CHART_HEIGHT).append("\" align=\"center\" valign=\"bottom\" style=\"height:")
                        .append(CHART_HEIGHT).append("px;padding:0 4px;border-bottom:1px solid ").append(LINE).append(";\">");
                if (height > 0) {
                    String colour = p.current() ? BAR_CURRENT : BAR;
                    h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td height=\"").append(height)
                            .append("\" bgcolor=\"").append(colour).append("\" style=\"background-color:").append(colour).append(";height:").append(height)
                            .append("px;font-size:1px;line-height:1px;mso-line-height-rule:exactly;\">&nbsp;</td></tr></table>");
                } else {
                    h.append("<div style=\"font-size:10px;line-height:12px;color:").append(MUTED).append(";\">–</div>");
                }
                h.append("</td>");
            }
            h.append("</tr><tr>");
            for (Point p : s.points()) {
                h.append("<td align=\"center\" style=\"padding:2px 1px 0;font-size:9px;line-height:12px;color:").append(MUTED).append(";").append(FONT).append("\">")
                        .append(esc(p.counts())).append("</td>");
            }
            h.append("</tr><tr>");
            for (Point p : s.points()) {
                h.append("<td align=\"center\" style=\"padding:0 1px;font-size:10px;line-height:14px;color:").append(p.current() ? INK : MUTED).append(";")
                        .append(p.current() ? "font-weight:bold;" : "").append(FONT).append("\">").append(esc(p.label())).append("</td>");
            }
            h.append("</tr></table>");
        }
        if (x.note() != null) paragraph(h, new Paragraph(x.note(), Tone.MUTED));
    }

    private static String color(Tone tone) {
        return switch (tone) {
            case GOOD -> "#1f845a";
            case BAD, ALERT -> "#c9372c";
            case WARNING -> "#946f00";
            case MUTED -> MUTED;
            case NORMAL -> INK;
        };
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
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
