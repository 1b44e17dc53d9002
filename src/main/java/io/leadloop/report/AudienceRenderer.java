package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.DataHealth;
import io.leadloop.funnel.Dimension;
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
import io.leadloop.funnel.FunnelReport.WinFactor;
import io.leadloop.funnel.Move;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.Stage;
import io.leadloop.funnel.StageCounts;
import io.leadloop.funnel.Verdict;
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
import io.leadloop.settings.Audience;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes each side its own email. Both open with three to five plain sentences (what changed, against benchmark
 * and goal, the breakdown that moved most, what to do next), then the numbers behind them, each ratio with its
 * counts. Sales reads close rate and leads-to-close by rep, activity, qualified leads waiting for follow-up,
 * pipeline against goal, time in stage and the bottleneck; marketing reads lead quality: MQL-to-SQL by source,
 * campaign and form in its three views, why sales disqualified leads, qualified-leads-to-close by source, what wins
 * and the qualified leads nobody worked. An empty period gets a short note saying why instead of a page of zeros.
 */
public final class AudienceRenderer {

    /** The ratio the subject line and the first sentence are about. */
    public static RatioKind headline(Audience.Kind kind) {
        return kind == Audience.Kind.SALES ? RatioKind.LEADS_TO_CLOSE : RatioKind.MQL_TO_SQL;
    }

    /** The ratios each side's trend chart follows. */
    static List<RatioKind> trendRatios(Audience.Kind kind) {
        return kind == Audience.Kind.SALES ? List.of(RatioKind.LEADS_TO_CLOSE, RatioKind.CLOSE_RATE)
                : List.of(RatioKind.MQL_TO_SQL, RatioKind.QUALIFIED_LEADS_TO_CLOSE);
    }

    private static final int MAX_ROWS = 10;

    public Email render(AudienceReport r) {
        Words w = new Words(r.audience().language());
        Fmt f = new Fmt(w, r.options().currency());
        FunnelReport fr = r.funnel();
        RatioKind k = headline(r.audience().kind());
        String title = w.t("title." + r.audience().id());
        String headline = w.ratio(k) + " " + f.withCounts(fr.ratio(k).current(), k);
        String subject = (r.health().broken() ? w.t("subject.broken") : "")
                + w.t(fr.isEmpty() ? "subject.empty" : "subject.report", title, fr.period().label(), headline);
        Doc doc = fr.isEmpty() ? empty(r, w, title) : full(r, w, f, title);
        return new Email(senderName(title), subject, HtmlWriter.write(doc), TextWriter.write(doc), CsvExport.of(r), csvName(r, "report"),
                r.audience().language());
    }

