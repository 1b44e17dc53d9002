package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.Verdict;
import io.leadloop.report.Doc.Block;
import io.leadloop.report.Doc.Callout;
import io.leadloop.report.Doc.Heading;
import io.leadloop.report.Doc.Paragraph;
import io.leadloop.report.Doc.Tone;
import java.util.ArrayList;
import java.util.List;

/** The off-cycle alert: one ratio left its band in the period so far; why, if a real change has a cause, and its trend. */
final class AlertEmail {
    private AlertEmail() {}

    /** The subject and the document of the alert that {@code kind} left {@code band}. */
    record Alert(String subject, Doc doc) {}

    static Alert of(Blocks b, RatioKind kind, Band band) {
        Words w = b.w;
        Fmt f = b.f;
        FunnelReport fr = b.funnel;
        Period p = fr.period();
        Ratio ratio = fr.ratio(kind).current();
        String side = w.t(band.verdict(ratio) == Verdict.BELOW ? "alert.below" : "alert.above");
        String subject = w.t("subject.alert", w.t("audience." + b.report.audience().id()), p.label(), w.ratio(kind),
                f.withCounts(ratio, kind), side, f.bandRange(band));
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Callout(w.t("alert.title", w.ratio(kind)), w.t("alert.text", w.ratio(kind), f.withCounts(ratio, kind),
                w.periodPhrase(p), w.date(p.start()), w.date(b.report.health().today()), side, f.bandRange(band),
                w.t("alert.band.source", band.source())), Tone.ALERT));
        if (Briefing.real(fr.ratio(kind).previous())) fr.mover(kind).ifPresent(m -> blocks.add(new Paragraph(w.t("alert.why",
                w.dimension(m.dimension()), b.value(m.dimension(), m.value()), f.withCounts(m.now(), kind), f.withCounts(m.before(), kind),
                w.previousPeriod(p)), Tone.NORMAL)));
        blocks.add(b.trend(List.of(kind)));
        blocks.add(new Heading(w.t("sec.ratios")));
        blocks.add(b.ratiosTable());
        return new Alert(subject, new Doc(b.report.audience().language(), w.t("alert.title", w.ratio(kind)), b.subtitle(),
                subject, blocks, b.footer("footer")));
    }
}
