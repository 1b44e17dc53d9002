package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.DataHealth;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.FunnelReport.ReasonCount;
import io.leadloop.funnel.FunnelReport.StageStep;
import io.leadloop.funnel.FunnelReport.WinFactor;
import io.leadloop.funnel.Move;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.Stage;
import io.leadloop.funnel.Verdict;
import io.leadloop.settings.Audience;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an audience's email opens with, as data: the one thing to do first, then what changed, where it stands and
 * why. The email puts it into words; the report JSON keeps it as it is, so a tool reads the same advice the reader
 * got. An empty period's briefing has no findings: its action is restoring the data, or none when the CRM was quiet.
 */
public record Briefing(Action action, List<Finding> findings) {

    public Briefing {
        findings = List.copyOf(findings);
    }

    /** The one concrete thing to do first. */
    public sealed interface Action permits RestoreData, QuietPeriod, FollowUpWaiting, FixBottleneck, BelowBand, ActOnWin,
            TopDisqualificationReason, NeverWorked, KeepGoing {}

    /** What changed, against benchmark and goal, and why. */
    public sealed interface Finding permits HeadlineChange, HeadlineNotComparable, FirstPeriod, Standing, SecondRatio, Cause,
            NoSingleCause {}

    /** No webhook event for {@link DataHealth#maxSilentDays()} or more; {@code lastEventDay} and {@code silentDays} null when none was seen. */
    public record RestoreData(LocalDate lastEventDay, Long silentDays, int lookedBackDays) implements Action {}

    /** A period without funnel activity while events keep arriving: the CRM was quiet, nothing to act on. */
    public record QuietPeriod(LocalDate lastEventDay) implements Action {}

    /** Qualified leads nobody worked for more than {@code followUpDays}; the oldest of them first. */
    public record FollowUpWaiting(int leads, boolean truncated, int followUpDays, String oldestLeadId, String oldestOwner,
                                  long oldestDaysWaiting) implements Action {}

    /** The step that fell most below its 4-period average. */
    public record FixBottleneck(Stage from, Stage to, Ratio nextStep, Ratio trailingAverage, Double dropPoints) implements Action {}

    /** The headline ratio is below its benchmark band. */
    public record BelowBand(RatioKind ratio, Ratio value, Band band) implements Action {}

    /** A value whose win rate's 95% interval excludes the overall one: the qualified-lead definition should follow it. */
    public record ActOnWin(String attribute, String value, long won, long closed, Ratio overall, Advice advice) implements Action {}

    /** Why sales disqualified leads, the first reason: {@code count} of {@code total} disqualified leads. */
    public record TopDisqualificationReason(String reason, long count, long total) implements Action {}

    /** Qualified leads nobody worked, to raise with sales. */
    public record NeverWorked(int leads, boolean truncated) implements Action {}

    /** Nothing needs attention. */
    public record KeepGoing() implements Action {}

    /** Include a winning value in the qualified-lead definition, or leave a losing one out. */
    public enum Advice {
        INCLUDE, EXCLUDE;

        /** Above the overall rate when even the interval's low end is. */
        public static Advice of(WinFactor x) {
            return x.interval().low() > x.overallRate() ? INCLUDE : EXCLUDE;
        }
    }

    /** The headline ratio against the previous period. */
    public record HeadlineChange(RatioKind ratio, Ratio value, Ratio previous, double changePoints, boolean withinNoise)
            implements Finding {
        /** Under 0.05 points, which the email's one decimal would print as no change. */
        public boolean flat() {
            return Math.abs(changePoints) < 0.05;
        }
    }

    /** The headline ratio is undefined this period (a zero denominator) while the previous period's is not. */
    public record HeadlineNotComparable(RatioKind ratio, Ratio value, Ratio previous) implements Finding {}

    /** No earlier period to compare the headline ratio with. */
    public record FirstPeriod(RatioKind ratio, Ratio value) implements Finding {}

    /**
     * Sales' headline ratio against its band, and won value against its goal. {@code verdict} is {@code NO_BENCHMARK}
     * or {@code NO_DATA} when there is no band to stand against; {@code wonValueGoal} and {@code goalPercent} null
     * without a goal.
     */
    public record Standing(RatioKind ratio, Ratio value, Verdict verdict, Band band, BigDecimal wonValue, BigDecimal wonValueGoal,
                           Double goalPercent) implements Finding {}

    /** Marketing's second ratio, qualified-leads-to-close, against its band. */
    public record SecondRatio(RatioKind ratio, Ratio value, Verdict verdict, Band band) implements Finding {}

