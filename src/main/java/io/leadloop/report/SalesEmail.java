package io.leadloop.report;

import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.RepLine;
import io.leadloop.funnel.FunnelReport.StageStep;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
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

/**
 * Sales' report: close rate and leads-to-close by rep, activity, qualified leads waiting for follow-up, pipeline
 * against goal, time in stage and the bottleneck, and why deals were lost.
 */
final class SalesEmail {
    private SalesEmail() {}

    static final List<RatioKind> TREND = List.of(RatioKind.LEADS_TO_CLOSE, RatioKind.CLOSE_RATE);

    static Doc doc(Blocks b, Briefing briefing) {
        return b.report(briefing, tiles(b), TREND, sections(b));
    }

    private static Tiles tiles(Blocks b) {
        Words w = b.w;
        Fmt f = b.f;
        var m = b.funnel.related();
        String goal = m.wonValueGoal() == null ? w.t("tile.nogoal") : w.t("tile.goal", f.percent(m.goalPercent()), f.money(m.wonValueGoal()));
        String won = w.t("tile.deals.won", b.funnel.current().won());
        return new Tiles(List.of(
                b.ratioTile(RatioKind.LEADS_TO_CLOSE),
                b.ratioTile(RatioKind.CLOSE_RATE),
                new Tile(w.t("tile.won.value"), f.money(m.wonValue()), "", goal, won, Tone.MUTED),
                new Tile(w.t("tile.avg.deal"), f.money(m.averageDealValue()), "", won, "", Tone.MUTED)));
    }

    private static List<Block> sections(Blocks b) {
        Words w = b.w;
        AudienceReport r = b.report;
        List<Block> blocks = new ArrayList<>();
        int days = r.options().followUpDays();
        blocks.add(new Heading(w.t("sec.followups", days)));
        if (r.waiting().isEmpty()) {
            blocks.add(new Paragraph(w.t("sec.followups.none", days), Tone.NORMAL));
        } else {
            blocks.add(b.waitingTable(Blocks.MAX_ROWS, true));
        }
        reps(b, blocks);
        pipeline(b, blocks);
        steps(b, blocks);
        if (!b.funnel.lossReasons().isEmpty()) {
            blocks.add(new Heading(w.t("sec.lost")));
            blocks.add(b.reasonBars(b.funnel.lossReasons()));
        }
        return blocks;
    }

    private static void reps(Blocks b, List<Block> blocks) {
        Words w = b.w;
        Fmt f = b.f;
        AudienceReport r = b.report;
        blocks.add(new Heading(w.t("sec.reps")));
        Map<String, Long> waitingByOwner = new LinkedHashMap<>();
        r.waiting().forEach(x -> waitingByOwner.merge(x.owner() == null ? "unknown" : x.owner(), 1L, Long::sum));
        // Two tables of few columns rather than one of six: each still fits a phone's width. A rep who both sourced
        // and closed deals has two ratio lines but one line of activity.
        List<List<Cell>> ratios = new ArrayList<>();
        Map<String, List<Cell>> activity = new LinkedHashMap<>();
        for (RepLine rep : b.funnel.reps()) {
            String name = b.owner(rep.rep());
            ratios.add(List.of(Cell.of(name + " · " + w.t("rep." + rep.role().wireName())),
                    rateCell(b, rep.closeRate(), RatioKind.CLOSE_RATE),
                    rep.leadsToClose() == null ? new Cell(w.t("rep.no_leads"), Tone.MUTED)
                            : rateCell(b, rep.leadsToClose(), RatioKind.LEADS_TO_CLOSE)));
            activity.putIfAbsent(rep.rep(), List.of(Cell.of(name), Cell.of(f.integer(rep.activities())), Cell.of(f.money(rep.wonValue())),
                    Cell.of(f.integer(waitingByOwner.getOrDefault(rep.rep(), 0L)))));
        }
        blocks.add(new Table(List.of(w.t("col.rep"), w.ratio(RatioKind.CLOSE_RATE), w.ratio(RatioKind.LEADS_TO_CLOSE)), ratios,
                w.t("reps.ratio.note", r.minGroupSize())));
        blocks.add(new Table(List.of(w.t("col.rep"), w.t("col.activities"), w.t("tile.won.value"),
                w.t("col.waiting")), List.copyOf(activity.values()), null));
    }

