package io.leadloop.report;

import io.leadloop.funnel.Dimension;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.Breakdown;
import io.leadloop.funnel.FunnelReport.BreakdownRow;
import io.leadloop.funnel.FunnelReport.SegmentView;
import io.leadloop.funnel.FunnelReport.SegmentViews;
import io.leadloop.funnel.FunnelReport.WinFactor;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.StageCounts;
import io.leadloop.report.Doc.Bar;
import io.leadloop.report.Doc.Bars;
import io.leadloop.report.Doc.Block;
import io.leadloop.report.Doc.Cell;
import io.leadloop.report.Doc.Heading;
import io.leadloop.report.Doc.Paragraph;
import io.leadloop.report.Doc.Table;
import io.leadloop.report.Doc.Tile;
import io.leadloop.report.Doc.Tiles;
import io.leadloop.report.Doc.Tone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Marketing's report, on lead quality: MQL-to-SQL by source, campaign and form in its three views, why sales
 * disqualified leads, qualified-leads-to-close by source, what wins and the qualified leads nobody worked.
 */
final class MarketingEmail {
    private MarketingEmail() {}

    static final List<RatioKind> TREND = List.of(RatioKind.MQL_TO_SQL, RatioKind.QUALIFIED_LEADS_TO_CLOSE);

    static Doc doc(Blocks b, Briefing briefing) {
        List<Block> sections = new ArrayList<>();
        mqlToSql(b, sections);
        Words w = b.w;
        FunnelReport fr = b.funnel;
        sections.add(new Heading(w.t("sec.disq")));
        if (fr.disqualificationReasons().isEmpty()) sections.add(new Paragraph(w.t("sec.disq.none"), Tone.NORMAL));
        else sections.add(b.reasonBars(fr.disqualificationReasons()));
        qualifiedBySource(b, sections);
        whatWins(b, sections);
        neverWorked(b, sections);
        sections.add(new Heading(w.t("sec.funnel")));
        sections.add(b.funnelBars());
        return b.report(briefing, tiles(b), TREND, sections);
    }

    private static Tiles tiles(Blocks b) {
        Words w = b.w;
        StageCounts now = b.funnel.current();
        return new Tiles(List.of(
                b.ratioTile(RatioKind.MQL_TO_SQL),
                b.ratioTile(RatioKind.QUALIFIED_LEADS_TO_CLOSE),
                new Tile(w.t("tile.leads"), b.f.integer(now.leads()), "", w.t("tile.mqls", now.mqls(), now.sqls()),
                        w.t("tile.previous", b.f.integer(b.funnel.previous().leads())), Tone.MUTED)));
    }

    private static void mqlToSql(Blocks b, List<Block> blocks) {
        Words w = b.w;
        Fmt f = b.f;
        FunnelReport fr = b.funnel;
        Period p = fr.period();
        var lag = fr.laggedMqlToSql();
        var cohort = fr.mqlCohort();
        // With no lag the lagged view is the period view again: it is left out rather than shown twice.
        boolean lagged = lag.lagPeriods() > 0;
        String noMqls = w.noDenominator(RatioKind.MQL_TO_SQL);
        List<String> views = new ArrayList<>(List.of(w.t("col.period")));
        if (lagged) views.add(w.t("col.lagged"));
        views.add(w.t("col.cohort"));
        blocks.add(new Heading(w.ratio(RatioKind.MQL_TO_SQL) + ": " + String.join(" · ", views.stream().map(v -> v.toLowerCase(w.locale())).toList())));
        List<Cell> overall = new ArrayList<>(List.of(Cell.of(f.withCounts(fr.ratio(RatioKind.MQL_TO_SQL).current(), RatioKind.MQL_TO_SQL))));
        if (lagged) overall.add(Cell.of(f.withCounts(lag.ratio(), w.t("den.mqls_in", lag.mqlPeriod().label()))));
        overall.add(Cell.of(f.withCounts(cohort.share(), w.t("den.mqls_in", cohort.mqlPeriod().label()))));
        blocks.add(new Table(views, List.of(overall), lagged
                ? w.t("sec.mqlsql.note", p.label(), p.label(), lag.mqlPeriod().label(), w.t("lag.periods", lag.lagPeriods()), cohort.mqlPeriod().label())
                : w.t("sec.mqlsql.note.nolag", p.label(), cohort.mqlPeriod().label())));
        for (SegmentViews seg : fr.mqlToSqlBySegment()) {
            blocks.add(new Heading(w.t(lagged ? "sec.mqlsql" : "sec.mqlsql.nolag", w.dimension(seg.dimension()))));
            List<List<Cell>> rows = new ArrayList<>();
            for (SegmentView v : seg.rows().subList(0, Math.min(Blocks.MAX_ROWS, seg.rows().size()))) {
                List<Cell> row = new ArrayList<>(List.of(Cell.of(b.value(seg.dimension(), v.value())), segmentCell(v.period(), noMqls, b)));
                if (lagged) row.add(segmentCell(v.lagged(), noMqls, b));
                row.add(segmentCell(v.cohort(), noMqls, b));
                rows.add(row);
            }
            List<String> header = new ArrayList<>(List.of(w.capitalize(w.dimension(seg.dimension())), w.t("col.period") + " " + p.label()));
            if (lagged) header.add(w.t("col.lagged") + " " + lag.mqlPeriod().label());
            header.add(w.t("col.cohort") + " " + cohort.mqlPeriod().label());
            int more = seg.rows().size() - rows.size();
            blocks.add(new Table(header, rows, more > 0 ? w.t("sec.segments.more", more) : null));
        }
    }

