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

    /** The widest the email gets; narrower screens get the full width (a fluid layout). */
    static final int WIDTH = 640;
    private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
    static final String INK = "#172b4d";
    static final String MUTED = "#5e6c84";
    static final String LINE = "#dfe1e6";
    static final String PAPER = "#f4f5f7";
    static final String BAR = "#2f6fde";
    static final String BAR_CURRENT = "#0c3d91";
    static final String TRACK = "#ebecf0";
    private static final String PAD = "pad";

    /**
     * Narrow screens get smaller side padding and the tile pairs at full width. Everything else is inline: where a
     * client strips this block the layout still fits, the tiles then wrap by themselves (see {@link #tiles}).
     */
    private static final String NARROW = "@media only screen and (max-width:480px){"
            + "." + PAD + "{padding-left:14px!important;padding-right:14px!important}"
            + ".pair{max-width:100%!important}.outer{padding:0!important}}";

    /**
     * Invisible characters after the preheader, so that an inbox preview shows the preheader and then blank
     * space, not the title and the first lines of the body.
     */
    static final String PREHEADER_PADDING = "&#847;&zwnj;&nbsp;".repeat(90);

    static String write(Doc doc) {
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(doc.language().tag()).append("\">\n<head>\n")
                .append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light\">\n<meta name=\"supported-color-schemes\" content=\"light\">\n")
                .append("<title>").append(esc(doc.title())).append("</title>\n<style>").append(NARROW).append("</style>\n</head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:").append(PAPER).append(";\">\n")
                // The preheader: the inbox preview line, hidden in the opened email.
                .append("<div style=\"display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:")
                .append(PAPER).append(";opacity:0;\">").append(esc(doc.preheader())).append(PREHEADER_PADDING).append("</div>\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"").append(PAPER)
                .append("\" style=\"background-color:").append(PAPER).append(";\"><tr><td class=\"outer\" align=\"center\" style=\"padding:24px 8px;\">\n")
                // Outlook's Word engine knows no max-width: it gets the fixed width from a table only it reads.
                .append("<!--[if mso]><table role=\"presentation\" width=\"").append(WIDTH).append("\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" style=\"width:100%;max-width:")
                .append(WIDTH).append("px;background-color:#ffffff;border:1px solid ").append(LINE).append(";").append(FONT).append("color:").append(INK).append(";\">\n")
                .append("<tr><td class=\"").append(PAD).append("\" bgcolor=\"").append(INK).append("\" style=\"background-color:").append(INK)
                .append(";padding:20px 24px;").append(FONT).append("\">")
                .append("<div style=\"font-size:22px;line-height:28px;font-weight:bold;color:#ffffff;\">").append(esc(doc.title())).append("</div>")
                .append("<div style=\"font-size:14px;line-height:20px;color:#c1c7d0;\">").append(esc(doc.subtitle())).append("</div>")
                .append("</td></tr>\n");
        for (Block block : doc.blocks()) {
            h.append("<tr><td class=\"").append(PAD).append("\" style=\"padding:0 24px;").append(FONT).append("\">");
            if (block instanceof Heading x) heading(h, x);
            else if (block instanceof Paragraph x) paragraph(h, x);
            else if (block instanceof Callout x) callout(h, x);
            else if (block instanceof Tiles x) tiles(h, x);
            else if (block instanceof Table x) table(h, x);
            else if (block instanceof Bars x) bars(h, x);
            else if (block instanceof Trend x) trend(h, x);
            h.append("</td></tr>\n");
        }
        h.append("<tr><td class=\"").append(PAD).append("\" style=\"padding:20px 24px 24px;font-size:12px;line-height:18px;color:").append(MUTED).append(";")
                .append(FONT).append("\">").append(text(doc.footer())).append("</td></tr>\n")
                .append("</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr></table>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void heading(StringBuilder h, Heading x) {
        h.append("<div style=\"padding:22px 0 6px;font-size:16px;line-height:22px;font-weight:bold;color:").append(INK)
                .append(";border-bottom:2px solid ").append(INK).append(";\">").append(text(x.text())).append("</div>");
    }

    private static void paragraph(StringBuilder h, Paragraph x) {
        boolean muted = x.tone() == Tone.MUTED;
        h.append("<p style=\"margin:").append(muted ? "6px" : "14px").append(" 0 0;font-size:").append(muted ? "12px" : "15px")
                .append(";line-height:").append(muted ? "18px" : "23px").append(";color:").append(muted ? MUTED : INK).append(";\">")
                .append(text(x.text())).append("</p>");
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
                .append("<td width=\"4\" bgcolor=\"").append(edge).append("\" style=\"background-color:").append(edge).append(";width:4px;font-size:1px;\">&nbsp;</td>")
                .append("<td bgcolor=\"").append(bg).append("\" style=\"background-color:").append(bg).append(";padding:12px 14px;").append(FONT).append("\">")
                .append("<div style=\"font-size:14px;line-height:20px;font-weight:bold;color:").append(INK).append(";\">").append(text(x.title())).append("</div>")
                .append("<div style=\"font-size:14px;line-height:21px;color:").append(INK).append(";\">").append(text(x.text())).append("</div>")
                .append("</td></tr></table>");
    }

    /**
     * Tiles come in pairs, each pair a block at most half the width wide: side by side they make one row of four,
     * and where the screen is too narrow for that the second pair wraps under the first, two by two. That wrapping
     * needs no media query (it is inline-block flow); Outlook's Word engine, which knows neither, gets the pairs
     * as two cells of a table only it reads.
     */
    private static void tiles(StringBuilder h, Tiles x) {
        // Half of what is left inside a 640 px reading pane (its 8 px margins, the border, the padding): four in a row there.
        int half = (WIDTH - 2 * 8 - 2 - 2 * 24) / 2;
        h.append("<div style=\"margin-top:18px;font-size:0;line-height:0;\">")
                .append("<!--[if mso]><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td width=\"50%\" valign=\"top\"><![endif]-->");
        for (int start = 0; start < x.tiles().size(); start += 2) {
            if (start > 0) h.append("<!--[if mso]></td><td width=\"50%\" valign=\"top\"><![endif]-->");
            h.append("<div class=\"pair\" style=\"display:inline-block;width:100%;max-width:").append(half).append("px;vertical-align:top;\">")
                    .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
            for (int i = start; i < start + 2; i++) {
                // Every pair keeps a 12 px gutter on its right, so the gap is the same between pairs side by side.
                h.append("<td width=\"50%\" valign=\"top\" style=\"width:50%;padding:0 ").append(i % 2 == 0 ? "6px" : "12px").append(" 10px ")
                        .append(i % 2 == 0 ? "0" : "6px").append(";\">");
                if (i < x.tiles().size()) tile(h, x.tiles().get(i));
                h.append("</td>");
            }
            h.append("</tr></table></div>");
        }
        h.append("<!--[if mso]></td></tr></table><![endif]--></div>");
    }

    private static void tile(StringBuilder h, Tile t) {
        h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td valign=\"top\" bgcolor=\"")
                .append(PAPER).append("\" style=\"background-color:").append(PAPER).append(";border-top:3px solid ").append(BAR)
                .append(";padding:10px 10px 12px;").append(FONT).append("\">")
                .append("<div style=\"font-size:12px;line-height:16px;color:").append(MUTED).append(";\">").append(text(t.label())).append("</div>")
                .append("<div style=\"font-size:22px;line-height:28px;font-weight:bold;color:").append(INK).append(";\">").append(text(t.value())).append("</div>");
        if (!t.counts().isEmpty()) {
            h.append("<div style=\"font-size:13px;line-height:18px;color:").append(INK).append(";\">").append(text(t.counts())).append("</div>");
        }
        if (!t.detail().isEmpty()) {
            h.append("<div style=\"font-size:12px;line-height:16px;color:").append(INK).append(";\">").append(text(t.detail())).append("</div>");
        }
        if (t.change() != null && !t.change().isEmpty()) {
            h.append("<div style=\"font-size:12px;line-height:16px;padding-top:4px;color:").append(color(t.changeTone())).append(";\">")
                    .append(text(t.change())).append("</div>");
        }
        h.append("</td></tr></table>");
    }

    private static void table(StringBuilder h, Table x) {
        h.append("<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:8px;border-collapse:collapse;\"><tr>");
        for (String column : x.header()) {
            h.append("<th scope=\"col\" align=\"left\" valign=\"bottom\" style=\"padding:6px 6px 6px 0;font-size:12px;line-height:16px;font-weight:bold;color:")
                    .append(MUTED).append(";border-bottom:1px solid ").append(LINE).append(";").append(FONT).append("\">").append(text(column)).append("</th>");
        }
        h.append("</tr>");
        for (List<Cell> row : x.rows()) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Cell c = row.get(i);
                h.append("<td valign=\"top\" style=\"padding:6px 6px 6px 0;font-size:13px;line-height:18px;border-bottom:1px solid ").append(LINE)
                        .append(";color:").append(color(c.tone())).append(";").append(i == 0 ? "font-weight:bold;" : "").append(FONT).append("\">");
                if (c.href() == null) {
                    h.append(text(c.text()));
                } else {
                    h.append("<a href=\"").append(esc(c.href())).append("\" style=\"color:").append(BAR_CURRENT).append(";text-decoration:underline;\">")
                            .append(text(c.text())).append("</a>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        if (x.note() != null) paragraph(h, new Paragraph(x.note(), Tone.MUTED));
    }

    private static void bars(StringBuilder h, Bars x) {
        h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin-top:10px;\">");
        for (Bar b : x.bars()) barRow(h, b.label(), false, b.fraction(), b.tone() == Tone.BAD ? "#c9372c" : BAR, b.value());
        h.append("</table>");
        if (x.note() != null) paragraph(h, new Paragraph(x.note(), Tone.MUTED));
    }

    /** One row of a bar chart: the label, the bar, and the value (with its counts) written beside it. */
    private static void barRow(StringBuilder h, String label, boolean bold, double fraction, String colour, String value) {
        String weight = bold ? "font-weight:bold;" : "";
        h.append("<tr><td width=\"30%\" valign=\"middle\" style=\"padding:4px 8px 4px 0;font-size:13px;line-height:18px;color:").append(INK).append(";")
                .append(weight).append(FONT).append("\">").append(text(label)).append("</td><td width=\"38%\" valign=\"middle\" style=\"padding:4px 0;\">");
        bar(h, fraction, colour, 14);
        h.append("</td><td width=\"32%\" valign=\"middle\" style=\"padding:4px 0 4px 10px;font-size:13px;line-height:18px;color:").append(INK).append(";")
                .append(weight).append(FONT).append("\">").append(text(value)).append("</td></tr>");
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

    /**
     * The trend, one bar per period (the current one dark and bold), each with its percentage and counts written
     * out: horizontal bars keep 13 periods readable at 12 px and more on a phone, where 13 columns could not.
     */
    private static void trend(StringBuilder h, Trend x) {
        for (Series s : x.series()) {
            h.append("<div style=\"padding:14px 0 4px;font-size:13px;line-height:18px;font-weight:bold;color:").append(INK).append(";\">")
                    .append(text(s.title())).append(s.band() == null ? "" : "<span style=\"font-weight:normal;color:" + MUTED + ";\"> · " + text(s.band()) + "</span>")
                    .append("</div>");
            double scale = s.points().stream().filter(p -> p.percent() != null).mapToDouble(Point::percent).max().orElse(0);
            scale = scale <= 0 ? 1 : scale;
            h.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">");
            for (Point p : s.points()) {
                String value = p.percent() == null ? p.value() : p.value() + " (" + p.counts() + ")";
                barRow(h, p.label(), p.current(), p.percent() == null ? 0 : p.percent() / scale, p.current() ? BAR_CURRENT : BAR, value);
            }
            h.append("</table>");
        }
        if (x.note() != null) paragraph(h, new Paragraph(x.note(), Tone.MUTED));
    }

    /** Escaped text in which a ratio's counts ("12 / 45") and a range ("20–30%") never break across lines. */
    private static String text(String s) {
        return esc(s).replaceAll("(\\d) / (\\d)", "$1&nbsp;/&nbsp;$2").replaceAll("(\\d)–(\\d)", "$1&#8288;–&#8288;$2");
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
