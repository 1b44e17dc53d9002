package io.leadloop.report;

import io.leadloop.funnel.Move;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.Verdict;
import io.leadloop.report.Briefing.ActOnWin;
import io.leadloop.report.Briefing.Action;
import io.leadloop.report.Briefing.Advice;
import io.leadloop.report.Briefing.BelowBand;
import io.leadloop.report.Briefing.Cause;
import io.leadloop.report.Briefing.Finding;
import io.leadloop.report.Briefing.FirstPeriod;
import io.leadloop.report.Briefing.FixBottleneck;
import io.leadloop.report.Briefing.FollowUpWaiting;
import io.leadloop.report.Briefing.HeadlineChange;
import io.leadloop.report.Briefing.HeadlineNotComparable;
import io.leadloop.report.Briefing.KeepGoing;
import io.leadloop.report.Briefing.NeverWorked;
import io.leadloop.report.Briefing.NoSingleCause;
import io.leadloop.report.Briefing.RestoreData;
import io.leadloop.report.Briefing.SecondRatio;
import io.leadloop.report.Briefing.Standing;
import io.leadloop.report.Briefing.TopDisqualificationReason;
import io.leadloop.settings.Audience;
import java.util.List;
import java.util.Locale;

/** A report's {@link Briefing} in its reader's words: the action as one sentence, each finding as one more. */
final class BriefingWords {

    private final Blocks b;
    private final Words w;
    private final Fmt f;
    private final Period p;

    BriefingWords(Blocks blocks) {
        this.b = blocks;
        this.w = blocks.w;
        this.f = blocks.f;
        this.p = blocks.funnel.period();
    }

    /** What a full report asks for first; an empty period's note says why it is empty instead. */
    String action(Action action) {
        return w.capitalize(actionPhrase(action));
    }

    private String actionPhrase(Action action) {
        if (action instanceof RestoreData a) {
            return a.silentDays() == null ? w.t("next.broken.never", a.lookedBackDays()) : w.t("next.broken", a.silentDays());
        }
        if (action instanceof FollowUpWaiting a) {
            return w.t(a.leads() == 1 && !a.truncated() ? "next.followups.one" : "next.followups", Blocks.count(a.leads(), a.truncated()),
                    a.followUpDays(), a.oldestLeadId(), b.owner(a.oldestOwner()), a.oldestDaysWaiting());
        }
        if (action instanceof FixBottleneck a) {
            return w.t("next.bottleneck", b.stepName(a.from(), a.to()), f.withCountsOrNa(a.nextStep()), f.withCountsOrNa(a.trailingAverage()));
        }
        if (action instanceof BelowBand a) return w.t("next.belowband", w.ratio(a.ratio()));
        if (action instanceof ActOnWin a) return winFinding(a) + ": " + advice(a.advice()) + ".";
        if (action instanceof TopDisqualificationReason a) {
            return w.t("next.reason", w.value(a.reason()), f.withCountsOrNa(new Ratio(a.count(), a.total())), w.t("next.reason.action"));
        }
        if (action instanceof NeverWorked a) {
            return a.leads() == 1 && !a.truncated() ? w.t("next.neverworked.one") : w.t("next.neverworked", Blocks.count(a.leads(), a.truncated()));
        }
        if (action instanceof KeepGoing) return w.t(b.report.audience().kind() == Audience.Kind.SALES ? "next.keep" : "next.marketing.keep");
        throw new IllegalArgumentException("a full report's briefing has no " + action);
    }

    List<String> findings(List<Finding> findings) {
        return findings.stream().map(this::finding).toList();
    }

    private String finding(Finding finding) {
        if (finding instanceof HeadlineChange c) {
            String direction = c.flat() ? w.t("intro.flat")
                    : w.t(c.changePoints() > 0 ? "intro.up" : "intro.down", f.decimal(Math.abs(c.changePoints())));
            return w.t(c.withinNoise() ? "intro.changed.noise" : "intro.changed", w.ratio(c.ratio()), f.withCounts(c.value(), c.ratio()),
                    w.periodPhrase(p), direction, f.withCounts(c.previous(), c.ratio()), w.previousPeriod(p));
        }
        if (finding instanceof HeadlineNotComparable c) {
            return w.t("intro.against", w.ratio(c.ratio()), f.withCounts(c.value(), c.ratio()), w.periodPhrase(p),
                    f.withCounts(c.previous(), c.ratio()), w.previousPeriod(p));
        }
        if (finding instanceof FirstPeriod c) return w.t("intro.first", w.ratio(c.ratio()), f.withCounts(c.value(), c.ratio()), w.periodPhrase(p));
        if (finding instanceof Standing s) return standing(s);
        if (finding instanceof SecondRatio s) return secondRatio(s);
        if (finding instanceof Cause c) {
            Move m = c.move();
            RatioKind k = m.kind();
            return w.t("intro.why", w.dimension(m.dimension()), b.value(m.dimension(), m.value()), f.withCounts(m.now(), k), f.withCounts(m.before(), k),
                    w.previousPeriod(p), w.ratio(k), f.percent(m.withoutChangePercent()));
        }
        if (finding instanceof NoSingleCause) return w.t("intro.why.none");
        throw new IllegalArgumentException("no words for " + finding);
    }

    /** Whether the ratio has a band to stand against: not without a benchmark, nor without a denominator. */
    private static boolean banded(Verdict verdict) {
        return verdict != Verdict.NO_BENCHMARK && verdict != Verdict.NO_DATA;
    }

    private String standing(Standing s) {
        if (!banded(s.verdict())) {
            return s.wonValueGoal() == null ? w.t("intro.nogoal.only", f.money(s.wonValue()))
                    : w.t("intro.goal.only", f.money(s.wonValue()), f.percent(s.goalPercent()), f.money(s.wonValueGoal()));
        }
        String band = w.t("intro.band." + s.verdict().name().toLowerCase(Locale.ROOT), f.bandRange(s.band()));
        return band + (s.wonValueGoal() == null ? w.t("intro.nogoal", f.money(s.wonValue()))
                : w.t("intro.goal", f.money(s.wonValue()), f.percent(s.goalPercent()), f.money(s.wonValueGoal())));
    }

    private String secondRatio(SecondRatio s) {
        String value = f.withCounts(s.value(), s.ratio());
        String key = switch (s.verdict()) {
            case BELOW -> "intro.second.below";
            case WITHIN -> "intro.second.within";
            case ABOVE -> "intro.second.above";
            case NO_BENCHMARK -> "intro.second.none";
            case NO_DATA -> "intro.second.nodata";
        };
        return banded(s.verdict()) ? w.t(key, w.ratio(s.ratio()), value, f.bandRange(s.band())) : w.t(key, w.ratio(s.ratio()), value);
    }

    /**
     * "leads with form = demo-request closed 50.0% (6 / 12) of their deals, against 20.0% (12 / 60) overall". The analysis
     * only sets a suggestion where the value's 95% interval excludes the overall rate, so this is written only then.
     */
    private String winFinding(ActOnWin a) {
        return w.t("win.finding", w.dimension(a.attribute()), a.value(), f.withCountsOrNa(new Ratio(a.won(), a.closed())),
                f.withCountsOrNa(a.overall()));
    }

    String advice(Advice advice) {
        return w.t(advice == Advice.INCLUDE ? "win.include" : "win.exclude");
    }
}