    /** A view under the minimum group size is counted in that view's "other" row (null in the model). */
    private static Cell segmentCell(Ratio view, String noMqls, Blocks b) {
        return view == null ? new Cell(b.w.t("seg.in_other"), Tone.MUTED) : Cell.of(b.f.withCounts(view, noMqls));
    }

    private static void qualifiedBySource(Blocks b, List<Block> blocks) {
        Words w = b.w;
        Fmt f = b.f;
        Optional<Breakdown> qualified = b.funnel.breakdown(RatioKind.QUALIFIED_LEADS_TO_CLOSE, Dimension.SOURCE);
        blocks.add(new Heading(w.t("sec.qltc")));
        List<List<Cell>> q = new ArrayList<>();
        qualified.ifPresent(x -> {
            for (BreakdownRow row : x.rows()) q.add(List.of(Cell.of(w.value(row.value())), Cell.of(f.withCounts(row.ratio(), x.kind()))));
        });
        q.add(List.of(new Cell("= " + w.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE), Tone.MUTED),
                Cell.of(f.withCounts(b.funnel.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE).current(), RatioKind.QUALIFIED_LEADS_TO_CLOSE))));
        blocks.add(new Table(List.of(w.t("col.source"), w.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE)), q, null));
    }

    private static void whatWins(Blocks b, List<Block> blocks) {
        Words w = b.w;
        Fmt f = b.f;
        BriefingWords words = new BriefingWords(b);
        blocks.add(new Heading(w.t("sec.wins")));
        List<List<Cell>> wins = new ArrayList<>();
        for (WinFactor x : b.funnel.whatWins()) {
            if (x.suggestion() == null) continue;
            wins.add(List.of(Cell.of(w.dimension(x.attribute()) + " = " + x.value()),
                    Cell.of(w.t("win.rate", f.withCountsOrNa(new Ratio(x.won(), x.closed())), f.withCountsOrNa(x.overall()))),
                    Cell.of(w.capitalize(words.advice(Briefing.Advice.of(x))))));
        }
        if (wins.isEmpty()) blocks.add(new Paragraph(w.t("sec.wins.none", b.report.minDealsForSuggestion()), Tone.NORMAL));
        else blocks.add(new Table(List.of(w.t("col.leads.with"), w.t("col.winrate"), w.t("col.suggestion")), wins, w.t("sec.wins.note")));
        blocks.add(new Paragraph(w.t("sec.wins.definition", b.funnel.qualifiedLeadDefinition()), Tone.MUTED));
    }

    private static void neverWorked(Blocks b, List<Block> blocks) {
        Words w = b.w;
        AudienceReport r = b.report;
        int days = r.options().followUpDays();
        blocks.add(new Heading(w.t("sec.neverworked", days)));
        if (r.waiting().isEmpty()) {
            blocks.add(new Paragraph(w.t("sec.neverworked.none", days), Tone.NORMAL));
            return;
        }
        Map<String, Long> bySource = new LinkedHashMap<>();
        r.waiting().forEach(x -> bySource.merge(b.orUnknown(x.source()), 1L, Long::sum));
        long max = bySource.values().stream().mapToLong(Long::longValue).max().orElse(1);
        List<Bar> bars = new ArrayList<>();
        bySource.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> bars.add(new Bar(e.getKey(), (double) e.getValue() / max, b.f.integer(e.getValue()), Tone.NORMAL)));
        blocks.add(new Bars(bars, null));
        blocks.add(b.waitingTable(5, false));
    }
}
