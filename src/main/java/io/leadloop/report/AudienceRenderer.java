package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.RatioKind;
import io.leadloop.settings.Audience;

/**
 * Writes each side its own email. Both open with the {@link Briefing} in plain sentences (what to do first, what
 * changed, against benchmark and goal, the breakdown that moved most), then the numbers behind them, each ratio with
 * its counts: {@link SalesEmail}, {@link MarketingEmail}; an empty period gets an {@link EmptyPeriodNote} saying why
 * instead of a page of zeros, and a ratio that left its band an {@link AlertEmail}.
 */
public final class AudienceRenderer {

    /** The ratio the subject line and the first sentence are about. */
    public static RatioKind headline(Audience.Kind kind) {
        return Briefing.headline(kind);
    }

    public Email render(AudienceReport r) {
        Blocks b = new Blocks(r);
        Words w = b.w;
        FunnelReport fr = r.funnel();
        RatioKind k = headline(r.audience().kind());
        String title = b.title();
        String headline = w.ratio(k) + " " + b.f.withCounts(fr.ratio(k).current(), k);
        String subject = (r.health().broken() ? w.t("subject.broken") : "")
                + w.t(fr.isEmpty() ? "subject.empty" : "subject.report", title, fr.period().label(), headline);
        Briefing briefing = Briefing.of(r);
        Doc doc = fr.isEmpty() ? EmptyPeriodNote.doc(b, briefing)
                : r.audience().kind() == Audience.Kind.SALES ? SalesEmail.doc(b, briefing) : MarketingEmail.doc(b, briefing);
        return email(r, title, subject, doc, "report");
    }

    /** The off-cycle alert: {@code kind} left {@code band} in the period so far. */
    public Email renderAlert(AudienceReport r, RatioKind kind, Band band) {
        Blocks b = new Blocks(r);
        AlertEmail.Alert alert = AlertEmail.of(b, kind, band);
        return email(r, b.title(), alert.subject(), alert.doc(), "alert-" + CsvExport.key(kind));
    }

    /** The From line's display name says who sends it and which report it is, before the subject is read. */
    private static Email email(AudienceReport r, String title, String subject, Doc doc, String csvWhat) {
        return new Email("leadloop · " + title, subject, HtmlWriter.write(doc), TextWriter.write(doc), CsvExport.of(r),
                "leadloop-" + r.audience().id() + "-" + csvWhat + "-" + r.funnel().period().label() + ".csv", r.audience().language());
    }
}
