package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.AnalysisSettings;
import io.leadloop.funnel.Benchmarks;
import io.leadloop.funnel.DataHealth;
import io.leadloop.funnel.FollowUp;
import io.leadloop.funnel.FunnelAnalysis;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.Stage;
import io.leadloop.funnel.Verdict;
import io.leadloop.json.Json;
import io.leadloop.report.Briefing.ActOnWin;
import io.leadloop.report.Briefing.Advice;
import io.leadloop.report.Briefing.BelowBand;
import io.leadloop.report.Briefing.Cause;
import io.leadloop.report.Briefing.FirstPeriod;
import io.leadloop.report.Briefing.FixBottleneck;
import io.leadloop.report.Briefing.FollowUpWaiting;
import io.leadloop.report.Briefing.HeadlineChange;
import io.leadloop.report.Briefing.HeadlineNotComparable;
import io.leadloop.report.Briefing.KeepGoing;
import io.leadloop.report.Briefing.NeverWorked;
import io.leadloop.report.Briefing.NoSingleCause;
import io.leadloop.report.Briefing.QuietPeriod;
import io.leadloop.report.Briefing.RestoreData;
import io.leadloop.report.Briefing.SecondRatio;
import io.leadloop.report.Briefing.Standing;
import io.leadloop.report.Briefing.TopDisqualificationReason;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Language;
import io.leadloop.settings.ReportOptions;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of the emails' opening, from hand-computed counters through the real funnel analysis: which action comes
 * first, what the findings say, and that the report JSON's briefing is what the email says. Reported on Monday
 * 23 November 2026 for week 47 (16–22 November), data arriving until Sunday unless a test stops it.
 */
