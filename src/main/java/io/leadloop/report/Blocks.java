package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.ReasonCount;
import io.leadloop.funnel.FunnelReport.TrendPoint;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts every email is built from, for one audience report in its language: the opening, ratio tiles, the trend
 * chart, funnel and reason bars, the waiting leads, the ratios and definitions tables, the footer.
 */
final class Blocks {

    static final int MAX_ROWS = 10;

    final AudienceReport report;
    final FunnelReport funnel;
    final Words w;
    final Fmt f;

    Blocks(AudienceReport report) {
        this.report = report;
        this.funnel = report.funnel();
        this.w = new Words(report.audience().language());
        this.f = new Fmt(w, report.options().currency());
    }

    String title() {
        return w.t("title." + report.audience().id());
    }

    String subtitle() {
        return w.period(funnel.period()) + " · " + funnel.timezone();
    }

    /** What a reader can do about the email: who it goes to, and how to change or stop it. */
    String footer(String key) {
        return w.t(key) + " " + w.t("footer.subscription", report.audience().id());
    }

    /**
     * A full report: a data warning when the data stopped, what to do, the findings, the tiles and the trend, the
     * audience's own sections, then every ratio and the definitions.
     */
    Doc report(Briefing briefing, Tiles tiles, List<RatioKind> trendRatios, List<Block> sections) {
        BriefingWords words = new BriefingWords(this);
        List<Block> blocks = new ArrayList<>();
        if (briefing.action() instanceof Briefing.RestoreData restore) {
            blocks.add(new Callout(w.t("health.title"), restore.silentDays() == null ? w.t("health.never", restore.lookedBackDays())
                    : w.t("health.silent", w.date(restore.lastEventDay()), restore.silentDays()), Tone.WARNING));
        }
        blocks.addAll(reconciliationWarnings());
        List<String> before = beforeHistory();
        if (!before.isEmpty()) blocks.add(new Paragraph(String.join(" ", before), Tone.MUTED));
        f.unconverted(funnel.related()).ifPresent(note -> blocks.add(new Callout(w.t("currency.title"), note, Tone.WARNING)));
        String action = words.action(briefing.action());
        blocks.add(new Callout(w.t("todo.title"), action, Tone.NORMAL));
        blocks.add(new Paragraph(String.join(" ", words.findings(briefing.findings())), Tone.NORMAL));
        blocks.add(tiles);
        blocks.add(new Heading(w.t("sec.trend." + funnel.period().kind().name().toLowerCase(Locale.ROOT), report.trend().size())));
        blocks.add(trend(trendRatios));
        blocks.addAll(sections);
        blocks.add(new Heading(w.t("sec.ratios")));
        blocks.add(ratiosTable());
        blocks.add(new Heading(w.t("sec.definitions")));
        blocks.add(definitions());
        return new Doc(report.audience().language(), title(), subtitle(), action, blocks, footer("footer"));
    }

    /** A warning for each source whose nightly reconciliation stopped finishing: its lost webhooks stay lost. */
    List<Block> reconciliationWarnings() {
        List<Block> warnings = new ArrayList<>();
        for (SourceHistory source : report.history()) {
            if (!source.reconciliationStale()) continue;
            Instant last = source.lastReconciliationAt();
            String text = last == null ? w.t("history.stale.never", w.crm(source.source()), SourceHistory.STALE_AFTER.toDays())
                    : w.t("history.stale", w.crm(source.source()), w.date(LocalDate.ofInstant(last, zone())),
                            ChronoUnit.DAYS.between(last, report.generatedAt()));
            warnings.add(new Callout(w.t("history.stale.title"), text, Tone.WARNING));
        }
        return warnings;
    }

    /** For each source whose history starts after the first day the email shows: why the days before show nothing of it. */
    List<String> beforeHistory() {
        String earlier = "history.before." + funnel.period().kind().name().toLowerCase(Locale.ROOT);
        return report.history().stream().filter(source -> source.startsAfter(report.firstDayShown()))
                .map(source -> w.t(earlier, w.crm(source.source()), w.date(source.from()))).toList();
    }

    private ZoneId zone() {
        return ZoneId.of(funnel.timezone());
    }

    Tile ratioTile(RatioKind kind) {
        RatioLine line = funnel.ratio(kind);
        Comparison c = line.previous();
        Tone tone = c.changePoints() == null || c.withinNoise() ? Tone.MUTED : c.changePoints() >= 0 ? Tone.GOOD : Tone.BAD;
        String change = c.changePoints() == null ? w.t("change.none")
                : f.change(c) + " · " + w.t("tile.previous", f.withCountsOrNa(c.other()));
        String value = line.current().defined() ? f.percent(line.current(), "") : w.t("na.short");
        String counts = line.current().defined() ? "(" + f.counts(line.current()) + ")" : w.noDenominator(line.kind());
        return new Tile(w.ratio(line.kind()), value, counts, line.band() == null ? "" : f.band(line.band()), change, tone);
    }

    Trend trend(List<RatioKind> kinds) {
        List<Series> series = new ArrayList<>();
        Period current = funnel.period();
        for (RatioKind kind : kinds) {
            List<Point> points = new ArrayList<>();
            for (TrendPoint tp : report.trend()) {
                Ratio ratio = tp.ratio(kind);
                points.add(new Point(w.shortPeriod(tp.period()), ratio.defined() ? ratio.percent().getAsDouble() : null,
                        ratio.defined() ? f.percent(ratio, "") : "–", f.counts(ratio),
                        tp.period().equals(current)));
            }
            Band band = funnel.ratio(kind).band();
            series.add(new Series(w.ratio(kind), band == null ? null : f.band(band), points));
        }
        return new Trend(series, w.t("sec.trend.note"));
    }