    /** The breakdown value that moved the headline ratio most, given only for a change chance alone does not explain. */
    public record Cause(Move move) implements Finding {}

    /** A real change no single source, campaign, form or rep explains. */
    public record NoSingleCause(RatioKind ratio) implements Finding {}

    /** The ratio the subject line and the first sentence are about. */
    public static RatioKind headline(Audience.Kind kind) {
        return kind == Audience.Kind.SALES ? RatioKind.LEADS_TO_CLOSE : RatioKind.MQL_TO_SQL;
    }

    /** A change that could be chance is no real change: naming the group that "moved" it would explain noise. */
    public static boolean real(Comparison c) {
        return c.changePoints() != null && !c.withinNoise();
    }

    public static Briefing of(AudienceReport r) {
        DataHealth h = r.health();
        if (r.funnel().isEmpty()) {
            return new Briefing(h.broken() ? restore(h) : new QuietPeriod(h.lastEventDay()), List.of());
        }
        boolean sales = r.audience().kind() == Audience.Kind.SALES;
        FunnelReport fr = r.funnel();
        RatioLine line = fr.ratio(headline(r.audience().kind()));
        List<Finding> findings = new ArrayList<>();
        findings.add(change(line));
        findings.add(sales ? standing(fr, line) : secondRatio(fr.ratio(RatioKind.QUALIFIED_LEADS_TO_CLOSE)));
        if (real(line.previous())) {
            findings.add(fr.mover(line.kind()).<Finding>map(Cause::new).orElse(new NoSingleCause(line.kind())));
        }
        return new Briefing(sales ? salesAction(r, line) : marketingAction(r), findings);
    }

    private static Finding change(RatioLine line) {
        Comparison c = line.previous();
        if (c.changePoints() != null) return new HeadlineChange(line.kind(), line.current(), c.other(), c.changePoints(), c.withinNoise());
        if (c.other().defined()) return new HeadlineNotComparable(line.kind(), line.current(), c.other());
        return new FirstPeriod(line.kind(), line.current());
    }

    private static Standing standing(FunnelReport fr, RatioLine line) {
        var m = fr.related();
        return new Standing(line.kind(), line.current(), line.verdict(), line.band(), m.wonValue(), m.wonValueGoal(), m.goalPercent());
    }

    private static SecondRatio secondRatio(RatioLine line) {
        return new SecondRatio(line.kind(), line.current(), line.verdict(), line.band());
    }

    private static RestoreData restore(DataHealth h) {
        return new RestoreData(h.lastEventDay(), h.silentDays(), h.lookedBackDays());
    }

    /** The first of: restore the data, follow up the waiting leads, fix the weakest step, review the losses. */
    private static Action salesAction(AudienceReport r, RatioLine headline) {
        if (r.health().broken()) return restore(r.health());
        if (!r.waiting().isEmpty()) {
            FollowUp oldest = r.waiting().get(0);
            return new FollowUpWaiting(r.waiting().size(), r.waitingTruncated(), r.options().followUpDays(), oldest.leadId(),
                    oldest.owner(), oldest.daysWaiting(r.generatedAt()));
        }
        StageStep b = r.funnel().bottleneck();
        if (b != null) return new FixBottleneck(b.from(), b.to(), b.nextStep(), b.trailingAverage(), b.dropPoints());
        if (headline.verdict() == Verdict.BELOW) return new BelowBand(headline.kind(), headline.current(), headline.band());
        return new KeepGoing();
    }

    /** The first of: restore the data, a clearly significant what-wins finding, the top reason, the leads never worked. */
    private static Action marketingAction(AudienceReport r) {
        if (r.health().broken()) return restore(r.health());
        Optional<WinFactor> win = r.funnel().whatWins().stream().filter(x -> x.suggestion() != null).findFirst();
        if (win.isPresent()) {
            WinFactor x = win.get();
            return new ActOnWin(x.attribute(), x.value(), x.won(), x.closed(), x.overall(), Advice.of(x));
        }
        List<ReasonCount> reasons = r.funnel().disqualificationReasons();
        if (!reasons.isEmpty()) {
            return new TopDisqualificationReason(reasons.get(0).reason(), reasons.get(0).count(),
                    reasons.stream().mapToLong(ReasonCount::count).sum());
        }
        if (!r.waiting().isEmpty()) return new NeverWorked(r.waiting().size(), r.waitingTruncated());
        return new KeepGoing();
    }
}
