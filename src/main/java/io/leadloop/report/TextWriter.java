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
import io.leadloop.report.Doc.Trend;
import java.util.ArrayList;
import java.util.List;

/** The plain-text part: the same blocks as the HTML, as wrapped paragraphs and aligned columns. */
final class TextWriter {
    private TextWriter() {}

    private static final int WRAP = 76;

    static String write(Doc doc) {
        StringBuilder t = new StringBuilder(8192);
        t.append(doc.title()).append('\n').append(doc.subtitle()).append('\n');
        for (Block block : doc.blocks()) {
            if (block instanceof Heading x) {
                t.append("\n\n").append(x.text().toUpperCase(doc.language().locale())).append('\n');
            } else if (block instanceof Paragraph x) {
                t.append('\n');
                wrap(t, x.text(), "");
            } else if (block instanceof Callout x) {
                t.append("\n** ").append(x.title()).append(" **\n");
                wrap(t, x.text(), "");
            } else if (block instanceof Tiles x) {
                t.append('\n');
                for (Tile tile : x.tiles()) {
                    StringBuilder line = new StringBuilder(tile.label()).append(": ").append(tile.value());
                    if (!tile.counts().isEmpty()) line.append(' ').append(tile.counts());
                    if (!tile.detail().isEmpty()) line.append(", ").append(tile.detail());
                    if (tile.change() != null && !tile.change().isEmpty()) line.append("; ").append(tile.change());
                    wrap(t, line.toString(), "* ", "  ");
                }
            } else if (block instanceof Table x) {
                table(t, x);
            } else if (block instanceof Bars x) {
                bars(t, x);
            } else if (block instanceof Trend x) {
                trend(t, x);
            }
        }
        t.append("\n\n");
        wrap(t, doc.footer(), "");
        return t.toString();
    }

    /**
     * Aligned columns where they fit in a line; otherwise a two-column table as "term: meaning" lines, and a wider
     * one as each row's first cell followed by its "column: value" pairs.
     */
    private static void table(StringBuilder t, Table x) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(x.header());
        for (List<Cell> row : x.rows()) rows.add(row.stream().map(Cell::text).toList());
        int columns = x.header().size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns && i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        }
        int total = 2 + java.util.Arrays.stream(width).sum() + 2 * (columns - 1);
        t.append('\n');
        if (total <= WRAP) {
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < row.size(); i++) {
                    String cell = row.get(i);
                    line.append(cell);
                    if (i < row.size() - 1) line.append(" ".repeat(width[i] - cell.length() + 2));
                }
                t.append(line.toString().stripTrailing()).append('\n');
                if (r == 0) t.append("  ").append("-".repeat(total - 2)).append('\n');
            }
        } else if (columns == 2) {
            for (List<String> row : rows.subList(1, rows.size())) wrap(t, row.get(0) + ": " + row.get(1), "  ", "    ");
        } else {
            for (List<String> row : rows.subList(1, rows.size())) {
                List<String> pairs = new ArrayList<>();
                for (int i = 1; i < row.size(); i++) pairs.add(x.header().get(i) + ": " + row.get(i));
                wrap(t, row.get(0), "  ", "  ");
                wrap(t, String.join("; ", pairs), "    ", "    ");
            }
        }
        links(t, x);
        if (x.note() != null) wrap(t, x.note(), "  ", "  ");
    }

    /** The plain text cannot link a word: the table's links follow it, one per line. */
    private static void links(StringBuilder t, Table x) {
        for (List<Cell> row : x.rows()) {
            for (Cell c : row) {
                if (c.href() != null) t.append("  ").append(c.text()).append(": ").append(c.href()).append('\n');
            }
        }
    }

    private static void bars(StringBuilder t, Bars x) {
        t.append('\n');
        for (Bar b : x.bars()) barLine(t, b.label(), b.fraction(), b.value(), false);
        if (x.note() != null) wrap(t, x.note(), "  ", "  ");
    }

    private static final int BAR = 20;
    private static final int LABEL = 24;

    /** "  label  ██████  value", the label on a line of its own when it is too long to leave room for the bar. */
    private static void barLine(StringBuilder t, String label, double fraction, String value, boolean current) {
        int blocks = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR);
        if (fraction > 0 && blocks == 0) blocks = 1;
        String bar = "█".repeat(blocks) + " ".repeat(BAR - blocks + 2);
        String mark = current ? "  <" : "";
        if (label.length() > LABEL) {
            wrap(t, label, "  ", "  ");
            label = "";
        }
        String start = "  " + label + " ".repeat(LABEL - label.length() + 2) + bar;
        if (start.length() + value.length() + mark.length() <= WRAP) {
            t.append(start).append(value).append(mark).append('\n');
        } else {
            t.append(start.stripTrailing()).append('\n');
            wrap(t, value + mark, "    ", "    ");
        }
    }

    private static void trend(StringBuilder t, Trend x) {
        for (Series s : x.series()) {
            t.append('\n');
            wrap(t, s.title() + (s.band() == null ? "" : " (" + s.band() + ")"), "  ", "  ");
            double scale = s.points().stream().filter(p -> p.percent() != null).mapToDouble(Point::percent).max().orElse(1);
            scale = scale <= 0 ? 1 : scale;
            for (Point p : s.points()) {
                barLine(t, p.label(), p.percent() == null ? 0 : p.percent() / scale,
                        p.percent() == null ? p.value() : p.value() + " (" + p.counts() + ")", p.current());
            }
        }
        if (x.note() != null) wrap(t, x.note(), "  ", "  ");
    }

    /** Marks the spaces of a ratio's counts ("12 / 45") so that wrapping never splits them. */
    private static final char GLUE = '\u0001';

    static void wrap(StringBuilder t, String text, String indent) {
        wrap(t, text, indent, indent);
    }

    /**
     * Wraps at word boundaries within 76 characters (RFC 5322's 78 with room to spare), so the text reads well in
     * clients that do not wrap; a ratio's counts stay on one line.
     */
    static void wrap(StringBuilder t, String text, String firstIndent, String indent) {
        String glued = text.replaceAll("(?<=\\S) / (?=\\S)", GLUE + "/" + GLUE);
        StringBuilder line = new StringBuilder(firstIndent);
        int start = firstIndent.length();
        for (String word : glued.split(" ")) {
            if (word.isEmpty()) continue;
            word = word.replace(GLUE, ' ');
            if (line.length() > start && line.length() + 1 + word.length() > WRAP) {
                t.append(line).append('\n');
                line = new StringBuilder(indent);
                start = indent.length();
            }
            if (line.length() > start) line.append(' ');
            line.append(word);
        }
        if (line.length() > start) t.append(line).append('\n');
    }
}
