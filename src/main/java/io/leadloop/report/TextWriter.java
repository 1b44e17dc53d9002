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
                    t.append("* ").append(tile.label()).append(": ").append(tile.value());
                    if (!tile.detail().isEmpty()) t.append(" - ").append(tile.detail());
                    if (tile.change() != null && !tile.change().isEmpty()) t.append(" (").append(tile.change()).append(')');
                    t.append('\n');
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

    private static void table(StringBuilder t, Table x) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(x.header());
        for (List<Cell> row : x.rows()) rows.add(row.stream().map(Cell::text).toList());
        int columns = x.header().size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns && i < row.size(); i++) width[i] = Math.min(40, Math.max(width[i], row.get(i).length()));
        }
        t.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) line.append(" ".repeat(Math.max(1, width[i] - cell.length() + 2)));
            }
            t.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) t.append("  ").append("-".repeat(Math.min(WRAP, line.length() - 2))).append('\n');
        }
        if (x.note() != null) wrap(t, x.note(), "  ");
    }

    private static void bars(StringBuilder t, Bars x) {
        int labelWidth = x.bars().stream().mapToInt(b -> b.label().length()).max().orElse(0);
        t.append('\n');
        for (Bar b : x.bars()) {
            int blocks = (int) Math.round(Math.max(0, Math.min(1, b.fraction())) * 24);
            t.append("  ").append(b.label()).append(" ".repeat(labelWidth - b.label().length() + 2))
                    .append("█".repeat(blocks)).append(" ".repeat(24 - blocks + 2)).append(b.value()).append('\n');
        }
        if (x.note() != null) wrap(t, x.note(), "  ");
    }

    private static void trend(StringBuilder t, Trend x) {
        for (Series s : x.series()) {
            t.append('\n').append("  ").append(s.title()).append(s.band() == null ? "" : " (" + s.band() + ")").append('\n');
            double scale = s.points().stream().filter(p -> p.percent() != null).mapToDouble(Point::percent).max().orElse(1);
            scale = scale <= 0 ? 1 : scale;
            for (Point p : s.points()) {
                int blocks = p.percent() == null ? 0 : (int) Math.max(1, Math.round(20 * p.percent() / scale));
                t.append("  ").append(String.format("%-5s", p.label())).append(' ')
                        .append(p.percent() == null ? "-" : "█".repeat(blocks)).append(' ').append(p.value());
                if (!p.counts().isEmpty()) t.append(" (").append(p.counts()).append(')');
                t.append(p.current() ? "  <" : "").append('\n');
            }
        }
        if (x.note() != null) wrap(t, x.note(), "  ");
    }

    /** Wraps at word boundaries, so the text reads well in clients that do not wrap (and at 78 characters). */
    static void wrap(StringBuilder t, String text, String indent) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > WRAP) {
                t.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) line.append(' ');
            line.append(word);
        }
        if (line.length() > indent.length()) t.append(line).append('\n');
    }
}
