package io.leadloop.report;

import io.leadloop.settings.Language;
import java.util.List;

/**
 * An email's content, independent of how it is written out: {@link HtmlWriter} and {@link TextWriter} render the
 * same blocks, so the HTML and the plain-text part cannot disagree.
 */
record Doc(Language language, String title, String subtitle, String preheader, List<Block> blocks, String footer) {

    Doc {
        blocks = List.copyOf(blocks);
    }

    enum Tone { NORMAL, MUTED, GOOD, BAD, WARNING, ALERT }

    sealed interface Block permits Heading, Paragraph, Callout, Tiles, Table, Bars, Trend {}

    /** A section title. */
    record Heading(String text) implements Block {}

    record Paragraph(String text, Tone tone) implements Block {}

    /** A boxed message: a data warning, a "no data" note, an alert. */
    record Callout(String title, String text, Tone tone) implements Block {}

    /** Big numbers side by side, each with its counts and change. */
    record Tiles(List<Tile> tiles) implements Block {
        Tiles {
            tiles = List.copyOf(tiles);
        }
    }

    /** {@code counts} is the value's "(numerator / denominator)", empty for an amount. */
    record Tile(String label, String value, String counts, String detail, String change, Tone changeTone) {}

    record Table(List<String> header, List<List<Cell>> rows, String note) implements Block {
        Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A table cell; {@code href}, when not null, is where the text links to (a lead's record in its CRM). */
    record Cell(String text, Tone tone, String href) {
        Cell(String text, Tone tone) {
            this(text, tone, null);
        }

        static Cell of(String text) {
            return new Cell(text, Tone.NORMAL);
        }
    }

    /** Horizontal bars: a label, a length from 0 to 1, and the value written beside it. */
    record Bars(List<Bar> bars, String note) implements Block {
        Bars {
            bars = List.copyOf(bars);
        }
    }

    record Bar(String label, double fraction, String value, Tone tone) {}

    /** Column charts of ratios over the last periods, one per series; each column carries its counts. */
    record Trend(List<Series> series, String note) implements Block {
        Trend {
            series = List.copyOf(series);
        }
    }

    record Series(String title, String band, List<Point> points) {
        Series {
            points = List.copyOf(points);
        }
    }

    /** One period's column: {@code percent} null when the denominator was zero. */
    record Point(String label, Double percent, String value, String counts, boolean current) {}
}