    /** Each stage's count and the step into it; the bottleneck's bar marked. */
    Bars funnelBars() {
        StageCounts c = funnel.current();
        long[] counts = {c.leads(), c.mqls(), c.sqls(), c.opportunities(), c.customers()};
        long max = 1;
        for (long n : counts) max = Math.max(max, n);
        List<Bar> bars = new ArrayList<>();
        Stage[] stages = Stage.values();
        for (int i = 0; i < stages.length; i++) {
            String value = f.integer(counts[i]);
            if (i > 0) value += " · " + f.withCountsOrNa(funnel.steps().get(i - 1).nextStep());
            bars.add(new Bar(w.stage(stages[i]), (double) counts[i] / max, value,
                    funnel.bottleneck() != null && i > 0 && funnel.steps().get(i - 1) == funnel.bottleneck() ? Tone.BAD : Tone.NORMAL));
        }
        return new Bars(bars, w.t("sec.funnel.note"));
    }

    Bars reasonBars(List<ReasonCount> reasons) {
        long total = reasons.stream().mapToLong(ReasonCount::count).sum();
        long max = reasons.stream().mapToLong(ReasonCount::count).max().orElse(1);
        List<Bar> bars = new ArrayList<>();
        for (ReasonCount x : reasons.subList(0, Math.min(MAX_ROWS, reasons.size()))) {
            bars.add(new Bar(w.value(x.reason()), (double) x.count() / max,
                    f.withCountsOrNa(new Ratio(x.count(), total)), Tone.NORMAL));
        }
        return new Bars(bars, null);
    }

    /**
     * The leads waiting longest, each linked to its CRM record: with its owner for sales, who works them; with its
     * form for marketing, who brought them in. Days over twice the follow-up time are marked.
     */
    Table waitingTable(int limit, boolean byOwner) {
        int days = report.options().followUpDays();
        List<List<Cell>> rows = new ArrayList<>();
        for (FollowUp lead : report.waiting().subList(0, Math.min(limit, report.waiting().size()))) {
            long waited = lead.daysWaiting(report.generatedAt());
            rows.add(List.of(leadCell(lead), Cell.of(byOwner ? owner(lead.owner()) : orUnknown(lead.form())), Cell.of(orUnknown(lead.source())),
                    new Cell(f.integer(waited), waited > 2L * days ? Tone.BAD : Tone.NORMAL)));
        }
        int more = report.waiting().size() - rows.size();
        return new Table(List.of(w.t("col.lead"), w.t(byOwner ? "col.owner" : "col.form"), w.t("col.source"), w.t("col.days")), rows,
                more > 0 || report.waitingTruncated() ? w.t("sec.followups.more", count(more, report.waitingTruncated())) : null);
    }

    /** A lead's id, linked to its record in the CRM where the CRM has a link pattern. */
    private Cell leadCell(FollowUp lead) {
        return new Cell(lead.leadId(), Tone.NORMAL, report.options().crmLinks().of(lead.leadId()).orElse(null));
    }

    Table ratiosTable() {
        List<List<Cell>> rows = new ArrayList<>();
        for (RatioLine line : funnel.ratios()) {
            Comparison avg4 = line.comparisons().stream().filter(c -> c.against().startsWith("trailing 4")).findFirst().orElse(line.previous());
            Tone tone = line.verdict() == Verdict.BELOW ? Tone.BAD : Tone.NORMAL;
            rows.add(List.of(Cell.of(w.ratio(line.kind())), Cell.of(f.withCounts(line.current(), line.kind())),
                    Cell.of(f.change(line.previous())), Cell.of(f.change(avg4)), new Cell(f.benchmark(line), tone)));
        }
        return new Table(List.of(w.t("col.ratio"), w.t("col.this"), w.t("col.previous"), w.t("col.avg4"), w.t("col.benchmark")),
                rows, w.t("sec.ratios.note"));
    }

    private Table definitions() {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.of(w.t("def.qualified")), Cell.of(funnel.qualifiedLeadDefinition())));
        for (RatioKind kind : RatioKind.values()) rows.add(List.of(Cell.of(w.ratio(kind)), Cell.of(w.formula(kind))));
        return new Table(List.of(w.t("col.term"), w.t("col.meaning")), rows, null);
    }

    /** An owner as the reader knows them ({@link OwnerLabels#label}), or "unknown" when the lead has none. */
    String owner(String ownerId) {
        return ownerId == null ? w.t("unknown") : report.owners().label(ownerId);
    }

    /** A breakdown value as shown: an owner by name, "other" and "unknown" in the reader's words, CRM values as they are. */
    String value(String dimension, String value) {
        String shown = w.value(value);
        return shown.equals(value) && OwnerLabels.isOwnerDimension(dimension) ? report.owners().label(value) : shown;
    }

    String orUnknown(String s) {
        return s == null ? w.t("unknown") : s;
    }

    String stepName(Stage from, Stage to) {
        return w.stage(from) + " → " + w.stage(to);
    }

    /** "3" or, when more leads were waiting than were read, "3+". */
    static String count(int leads, boolean truncated) {
        return leads + (truncated ? "+" : "");
    }
}