@Unit
class BriefingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-23");
    private static final Period W47 = Period.parse("2026-W47");
    private static final DataHealth HEALTHY = new DataHealth(TODAY, LocalDate.parse("2026-11-22"), 180, 7, 120);

    private final Map<Period, Map<String, BigDecimal>> counters = new HashMap<>();
    private final List<FollowUp> waiting = new ArrayList<>();
    private DataHealth health = HEALTHY;

    private void put(String period, Object... namesAndCounts) {
        Map<String, BigDecimal> totals = counters.computeIfAbsent(Period.parse(period), p -> new HashMap<>());
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            totals.merge((String) namesAndCounts[i], new BigDecimal(namesAndCounts[i + 1].toString()), BigDecimal::add);
        }
    }

    private AudienceReport report(Audience.Kind kind) {
        var funnel = new FunnelAnalysis(AnalysisSettings.DEFAULT).analyse(W47, "Europe/Madrid",
                p -> new PeriodCounts(p, counters.getOrDefault(p, Map.of())), Map.of(), new PeriodCounts(W47, Map.of()));
        Audience audience = new Audience(kind, List.of(kind.id() + "@example.com"), "leadloop@example.com", PeriodKind.WEEK,
                Language.EN, ZoneId.of("Europe/Madrid"), Map.of());
        return new AudienceReport(audience, funnel, health, waiting, false, funnel.trend(), Set.of(), ReportOptions.DEFAULT,
                AnalysisSettings.DEFAULT.minGroupSize(), AnalysisSettings.DEFAULT.minDealsForSuggestion(), NOW, OwnerLabels.NONE, List.of());
    }

    private Briefing briefing(Audience.Kind kind) {
        return Briefing.of(report(kind));
    }

    private void waitingSince(String leadId, String day, String owner) {
        waiting.add(new FollowUp(leadId, Instant.parse(day + "T10:00:00Z"), owner, "referral", "q4-referral", "demo-request"));
    }

    /** 4 deals won of 48 leads (8.3%, below the 20–30% band); 24 MQLs, 7 SQLs against 40 of 84 over weeks 43–46. */
    private void aWeekBelowItsBandWithAWeakMqlToSqlStep() {
        for (String week : List.of("2026-W43", "2026-W44", "2026-W45", "2026-W46")) put(week, "lead", 45, "mql", 21, "sql", 10, "won", 7);
        put("2026-W47", "lead", 48, "mql", 24, "sql", 7, "won", 4);
    }

    @Test
    void salesIsToldFirstToRestoreTheDataThenToFollowUpThenToFixTheWeakestStepThenToReviewTheLosses() {
        aWeekBelowItsBandWithAWeakMqlToSqlStep();
        waitingSince("L-1004", "2026-11-18", "ana.garcia");
        waitingSince("L-1011", "2026-11-19", "ben.okafor");
        health = new DataHealth(TODAY, LocalDate.parse("2026-11-11"), 0, 7, 120);

        assertEquals(new RestoreData(LocalDate.parse("2026-11-11"), 12L, 120), briefing(Audience.Kind.SALES).action(),
                "nothing for 12 days: every number below is suspect, whatever else applies");

        health = HEALTHY;
        assertEquals(new FollowUpWaiting(2, false, 3, "L-1004", "ana.garcia", 4), briefing(Audience.Kind.SALES).action(),
                "the oldest waiting lead, qualified on the 18th at 10:00, has waited 4 whole days");

        waiting.clear();
        FixBottleneck step = assertInstanceOf(FixBottleneck.class, briefing(Audience.Kind.SALES).action());
        assertEquals(List.of(Stage.MQL, Stage.SQL, new Ratio(7, 24), new Ratio(40, 84)),
                List.of(step.from(), step.to(), step.nextStep(), step.trailingAverage()));
        assertEquals(100.0 * 40 / 84 - 100.0 * 7 / 24, step.dropPoints(), 1e-9, "47.6% on average, 29.2% now: 18.5 points");

        put("2026-W47", "sql", 5);
        assertEquals(new BelowBand(RatioKind.LEADS_TO_CLOSE, new Ratio(4, 48), Benchmarks.DEFAULT.bands().get(RatioKind.LEADS_TO_CLOSE)),
                briefing(Audience.Kind.SALES).action(), "12 of 24 MQLs became SQLs, above the average: no weak step, but 8.3% is below 20%");
    }

    @Test
    void dataThatNeverArrivedIsRestoredFirstOnBothSides() {
        put("2026-W47", "lead", 48, "won", 4);
        health = new DataHealth(TODAY, null, 0, 7, 120);
        for (Audience.Kind kind : Audience.Kind.values()) {
            assertEquals(new RestoreData(null, null, 120), briefing(kind).action(), kind.id());
        }
    }

    @Test
    void aWeekAboveItsBandWithNothingWaitingNeedsNothing() {
        put("2026-W46", "lead", 100, "won", 20);
        put("2026-W47", "lead", 100, "won", 40);
        assertEquals(new KeepGoing(), briefing(Audience.Kind.SALES).action());
    }

    @Test
    void marketingIsToldFirstToRestoreTheDataThenToActOnWhatWinsThenOnTheTopReasonThenOnTheLeadsNeverWorked() {
        // Over the 13-week window: 40 deals won of 100 closed; leads from the demo-request form won 30 of 40 (75%), whose
        // 95% interval (60–86%) lies above the 40% overall.
        put("2026-W47", "lead", 120, "mql", 60, "sql", 30, "won", 40, "lost", 60, "won|form=demo-request", 30, "lost|form=demo-request", 10,
                "disqualified|reason=just researching", 7, "disqualified|reason=no budget", 5);
        waitingSince("L-1004", "2026-11-18", null);
        health = new DataHealth(TODAY, LocalDate.parse("2026-11-11"), 0, 7, 120);

        assertInstanceOf(RestoreData.class, briefing(Audience.Kind.MARKETING).action());

        health = HEALTHY;
        assertEquals(new ActOnWin("form", "demo-request", 30, 40, new Ratio(40, 100), Advice.INCLUDE), briefing(Audience.Kind.MARKETING).action());

        put("2026-W47", "won|form=demo-request", -30, "lost|form=demo-request", -10);
        assertEquals(new TopDisqualificationReason("just researching", 7, 12), briefing(Audience.Kind.MARKETING).action(),
                "without a clear winner: the first of the 12 disqualifications' reasons");

        put("2026-W47", "disqualified|reason=just researching", -7, "disqualified|reason=no budget", -5);
        assertEquals(new NeverWorked(1, false), briefing(Audience.Kind.MARKETING).action());

        waiting.clear();
        assertEquals(new KeepGoing(), briefing(Audience.Kind.MARKETING).action());
    }

    @Test
    void aValueThatWinsLessThanTheRestIsAdvisedOut() {
        // 40 of 100 overall; webinar leads won 4 of 40 (10%, interval 4–23%).
        put("2026-W47", "lead", 120, "won", 40, "lost", 60, "won|source=webinar", 4, "lost|source=webinar", 36);
        ActOnWin win = assertInstanceOf(ActOnWin.class, briefing(Audience.Kind.MARKETING).action());
        assertEquals(List.of("source", "webinar", Advice.EXCLUDE), List.of(win.attribute(), win.value(), win.advice()));
    }

    @Test
    void aChangeWithinNoiseGetsNoCause() {
        // 4 of 48 against 7 of 45: down 7.2 points, but on these counts chance alone can do that.
        put("2026-W46", "lead", 45, "won", 7, "lead|source=webinar", 20, "won|source=webinar", 5);
        put("2026-W47", "lead", 48, "won", 4, "lead|source=webinar", 20, "won|source=webinar", 1);

        Briefing b = briefing(Audience.Kind.SALES);

        HeadlineChange change = assertInstanceOf(HeadlineChange.class, b.findings().get(0));
        assertEquals(List.of(RatioKind.LEADS_TO_CLOSE, new Ratio(4, 48), new Ratio(7, 45), true, false),
                List.of(change.ratio(), change.value(), change.previous(), change.withinNoise(), change.flat()));
        assertEquals(100.0 * 4 / 48 - 100.0 * 7 / 45, change.changePoints(), 0.05);
        assertEquals(new Standing(RatioKind.LEADS_TO_CLOSE, new Ratio(4, 48), Verdict.BELOW, Benchmarks.DEFAULT.bands().get(RatioKind.LEADS_TO_CLOSE),
                BigDecimal.ZERO, null, null), b.findings().get(1));
        assertEquals(2, b.findings().size(), "no cause, though webinar leads did move: " + b.findings());
    }

    @Test
    void aRealChangeIsExplainedByTheValueThatMovedItMost() {
        // 20 of 100 won, then 40 of 100: up 20 points; webinar leads went from 5 of 50 to 25 of 50, the rest stayed at 15 of 50.
        put("2026-W46", "lead", 100, "won", 20, "lead|source=webinar", 50, "won|source=webinar", 5, "lead|source=partner", 50, "won|source=partner", 15);
        put("2026-W47", "lead", 100, "won", 40, "lead|source=webinar", 50, "won|source=webinar", 25, "lead|source=partner", 50, "won|source=partner", 15);

        Briefing b = briefing(Audience.Kind.SALES);

        HeadlineChange change = assertInstanceOf(HeadlineChange.class, b.findings().get(0));
        assertFalse(change.withinNoise());
        assertEquals(20.0, change.changePoints(), 1e-9);
        assertEquals(Verdict.ABOVE, ((Standing) b.findings().get(1)).verdict(), "40% is above the 20–30% band");
        Cause cause = assertInstanceOf(Cause.class, b.findings().get(2));
        assertEquals(List.of("source", "webinar", new Ratio(5, 50), new Ratio(25, 50)),
                List.of(cause.move().dimension(), cause.move().value(), cause.move().before(), cause.move().now()));
        assertEquals(20.0, cause.move().withoutChangePercent(), 1e-9, "had webinar leads kept 5 of 50: 20 of 100");
    }

    @Test
    void aRealChangeNoBreakdownExplainsHasNoSingleCause() {
        put("2026-W46", "lead", 100, "won", 20);
        put("2026-W47", "lead", 100, "won", 40);
        assertEquals(new NoSingleCause(RatioKind.LEADS_TO_CLOSE), briefing(Audience.Kind.SALES).findings().get(2));
    }

    @Test
    void withoutAnEarlierValueTheHeadlineIsNotCompared() {
        put("2026-W47", "lead", 4, "mql", 2, "sql", 2, "won", 1, "lead|icp_fit=yes", 4, "won|icp_fit=yes", 1);
        Briefing marketing = briefing(Audience.Kind.MARKETING);
        assertEquals(List.of(new FirstPeriod(RatioKind.MQL_TO_SQL, new Ratio(2, 2)),
                new SecondRatio(RatioKind.QUALIFIED_LEADS_TO_CLOSE, new Ratio(1, 4), Verdict.BELOW,
                        Benchmarks.DEFAULT.bands().get(RatioKind.QUALIFIED_LEADS_TO_CLOSE))), marketing.findings(),
                "1 of 4 qualified leads won, below 30–50%");

        put("2026-W46", "lead", 10, "won", 2);
        put("2026-W47", "lead", -4);
        assertEquals(new HeadlineNotComparable(RatioKind.LEADS_TO_CLOSE, new Ratio(1, 0), new Ratio(2, 10)),
                briefing(Audience.Kind.SALES).findings().get(0), "no lead created this week: nothing to compare with 20%");
    }

    @Test
    void anEmptyPeriodWhoseDataKeepsArrivingHasNothingToActOn() {
        put("2026-W46", "lead", 45, "won", 7);
        waitingSince("L-1004", "2026-11-10", "ana.garcia");
        Briefing b = briefing(Audience.Kind.SALES);
        assertEquals(new Briefing(new QuietPeriod(LocalDate.parse("2026-11-22")), List.of()), b);
    }

    // ---------------------------------------------------------------- the JSON says what the email says

    /** A report's email text, flattened, and the briefing of its stored JSON. */
    private record Sent(String text, Map<String, Object> briefing) {
        @SuppressWarnings("unchecked")
        Map<String, Object> action() {
            return (Map<String, Object>) briefing.get("action");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> finding(int i) {
            return ((List<Map<String, Object>>) briefing.get("findings")).get(i);
        }
    }

    @SuppressWarnings("unchecked")
    private Sent render(Audience.Kind kind) throws Exception {
        AudienceReport r = report(kind);
        Email email = new AudienceRenderer().render(r);
        Map<String, Object> snapshot = (Map<String, Object>) Json.parse(Json.document(ReportJson.of(r, email.subject())));
        return new Sent(email.text().replaceAll("\\s+", " "), (Map<String, Object>) snapshot.get("briefing"));
    }

    /** A ratio's percent as the English email writes it, to one decimal. */
    @SuppressWarnings("unchecked")
    private static String percent(Map<String, Object> json, String ratio) {
        return oneDecimal((Map<String, Object>) json.get(ratio), "percent");
    }

    private static String oneDecimal(Map<String, Object> json, String key) {
        return oneDecimal(((Number) json.get(key)).doubleValue());
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSalesJsonBriefingIsWhatTheSalesEmailSays() throws Exception {
        put("2026-W46", "lead", 100, "won", 20, "lead|source=webinar", 50, "won|source=webinar", 5, "lead|source=partner", 50, "won|source=partner", 15);
        put("2026-W47", "lead", 100, "won", 40, "lead|source=webinar", 50, "won|source=webinar", 25, "lead|source=partner", 50, "won|source=partner", 15);
        waitingSince("L-1004", "2026-11-18", "ana.garcia");
        waitingSince("L-1011", "2026-11-19", "ben.okafor");
        Sent sent = render(Audience.Kind.SALES);
        String text = sent.text();

        Map<String, Object> action = sent.action();
        assertEquals("follow_up_waiting", action.get("kind"));
        assertTrue(text.contains("** What to do ** Follow up the " + action.get("leads") + " qualified leads waiting more than "
                + action.get("follow_up_days") + " days; the oldest, " + action.get("oldest_lead_id") + " (" + action.get("owner")
                + "), has waited " + action.get("days_waiting") + " days."), text);

        Map<String, Object> change = sent.finding(0);
        assertEquals(List.of("headline_change", "leads_to_close", false), List.of(change.get("kind"), change.get("ratio"), change.get("within_noise")));
        assertTrue(text.contains("Leads-to-Close was " + percent(change, "value") + "% (40 / 100) in week 47, up "
                + oneDecimal(change, "change_points") + " percentage points from " + percent(change, "previous") + "% (20 / 100) the week before."), text);

        Map<String, Object> standing = sent.finding(1);
        Map<String, Object> band = (Map<String, Object>) standing.get("benchmark");
        assertEquals(List.of("standing", "above"), List.of(standing.get("kind"), standing.get("verdict")));
        assertTrue(text.contains("That is above the " + ((Number) band.get("low_percent")).intValue() + "–"
                + ((Number) band.get("high_percent")).intValue() + "% benchmark; won value was €0 (no goal set)."), text);

        Map<String, Object> cause = sent.finding(2);
        assertEquals("cause", cause.get("kind"));
        assertTrue(text.contains("The largest move came from " + cause.get("dimension") + " " + cause.get("value") + ": "
                + percent(cause, "now") + "% (25 / 50) against " + percent(cause, "before") + "% (5 / 50) the week before; had it held steady, "
                + "Leads-to-Close would be " + oneDecimal(cause, "ratio_without_this_change_percent") + "%."), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMarketingJsonBriefingIsWhatTheMarketingEmailSays() throws Exception {
        // 7 SQLs of 22 MQLs against 8 of 21: a drop chance alone can explain, so no cause.
        put("2026-W46", "lead", 45, "mql", 21, "sql", 8);
        put("2026-W47", "lead", 48, "mql", 22, "sql", 7, "won", 3, "lead|icp_fit=yes", 30, "won|icp_fit=yes", 3,
                "disqualified|reason=just researching", 7, "disqualified|reason=no budget", 5);
        Sent sent = render(Audience.Kind.MARKETING);
        String text = sent.text();

        Map<String, Object> action = sent.action();
        assertEquals("top_disqualification_reason", action.get("kind"));
        long count = ((Number) action.get("count")).longValue();
        long total = ((Number) action.get("total")).longValue();
        assertTrue(text.contains("** What to do ** Look at why sales disqualified leads: \"" + action.get("reason") + "\" came first, "
                + oneDecimal(100.0 * count / total) + "% (" + count + " / " + total + ") of them;"), text);

        Map<String, Object> change = sent.finding(0);
        assertEquals(List.of("headline_change", "mql_to_sql", true), List.of(change.get("kind"), change.get("ratio"), change.get("within_noise")));
        assertTrue(text.contains("MQL-to-SQL was " + percent(change, "value") + "% (7 / 22) in week 47 against "
                + percent(change, "previous") + "% (8 / 21) the week before: no real change"), text);

        Map<String, Object> second = sent.finding(1);
        assertEquals(List.of("second_ratio", "qualified_leads_to_close", "below"), List.of(second.get("kind"), second.get("ratio"), second.get("verdict")));
        assertTrue(text.contains("Qualified-Leads-to-Close was " + percent(second, "value") + "% (3 / 30), below its 30–50% benchmark."), text);
        assertEquals(2, ((List<?>) sent.briefing().get("findings")).size());
        assertFalse(text.contains("The largest move"), text);
    }
}
