package io.leadloop.report;

import io.leadloop.report.Briefing.QuietPeriod;
import io.leadloop.report.Briefing.RestoreData;
import io.leadloop.report.Doc.Block;
import io.leadloop.report.Doc.Callout;
import io.leadloop.report.Doc.Tone;
import java.util.ArrayList;
import java.util.List;

/**
 * A period without funnel activity: a short note saying why instead of a page of zeros. Its briefing's action is
 * restoring the data or, while events keep arriving, none: {@link Briefing#of} gives it no other.
 */
final class EmptyPeriodNote {
    private EmptyPeriodNote() {}

    static Doc doc(Blocks b, Briefing briefing) {
        Words w = b.w;
        String why;
        if (briefing.action() instanceof RestoreData restore) {
            why = restore.lastEventDay() == null ? w.t("empty.why.never", restore.lookedBackDays())
                    : w.t("empty.why.silent", w.date(restore.lastEventDay()), restore.silentDays());
        } else {
            why = w.t("empty.why.quiet", w.date(((QuietPeriod) briefing.action()).lastEventDay()));
        }
        List<String> before = b.beforeHistory();
        String text = w.t("empty.text") + " " + why + (before.isEmpty() ? "" : " " + String.join(" ", before));
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Callout(w.t("empty.title"), text, briefing.action() instanceof RestoreData ? Tone.WARNING : Tone.NORMAL));
        blocks.addAll(b.reconciliationWarnings());
        return new Doc(b.report.audience().language(), b.title(), b.subtitle(), text, blocks, b.footer("footer.empty"));
    }
}