    /** The off-cycle alert: {@code kind} left {@code band} in the period so far. */
    public Email renderAlert(AudienceReport r, RatioKind kind, Band band) {
        Words w = new Words(r.audience().language());
        Fmt f = new Fmt(w, r.options().currency());
        FunnelReport fr = r.funnel();
        Period p = fr.period();
        Ratio ratio = fr.ratio(kind).current();
        String side = w.t(band.verdict(ratio) == Verdict.BELOW ? "alert.below" : "alert.above");
        String subject = w.t("subject.alert", w.t("audience." + r.audience().id()), p.label(), w.ratio(kind),
                f.withCounts(ratio, kind), side, f.bandRange(band));
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Callout(w.t("alert.title", w.ratio(kind)), w.t("alert.text", w.ratio(kind), f.withCounts(ratio, kind),
                w.periodPhrase(p), w.date(p.start()), w.date(r.health().today()), side, f.bandRange(band),
                w.t("alert.band.source", band.source())), Tone.ALERT));
        // As in the reports' opening: a change that could be chance gets no cause.
        Comparison change = fr.ratio(kind).previous();
        if (change.changePoints() != null && !change.withinNoise()) fr.mover(kind).ifPresent(m -> blocks.add(new Paragraph(w.t("alert.why", w.dimension(m.dimension()), w.value(m.value()),
                f.withCounts(m.now(), kind), f.withCounts(m.before(), kind), w.previousPeriod(p)), Tone.NORMAL)));
        blocks.add(trend(r, w, f, List.of(kind)));
        blocks.add(new Heading(w.t("sec.ratios")));
        blocks.add(ratiosTable(fr, w, f));
        Doc doc = new Doc(r.audience().language(), w.t("alert.title", w.ratio(kind)), subtitle(fr, w),
                subject, blocks, footer(r, w, "footer"));
        return new Email(senderName(w.t("title." + r.audience().id())), subject, HtmlWriter.write(doc), TextWriter.write(doc), CsvExport.of(r),
                csvName(r, "alert-" + CsvExport.key(kind)), r.audience().language());
    }

    /** The From line's display name: who sends it and which report it is, before the subject is read. */
    private static String senderName(String title) {
        return "leadloop · " + title;
    }

    private static String csvName(AudienceReport r, String what) {
        return "leadloop-" + r.audience().id() + "-" + what + "-" + r.funnel().period().label() + ".csv";
    }

    private static String subtitle(FunnelReport fr, Words w) {
        return w.period(fr.period()) + " · " + fr.timezone();
    }

    // ---------------------------------------------------------------- the short note of an empty period

    private Doc empty(AudienceReport r, Words w, String title) {
        DataHealth h = r.health();
        String why;
        if (h.lastEventDay() == null) why = w.t("empty.why.never", h.lookedBackDays());
        else if (h.broken()) why = w.t("empty.why.silent", w.date(h.lastEventDay()), h.silentDays());
        else why = w.t("empty.why.quiet", w.date(h.lastEventDay()));
        String text = w.t("empty.text") + " " + why;
        return new Doc(r.audience().language(), title, subtitle(r.funnel(), w), text,
                List.of(new Callout(w.t("empty.title"), text, h.broken() ? Tone.WARNING : Tone.NORMAL)), footer(r, w, "footer.empty"));
    }

    // ---------------------------------------------------------------- the full report

    private Doc full(AudienceReport r, Words w, Fmt f, String title) {
        boolean sales = r.audience().kind() == Audience.Kind.SALES;
        List<Block> blocks = new ArrayList<>();
        DataHealth h = r.health();
        if (h.broken()) {
            blocks.add(new Callout(w.t("health.title"), h.lastEventDay() == null ? w.t("health.never", h.lookedBackDays())
                    : w.t("health.silent", w.date(h.lastEventDay()), h.silentDays()), Tone.WARNING));
        }
        f.unconverted(r.funnel().related()).ifPresent(note -> blocks.add(new Callout(w.t("currency.title"), note, Tone.WARNING)));
        Intro intro = intro(r, w, f);
        blocks.add(new Callout(w.t("todo.title"), intro.action(), Tone.NORMAL));
        blocks.add(new Paragraph(String.join(" ", intro.findings()), Tone.NORMAL));
        blocks.add(sales ? salesTiles(r.funnel(), w, f) : marketingTiles(r.funnel(), w, f));
        blocks.add(new Heading(w.t("sec.trend." + r.funnel().period().kind().name().toLowerCase(Locale.ROOT), r.trend().size())));
        blocks.add(trend(r, w, f, trendRatios(r.audience().kind())));
        if (sales) salesSections(r, w, f, blocks);
        else marketingSections(r, w, f, blocks);
        blocks.add(new Heading(w.t("sec.ratios")));
        blocks.add(ratiosTable(r.funnel(), w, f));
        blocks.add(new Heading(w.t("sec.definitions")));
        blocks.add(definitions(r.funnel(), w));
        return new Doc(r.audience().language(), title, subtitle(r.funnel(), w), intro.action(), blocks, footer(r, w, "footer"));
    }

    /** What a reader can do about the email: who it goes to, and how to change or stop it. */
    private static String footer(AudienceReport r, Words w, String key) {
        return w.t(key) + " " + w.t("footer.subscription", r.audience().id());
    }

    /** The opening: the one thing to do first, then what changed, against benchmark and goal, and why. */
    record Intro(String action, List<String> findings) {}

    /**
     * One concrete action, then two or three sentences. A change that could be chance is called no real change and
     * gets no explanation: naming the group that "moved" it would explain noise.
     */
    Intro intro(AudienceReport r, Words w, Fmt f) {
        FunnelReport fr = r.funnel();
        Period p = fr.period();
        RatioKind k = headline(r.audience().kind());
        RatioLine line = fr.ratio(k);
        boolean sales = r.audience().kind() == Audience.Kind.SALES;
        List<String> s = new ArrayList<>();
        s.add(changed(line, p, w, f));
        s.add(sales ? salesStanding(fr, line, w, f) : secondRatio(fr.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE), w, f));
        Comparison c = line.previous();
        if (c.changePoints() != null && !c.withinNoise()) {
            s.add(fr.mover(k).map(m -> w.t("intro.why", w.dimension(m.dimension()), w.value(m.value()), f.withCounts(m.now(), k),
                    f.withCounts(m.before(), k), w.previousPeriod(p), w.ratio(k), f.percent(m.withoutChangePercent())))
                    .orElse(w.t("intro.why.none")));
        }
        String action = sales ? salesNext(r, line, w, f) : marketingNext(r, w, f);
        return new Intro(capitalize(action, w), s);
    }

    private static String changed(RatioLine line, Period p, Words w, Fmt f) {
        RatioKind k = line.kind();
        Comparison c = line.previous();
        String now = f.withCounts(line.current(), k);
        if (c.changePoints() != null) {
            double d = c.changePoints();
            String direction = Math.abs(d) < 0.05 ? w.t("intro.flat")
                    : w.t(d > 0 ? "intro.up" : "intro.down", f.decimal(Math.abs(d)));
            return w.t(c.withinNoise() ? "intro.changed.noise" : "intro.changed", w.ratio(k), now, w.periodPhrase(p), direction,
                    f.withCounts(c.other(), k), w.previousPeriod(p));
        }
        if (c.other().defined()) {
            return w.t("intro.against", w.ratio(k), now, w.periodPhrase(p), f.withCounts(c.other(), k), w.previousPeriod(p));
        }
        return w.t("intro.first", w.ratio(k), now, w.periodPhrase(p));
    }

    private static String salesStanding(FunnelReport fr, RatioLine line, Words w, Fmt f) {
        var m = fr.related();
        if (line.band() == null || !line.current().defined()) {
            return m.wonValueGoal() == null ? w.t("intro.nogoal.only", f.money(m.wonValue()))
                    : w.t("intro.goal.only", f.money(m.wonValue()), f.percent(m.goalPercent()), f.money(m.wonValueGoal()));
        }
        String band = w.t("intro.band." + line.verdict().name().toLowerCase(Locale.ROOT), f.bandRange(line.band()));
        return band + (m.wonValueGoal() == null ? w.t("intro.nogoal", f.money(m.wonValue()))
                : w.t("intro.goal", f.money(m.wonValue()), f.percent(m.goalPercent()), f.money(m.wonValueGoal())));
    }

    private static String secondRatio(RatioLine line, Words w, Fmt f) {
        String value = f.withCounts(line.current(), line.kind());
        String key = switch (line.verdict()) {
            case BELOW -> "intro.second.below";
            case WITHIN -> "intro.second.within";
            case ABOVE -> "intro.second.above";
            case NO_BENCHMARK -> "intro.second.none";
            case NO_DATA -> "intro.second.nodata";
        };
        return line.band() == null || !line.current().defined() ? w.t(key, w.ratio(line.kind()), value)
                : w.t(key, w.ratio(line.kind()), value, f.bandRange(line.band()));
    }

    private static Optional<String> brokenData(DataHealth h, Words w) {
        if (!h.broken()) return Optional.empty();
        return Optional.of(h.silentDays() == null ? w.t("next.broken.never", h.lookedBackDays()) : w.t("next.broken", h.silentDays()));
    }

    /** The first of: restore the data, follow up the waiting leads, fix the weakest step, review the losses. */
    private static String salesNext(AudienceReport r, RatioLine headline, Words w, Fmt f) {
        Optional<String> broken = brokenData(r.health(), w);
        if (broken.isPresent()) return broken.get();
        if (!r.waiting().isEmpty()) {
            FollowUp oldest = r.waiting().get(0);
            return w.t(r.waiting().size() == 1 && !r.waitingTruncated() ? "next.followups.one" : "next.followups", waitingCount(r),
                    r.options().followUpDays(), oldest.leadId(), orUnknown(oldest.owner(), w), oldest.daysWaiting(r.generatedAt()));
        }
        StageStep b = r.funnel().bottleneck();
        if (b != null) return w.t("next.bottleneck", stepName(b, w), f.withCountsOrNa(b.nextStep()), f.withCountsOrNa(b.trailingAverage()));
        if (headline.verdict() == Verdict.BELOW) return w.t("next.belowband", w.ratio(headline.kind()));
        return w.t("next.keep");
    }

    /** The first of: restore the data, a clearly significant what-wins finding, the top reason, the leads never worked. */
    private static String marketingNext(AudienceReport r, Words w, Fmt f) {
        Optional<String> broken = brokenData(r.health(), w);
        if (broken.isPresent()) return broken.get();
        Optional<WinFactor> win = r.funnel().whatWins().stream().filter(x -> x.suggestion() != null).findFirst();
        if (win.isPresent()) return winFinding(win.get(), w, f) + ": " + winAdvice(win.get(), w) + ".";
        List<ReasonCount> reasons = r.funnel().disqualificationReasons();
        if (!reasons.isEmpty()) {
            long total = reasons.stream().mapToLong(ReasonCount::count).sum();
            return w.t("next.reason", w.value(reasons.get(0).reason()), f.withCountsOrNa(new Ratio(reasons.get(0).count(), total)),
                    w.t("next.reason.action"));
        }
        if (!r.waiting().isEmpty()) {
            return r.waiting().size() == 1 && !r.waitingTruncated() ? w.t("next.neverworked.one") : w.t("next.neverworked", waitingCount(r));
        }
        return w.t("next.marketing.keep");
    }

    /**
     * "leads with form = demo-request closed 50.0% (6 / 12) of their deals, against 20.0% (12 / 60) overall". The analysis
     * only sets a suggestion where the value's 95% interval excludes the overall rate, so this is written only then.
     */
    private static String winFinding(WinFactor x, Words w, Fmt f) {
        return w.t("win.finding", w.dimension(x.attribute()), x.value(), f.withCountsOrNa(new Ratio(x.won(), x.closed())),
                f.withCountsOrNa(x.overall()));
    }

    private static String winAdvice(WinFactor x, Words w) {
        return w.t(x.interval().low() > x.overallRate() ? "win.include" : "win.exclude");
    }

    private static String waitingCount(AudienceReport r) {
        return r.waiting().size() + (r.waitingTruncated() ? "+" : "");
    }

    private static String stepName(StageStep s, Words w) {
        return w.stage(s.from()) + " → " + w.stage(s.to());
    }

    // ---------------------------------------------------------------- tiles

    private static Tile ratioTile(RatioLine line, Words w, Fmt f) {
        Comparison c = line.previous();
        Tone tone = c.changePoints() == null || c.withinNoise() ? Tone.MUTED : c.changePoints() >= 0 ? Tone.GOOD : Tone.BAD;
        String change = c.changePoints() == null ? w.t("change.none")
                : f.change(c) + " · " + w.t("tile.previous", f.withCountsOrNa(c.other()));
        String value = line.current().defined() ? f.percent(line.current(), "") : w.t("na.short");
        String counts = line.current().defined() ? "(" + f.counts(line.current()) + ")" : w.noDenominator(line.kind());
        return new Tile(w.ratio(line.kind()), value, counts, line.band() == null ? "" : f.band(line.band()), change, tone);
    }

    private static Tiles salesTiles(FunnelReport fr, Words w, Fmt f) {
        var m = fr.related();
        String goal = m.wonValueGoal() == null ? w.t("tile.nogoal") : w.t("tile.goal", f.percent(m.goalPercent()), f.money(m.wonValueGoal()));
        String won = w.t("tile.deals.won", fr.current().won());
        return new Tiles(List.of(
                ratioTile(fr.ratio(RatioKind.LEADS_TO_CLOSE), w, f),
                ratioTile(fr.ratio(RatioKind.CLOSE_RATE), w, f),
                new Tile(w.t("tile.won.value"), f.money(m.wonValue()), "", goal, won, Tone.MUTED),
                new Tile(w.t("tile.avg.deal"), f.money(m.averageDealValue()), "", won, "", Tone.MUTED)));
    }

    private static Tiles marketingTiles(FunnelReport fr, Words w, Fmt f) {
        StageCounts now = fr.current();
        return new Tiles(List.of(
                ratioTile(fr.ratio(RatioKind.MQL_TO_SQL), w, f),
                ratioTile(fr.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE), w, f),
                new Tile(w.t("tile.leads"), f.integer(now.leads()), "", w.t("tile.mqls", now.mqls(), now.sqls()),
                        w.t("tile.previous", f.integer(fr.previous().leads())), Tone.MUTED)));
    }

    // ---------------------------------------------------------------- charts

    private static Trend trend(AudienceReport r, Words w, Fmt f, List<RatioKind> kinds) {
        List<Series> series = new ArrayList<>();
        Period current = r.funnel().period();
        for (RatioKind kind : kinds) {
            List<Point> points = new ArrayList<>();
            for (TrendPoint tp : r.trend()) {
                Ratio ratio = tp.ratio(kind);
                points.add(new Point(w.shortPeriod(tp.period()), ratio.defined() ? ratio.percent().getAsDouble() : null,
                        ratio.defined() ? f.percent(ratio, "") : "–", f.counts(ratio),
                        tp.period().equals(current)));
            }
            Band band = r.funnel().ratio(kind).band();
            series.add(new Series(w.ratio(kind), band == null ? null : f.band(band), points));
        }
        return new Trend(series, w.t("sec.trend.note"));
    }

    private static Bars funnelBars(FunnelReport fr, Words w, Fmt f) {
        StageCounts c = fr.current();
        long[] counts = {c.leads(), c.mqls(), c.sqls(), c.opportunities(), c.customers()};
        long max = 1;
        for (long n : counts) max = Math.max(max, n);
        List<Bar> bars = new ArrayList<>();
        Stage[] stages = Stage.values();
        for (int i = 0; i < stages.length; i++) {
            String value = f.integer(counts[i]);
            if (i > 0) value += " · " + f.withCountsOrNa(fr.steps().get(i - 1).nextStep());
            bars.add(new Bar(w.stage(stages[i]), (double) counts[i] / max, value,
                    fr.bottleneck() != null && i > 0 && fr.steps().get(i - 1) == fr.bottleneck() ? Tone.BAD : Tone.NORMAL));
        }
        return new Bars(bars, w.t("sec.funnel.note"));
    }

    // ---------------------------------------------------------------- sales

    private void salesSections(AudienceReport r, Words w, Fmt f, List<Block> blocks) {
        FunnelReport fr = r.funnel();
        int days = r.options().followUpDays();
        blocks.add(new Heading(w.t("sec.followups", days)));
        if (r.waiting().isEmpty()) {
            blocks.add(new Paragraph(w.t("sec.followups.none", days), Tone.NORMAL));
        } else {
            blocks.add(waitingTable(r, w, f, MAX_ROWS, true));
        }

        blocks.add(new Heading(w.t("sec.reps")));
        Map<String, Long> waitingByOwner = new LinkedHashMap<>();
        r.waiting().forEach(x -> waitingByOwner.merge(x.owner() == null ? "unknown" : x.owner(), 1L, Long::sum));
        // Two tables of few columns rather than one of six: each still fits a phone's width. A rep who both sourced
        // and closed deals has two ratio lines but one line of activity.
        List<List<Cell>> ratios = new ArrayList<>();
        Map<String, List<Cell>> activity = new LinkedHashMap<>();
        for (RepLine rep : fr.reps()) {
            ratios.add(List.of(Cell.of(rep.rep() + " · " + w.t("rep." + rep.role().wireName())),
                    rateCell(rep.closeRate(), RatioKind.CLOSE_RATE, r.minGroupSize(), w, f),
                    rep.leadsToClose() == null ? new Cell(w.t("rep.no_leads"), Tone.MUTED)
                            : rateCell(rep.leadsToClose(), RatioKind.LEADS_TO_CLOSE, r.minGroupSize(), w, f)));
            activity.putIfAbsent(rep.rep(), List.of(Cell.of(rep.rep()), Cell.of(f.integer(rep.activities())), Cell.of(f.money(rep.wonValue())),
                    Cell.of(f.integer(waitingByOwner.getOrDefault(rep.rep(), 0L)))));
        }
        blocks.add(new Table(List.of(w.t("col.rep"), w.ratio(RatioKind.CLOSE_RATE), w.ratio(RatioKind.LEADS_TO_CLOSE)), ratios,
                w.t("reps.ratio.note", r.minGroupSize())));
        blocks.add(new Table(List.of(w.t("col.rep"), w.t("col.activities"), w.t("tile.won.value"),
                w.t("col.waiting")), List.copyOf(activity.values()), null));

        blocks.add(new Heading(w.t("sec.pipeline")));
        var m = fr.related();
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

        blocks.add(new Heading(w.t("sec.steps")));
        blocks.add(funnelBars(fr, w, f));
        List<List<Cell>> steps = new ArrayList<>();
        for (StageStep s : fr.steps()) {
            boolean bottleneck = s == fr.bottleneck();
            steps.add(List.of(Cell.of(stepName(s, w)), new Cell(f.withCountsOrNa(s.nextStep()),
                            bottleneck ? Tone.BAD : Tone.NORMAL), Cell.of(f.days(s.medianDays())),
                    new Cell(f.withCountsOrNa(s.trailingAverage())
                            + (bottleneck ? " · " + w.t("steps.bottleneck", f.points(s.dropPoints()).replace("+", "")) : ""),
                            bottleneck ? Tone.BAD : Tone.NORMAL)));
        }
        blocks.add(new Table(List.of(w.t("col.step"), w.t("col.conversion"), w.t("col.median"), w.t("col.avg4").replace("vs ", "")),
                steps, (fr.bottleneck() == null ? w.t("steps.none") + " " : "") + w.t("steps.note")));

        if (!fr.lossReasons().isEmpty()) {
            blocks.add(new Heading(w.t("sec.lost")));
            blocks.add(reasonBars(fr.lossReasons(), w, f));
        }
    }

    /** "(average deal value €27,000 × 1 purchases a year × 3 years)". */
    private static String lifetimeInputs(FunnelReport.RelatedMetrics m, Words w, Fmt f) {
        return w.t("pipe.clv.inputs", f.money(m.averageDealValue()), f.number(m.purchasesPerCustomerPerYear()),
                f.number(m.expectedLifetimeYears()));
    }

    /**
     * The leads waiting longest, each linked to its CRM record: with its owner for sales, who works them; with its
     * form for marketing, who brought them in. Days over twice the follow-up time are marked.
     */
    private static Table waitingTable(AudienceReport r, Words w, Fmt f, int limit, boolean byOwner) {
        int days = r.options().followUpDays();
        List<List<Cell>> rows = new ArrayList<>();
        for (FollowUp lead : r.waiting().subList(0, Math.min(limit, r.waiting().size()))) {
            long waited = lead.daysWaiting(r.generatedAt());
            rows.add(List.of(leadCell(lead, r), Cell.of(orUnknown(byOwner ? lead.owner() : lead.form(), w)), Cell.of(orUnknown(lead.source(), w)),
                    new Cell(f.integer(waited), waited > 2L * days ? Tone.BAD : Tone.NORMAL)));
        }
        int more = r.waiting().size() - rows.size();
        return new Table(List.of(w.t("col.lead"), w.t(byOwner ? "col.owner" : "col.form"), w.t("col.source"), w.t("col.days")), rows,
                more > 0 || r.waitingTruncated() ? w.t("sec.followups.more", more + (r.waitingTruncated() ? "+" : "")) : null);
    }

    /** A lead's id, linked to its record in the CRM where the CRM has a link pattern. */
    private static Cell leadCell(FollowUp lead, AudienceReport r) {
        return new Cell(lead.leadId(), Tone.NORMAL, r.options().crmLinks().of(lead.leadId()).orElse(null));
    }

    /** A ratio over fewer than {@code minGroup} cases says so in words (greyed too, in the HTML). */
    private static Cell rateCell(Ratio ratio, RatioKind kind, int minGroup, Words w, Fmt f) {
        boolean few = ratio.denominator() < minGroup;
        return new Cell(f.withCounts(ratio, kind) + (few ? ", " + w.t("small.sample") : ""), few ? Tone.MUTED : Tone.NORMAL);
    }

    /** A view under the minimum group size is counted in that view's "other" row (null in the model). */
    private static Cell segmentCell(Ratio view, String noMqls, Words w, Fmt f) {
        return view == null ? new Cell(w.t("seg.in_other"), Tone.MUTED) : Cell.of(f.withCounts(view, noMqls));
    }

    private static String orUnknown(String s, Words w) {
        return s == null ? w.t("unknown") : s;
    }

    private static Bars reasonBars(List<ReasonCount> reasons, Words w, Fmt f) {
        long total = reasons.stream().mapToLong(ReasonCount::count).sum();
        long max = reasons.stream().mapToLong(ReasonCount::count).max().orElse(1);
        List<Bar> bars = new ArrayList<>();
        for (ReasonCount x : reasons.subList(0, Math.min(MAX_ROWS, reasons.size()))) {
            bars.add(new Bar(w.value(x.reason()), (double) x.count() / max,
                    f.withCountsOrNa(new Ratio(x.count(), total)), Tone.NORMAL));
        }
        return new Bars(bars, null);
    }

    // ---------------------------------------------------------------- marketing

    private void marketingSections(AudienceReport r, Words w, Fmt f, List<Block> blocks) {
        FunnelReport fr = r.funnel();
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
            for (SegmentView v : seg.rows().subList(0, Math.min(MAX_ROWS, seg.rows().size()))) {
                List<Cell> row = new ArrayList<>(List.of(Cell.of(w.value(v.value())), segmentCell(v.period(), noMqls, w, f)));
                if (lagged) row.add(segmentCell(v.lagged(), noMqls, w, f));
                row.add(segmentCell(v.cohort(), noMqls, w, f));
                rows.add(row);
            }
            List<String> header = new ArrayList<>(List.of(capitalize(w.dimension(seg.dimension()), w), w.t("col.period") + " " + p.label()));
            if (lagged) header.add(w.t("col.lagged") + " " + lag.mqlPeriod().label());
            header.add(w.t("col.cohort") + " " + cohort.mqlPeriod().label());
            int more = seg.rows().size() - rows.size();
            blocks.add(new Table(header, rows, more > 0 ? w.t("sec.segments.more", more) : null));
        }

        blocks.add(new Heading(w.t("sec.disq")));
        if (fr.disqualificationReasons().isEmpty()) blocks.add(new Paragraph(w.t("sec.disq.none"), Tone.NORMAL));
        else blocks.add(reasonBars(fr.disqualificationReasons(), w, f));

        Optional<Breakdown> qualified = fr.breakdown(RatioKind.QUALIFIED_LEADS_TO_CLOSE, Dimension.SOURCE);
        blocks.add(new Heading(w.t("sec.qltc")));
        List<List<Cell>> q = new ArrayList<>();
        qualified.ifPresent(b -> {
            for (BreakdownRow row : b.rows()) q.add(List.of(Cell.of(w.value(row.value())), Cell.of(f.withCounts(row.ratio(), b.kind()))));
        });
        q.add(List.of(new Cell("= " + w.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE), Tone.MUTED),
                Cell.of(f.withCounts(fr.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE).current(), RatioKind.QUALIFIED_LEADS_TO_CLOSE))));
        blocks.add(new Table(List.of(w.t("col.source"), w.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE)), q, null));

        blocks.add(new Heading(w.t("sec.wins")));
        List<List<Cell>> wins = new ArrayList<>();
        for (WinFactor x : fr.whatWins()) {
            if (x.suggestion() == null) continue;
            wins.add(List.of(Cell.of(w.dimension(x.attribute()) + " = " + x.value()),
                    Cell.of(w.t("win.rate", f.withCountsOrNa(new Ratio(x.won(), x.closed())), f.withCountsOrNa(x.overall()))),
                    Cell.of(capitalize(winAdvice(x, w), w))));
        }
        if (wins.isEmpty()) blocks.add(new Paragraph(w.t("sec.wins.none", r.minDealsForSuggestion()), Tone.NORMAL));
        else blocks.add(new Table(List.of(w.t("col.leads.with"), w.t("col.winrate"), w.t("col.suggestion")), wins, w.t("sec.wins.note")));
        blocks.add(new Paragraph(w.t("sec.wins.definition", fr.qualifiedLeadDefinition()), Tone.MUTED));

        int days = r.options().followUpDays();
        blocks.add(new Heading(w.t("sec.neverworked", days)));
        if (r.waiting().isEmpty()) {
            blocks.add(new Paragraph(w.t("sec.neverworked.none", days), Tone.NORMAL));
        } else {
            Map<String, Long> bySource = new LinkedHashMap<>();
            r.waiting().forEach(x -> bySource.merge(orUnknown(x.source(), w), 1L, Long::sum));
            long max = bySource.values().stream().mapToLong(Long::longValue).max().orElse(1);
            List<Bar> bars = new ArrayList<>();
            bySource.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> bars.add(new Bar(e.getKey(), (double) e.getValue() / max, f.integer(e.getValue()), Tone.NORMAL)));
            blocks.add(new Bars(bars, null));
            blocks.add(waitingTable(r, w, f, 5, false));
        }

        blocks.add(new Heading(w.t("sec.funnel")));
        blocks.add(funnelBars(fr, w, f));
    }

    private static String capitalize(String s, Words w) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(w.locale()) + s.substring(1);
    }

    // ---------------------------------------------------------------- shared tables

    static Table ratiosTable(FunnelReport fr, Words w, Fmt f) {
        List<List<Cell>> rows = new ArrayList<>();
        for (RatioLine line : fr.ratios()) {
            Comparison avg4 = line.comparisons().stream().filter(c -> c.against().startsWith("trailing 4")).findFirst().orElse(line.previous());
            Tone tone = line.verdict() == Verdict.BELOW ? Tone.BAD : Tone.NORMAL;
            rows.add(List.of(Cell.of(w.ratio(line.kind())), Cell.of(f.withCounts(line.current(), line.kind())),
                    Cell.of(f.change(line.previous())), Cell.of(f.change(avg4)), new Cell(f.benchmark(line), tone)));
        }
        return new Table(List.of(w.t("col.ratio"), w.t("col.this"), w.t("col.previous"), w.t("col.avg4"), w.t("col.benchmark")),
                rows, w.t("sec.ratios.note"));
    }

    private static Table definitions(FunnelReport fr, Words w) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.of(w.t("def.qualified")), Cell.of(fr.qualifiedLeadDefinition())));
        for (RatioKind kind : RatioKind.values()) rows.add(List.of(Cell.of(w.ratio(kind)), Cell.of(w.formula(kind))));
        return new Table(List.of(w.t("col.term"), w.t("col.meaning")), rows, null);
    }
}