    /** A ratio over fewer than the minimum group size's cases says so in words (greyed too, in the HTML). */
    private static Cell rateCell(Blocks b, Ratio ratio, RatioKind kind) {
        boolean few = ratio.denominator() < b.report.minGroupSize();
        return new Cell(b.f.withCounts(ratio, kind) + (few ? ", " + b.w.t("small.sample") : ""), few ? Tone.MUTED : Tone.NORMAL);
    }

    private static void pipeline(Blocks b, List<Block> blocks) {
        Words w = b.w;
        Fmt f = b.f;
        blocks.add(new Heading(w.t("sec.pipeline")));
        var m = b.funnel.related();
        if (m.wonValueGoal() != null) {
            blocks.add(new Bars(List.of(new Bar(w.t("pipe.won"), m.wonValueGoal().signum() == 0 ? 0
                    : m.wonValue().doubleValue() / m.wonValueGoal().doubleValue(),
                    f.money(m.wonValue()) + " / " + f.money(m.wonValueGoal()) + " (" + f.percent(m.goalPercent()) + ")", Tone.NORMAL)), null));
        }
        // Won value against goal is the bar above and the average deal value a tile: the table does not repeat them.
        List<List<Cell>> pipe = new ArrayList<>();
        pipe.add(List.of(Cell.of(w.t("pipe.open")), Cell.of(m.openDeals() == 1 ? w.t("pipe.open.value.one", f.money(m.openPipelineValue()))
                : w.t("pipe.open.value", f.money(m.openPipelineValue()), f.integer(m.openDeals())))));
        if (m.wonValueGoal() == null) pipe.add(List.of(Cell.of(w.t("pipe.won")), Cell.of(f.money(m.wonValue()) + " (" + w.t("tile.nogoal") + ")")));
        pipe.add(List.of(Cell.of(w.t("pipe.clv")), Cell.of(m.customerLifetimeValue() == null ? w.t("pipe.clv.none")
                : f.money(m.customerLifetimeValue()) + " " + lifetimeInputs(m, w, f))));
        pipe.add(List.of(Cell.of(w.t("pipe.activity")), Cell.of(m.activityPerRep() == null ? w.t("pipe.activity.none")
                : w.t("pipe.activity.value", f.decimal(m.activityPerRep()),
                        f.integer(m.activityByRep().values().stream().mapToLong(Long::longValue).sum()), m.activityByRep().size()))));
        blocks.add(new Table(List.of(w.t("col.metric"), w.t("col.value")), pipe, null));
    }

    /** "(average deal value €27,000 × 1 purchases a year × 3 years)". */
    private static String lifetimeInputs(FunnelReport.RelatedMetrics m, Words w, Fmt f) {
        return w.t("pipe.clv.inputs", f.money(m.averageDealValue()), f.number(m.purchasesPerCustomerPerYear()),
                f.number(m.expectedLifetimeYears()));
    }

    private static void steps(Blocks b, List<Block> blocks) {
        Words w = b.w;
        Fmt f = b.f;
        FunnelReport fr = b.funnel;
        blocks.add(new Heading(w.t("sec.steps")));
        blocks.add(b.funnelBars());
        List<List<Cell>> steps = new ArrayList<>();
        for (StageStep s : fr.steps()) {
            boolean bottleneck = s == fr.bottleneck();
            steps.add(List.of(Cell.of(b.stepName(s.from(), s.to())), new Cell(f.withCountsOrNa(s.nextStep()),
                            bottleneck ? Tone.BAD : Tone.NORMAL), Cell.of(f.days(s.medianDays())),
                    new Cell(f.withCountsOrNa(s.trailingAverage())
                            + (bottleneck ? " · " + w.t("steps.bottleneck", f.points(s.dropPoints()).replace("+", "")) : ""),
                            bottleneck ? Tone.BAD : Tone.NORMAL)));
        }
        blocks.add(new Table(List.of(w.t("col.step"), w.t("col.conversion"), w.t("col.median"), w.t("col.avg4").replace("vs ", "")),
                steps, (fr.bottleneck() == null ? w.t("steps.none") + " " : "") + w.t("steps.note")));
    }
}
