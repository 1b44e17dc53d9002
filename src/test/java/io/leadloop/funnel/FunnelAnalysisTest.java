package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelReport.Breakdown;
import io.leadloop.funnel.FunnelReport.BreakdownRow;
import io.leadloop.funnel.FunnelReport.WinFactor;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every number of the report from hand-computed counters; each test states its arithmetic. */
@Unit
class FunnelAnalysisTest {

    private final Map<Period, Map<String, BigDecimal>> data = new HashMap<>();

    private void put(String period, Object... namesAndCounts) {
        Map<String, BigDecimal> totals = data.computeIfAbsent(Period.parse(period), p -> new HashMap<>());
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            totals.merge((String) namesAndCounts[i], new BigDecimal(namesAndCounts[i + 1].toString()), BigDecimal::add);
        }
    }

    private FunnelReport analyse(String period, AnalysisSettings settings, Map<String, BigDecimal> allTime, PeriodCounts since) {
        Period p = Period.parse(period);
        return new FunnelAnalysis(settings).analyse(p, "Europe/Madrid",
                q -> new PeriodCounts(q, data.getOrDefault(q, Map.of())), allTime, since == null ? new PeriodCounts(p, Map.of()) : since);
    }

    private FunnelReport analyse(String period) {
        return analyse(period, AnalysisSettings.DEFAULT, Map.of(), null);
    }

    private static AnalysisSettings withLag(Integer lag) {
        AnalysisSettings d = AnalysisSettings.DEFAULT;
        return new AnalysisSettings(d.benchmarks(), lag, d.minGroupSize(), d.minDealsForSuggestion(), d.winAnalysisPeriods(),
                d.purchasesPerCustomerPerYear(), d.expectedLifetimeYears(), d.wonValueGoals(), d.qualification(), d.repAttribution());
    }

    @Test
    void theLaggedRateDividesSqlsOfMonthThreeByMqlsOfMonthOne() {
        // mql-to-sql-conversion.es.txt: with a 3-month... here a 2-month lag, SQLs created in month 3 over MQLs of month 1.
        put("2026-01", "mql", 50, "sql", 5);
        put("2026-02", "mql", 40, "sql", 9);
        put("2026-03", "mql", 30, "sql", 20);

        FunnelReport r = analyse("2026-03", withLag(2), Map.of(), null);

        assertEquals(new Ratio(20, 50), r.laggedMqlToSql().ratio(), "20 SQLs of March / 50 MQLs of January = 40%");
        assertEquals("2026-01", r.laggedMqlToSql().mqlPeriod().label());
        assertTrue(r.laggedMqlToSql().configured());
        assertEquals(new Ratio(20, 30), r.ratio(RatioKind.MQL_TO_SQL).current(), "the period view: 20 / 30 in March");
    }

    @Test
    void theLagIsTheObservedMedianMqlToSqlTimeInWholePeriods() {
        // SQLs reached in the trailing weeks took 10, 12, 14, 20 and 30 days from MQL: median 14 days = 2 weeks.
        put("2026-W45", "days_to_sql|days=10", 1, "days_to_sql|days=12", 1);
        put("2026-W46", "days_to_sql|days=14", 1, "days_to_sql|days=20", 1);
        put("2026-W47", "days_to_sql|days=30", 1, "sql", 7);
        put("2026-W45", "mql", 21);

        FunnelReport r = analyse("2026-W47");

        assertEquals(14.0, r.laggedMqlToSql().medianDays());
        assertEquals(2, r.laggedMqlToSql().lagPeriods());
        assertFalse(r.laggedMqlToSql().configured());
        assertEquals(new Ratio(7, 21), r.laggedMqlToSql().ratio(), "7 SQLs of W47 / 21 MQLs of W45");
    }

    @Test
    void theSpanishTextsMonthThreeOverMonthOneIsAnObservedOffsetOfTwo() {
        // mql-to-sql-conversion.es.txt: a conversion that takes leads from month 1 into month 3 (MQL mid-January,
        // SQL mid-March: 59 days, 1.94 average months) rounds to an offset of 2: March's SQLs over January's MQLs.
        put("2026-01", "mql", 50);
        put("2026-03", "sql", 20, "days_to_sql|days=59", 20);

        FunnelReport r = analyse("2026-03");

        assertEquals(59.0, r.laggedMqlToSql().medianDays());
        assertEquals(2, r.laggedMqlToSql().lagPeriods());
        assertEquals("2026-01", r.laggedMqlToSql().mqlPeriod().label());
        assertEquals(new Ratio(20, 50), r.laggedMqlToSql().ratio(), "20 SQLs of March / 50 MQLs of January = 40%");
    }

    @Test
    void theOffsetIsTheMedianInAveragePeriodsRoundedHalfUp() {
        // Weeks: 3 days is 0.43 of a week → 0; 3.5 days (the median of 3 and 4) is exactly half → 1.
        put("2026-W47", "days_to_sql|days=3", 1);
        assertEquals(0, analyse("2026-W47").laggedMqlToSql().lagPeriods());
        put("2026-W47", "days_to_sql|days=4", 1);
        assertEquals(3.5, analyse("2026-W47").laggedMqlToSql().medianDays());
        assertEquals(1, analyse("2026-W47").laggedMqlToSql().lagPeriods());
        // Months (30.44 days): 76 days is 2.497 months → 2; 77 days is 2.53 → 3, April's SQLs over January's MQLs.
        put("2026-04", "days_to_sql|days=76", 1);
        assertEquals(2, analyse("2026-04").laggedMqlToSql().lagPeriods());
        put("2026-04", "days_to_sql|days=77", 2);
        assertEquals(3, analyse("2026-04").laggedMqlToSql().lagPeriods());
        assertEquals("2026-01", analyse("2026-04").laggedMqlToSql().mqlPeriod().label());
    }

    @Test
    void aDefinitionThatChangesInsideThePeriodIsReportedWithTheDaysOfEach() {
        // Week 2026-W49 runs Mon 30 Nov – Sun 6 Dec; docs/metrics.md's second definition takes effect on 1 December.
        var demoOrGuide = new QualificationRule.OneOf("form", java.util.Set.of("demo-request"));
        Qualification definitions = new Qualification(List.of(
                new QualifiedLeadDefinition(java.time.LocalDate.parse("2026-01-01"), QualifiedLeadDefinition.Match.ALL,
                        List.of(demoOrGuide, new QualificationRule.AtLeast("employees", new BigDecimal("50")))),
                new QualifiedLeadDefinition(java.time.LocalDate.parse("2026-12-01"), QualifiedLeadDefinition.Match.ALL,
                        List.of(demoOrGuide, new QualificationRule.NoneOf("country", java.util.Set.of("AQ"))))));
        AnalysisSettings d = AnalysisSettings.DEFAULT;
        AnalysisSettings settings = new AnalysisSettings(d.benchmarks(), null, d.minGroupSize(), d.minDealsForSuggestion(),
                d.winAnalysisPeriods(), d.purchasesPerCustomerPerYear(), d.expectedLifetimeYears(), d.wonValueGoals(),
                definitions, d.repAttribution());

        FunnelReport w49 = analyse("2026-W49", settings, Map.of(), null);

        assertEquals(List.of(
                new FunnelReport.DefinitionInForce(java.time.LocalDate.parse("2026-01-01"), java.time.LocalDate.parse("2026-11-30"),
                        java.time.LocalDate.parse("2026-12-01"), "form is one of demo-request and employees ≥ 50"),
                new FunnelReport.DefinitionInForce(java.time.LocalDate.parse("2026-12-01"), java.time.LocalDate.parse("2026-12-01"),
                        java.time.LocalDate.parse("2026-12-07"), "form is one of demo-request and country is none of aq")),
                w49.qualifiedLeadDefinitions());
        assertEquals("2026-11-30 – 2026-11-30: form is one of demo-request and employees ≥ 50; "
                + "2026-12-01 – 2026-12-06: form is one of demo-request and country is none of aq", w49.qualifiedLeadDefinition());
        FunnelReport w50 = analyse("2026-W50", settings, Map.of(), null);
        assertEquals("form is one of demo-request and country is none of aq", w50.qualifiedLeadDefinition(), "one definition: no dates");
    }

    @Test
    void theCohortSaysHowManyMqlsOfAnEarlierPeriodReachedSqlAndHowManyAreStillOpen() {
        // Of W45's 21 MQLs, 9 have reached SQL by now and 4 were disqualified: 8 still open; 9 / 21 = 42.9%.
        put("2026-W45", "mql", 21, "mql_cohort_sql", 9, "mql_cohort_disqualified", 4);

        FunnelReport r = analyse("2026-W47", withLag(2), Map.of(), null);

        assertEquals("2026-W45", r.mqlCohort().mqlPeriod().label());
        assertEquals(new Ratio(9, 21), r.mqlCohort().share());
        assertEquals(8, r.mqlCohort().stillOpen());
    }

    @Test
    void withoutAnObservedLagThePeriodViewIsTheLaggedOneAndTheCohortIsThePreviousPeriod() {
        put("2026-W47", "mql", 10, "sql", 4);
        put("2026-W46", "mql", 6, "mql_cohort_sql", 2);

        FunnelReport r = analyse("2026-W47");

        assertNull(r.laggedMqlToSql().medianDays());
        assertEquals(0, r.laggedMqlToSql().lagPeriods());
        assertEquals(new Ratio(4, 10), r.laggedMqlToSql().ratio());
        assertEquals("2026-W46", r.mqlCohort().mqlPeriod().label());
    }

    @Test
    void aChangeOnSmallCountsIsFlaggedAsNoise() {
        // 1 / 2 = 50% before, 2 / 3 = 66.7% now: +16.7 points, but on three leads that means nothing.
        put("2026-W46", "lead", 2, "won", 1);
        put("2026-W47", "lead", 3, "won", 2);

        Comparison previous = analyse("2026-W47").ratio(RatioKind.LEADS_TO_CLOSE).previous();

        assertEquals(16.67, previous.changePoints(), 0.01);
        assertTrue(previous.withinNoise());
    }

    @Test
    void aLargeChangeOnLargeCountsIsNotNoise() {
        // 20 / 100 = 20% before, 40 / 100 = 40% now: z ≈ 3.1, well beyond 1.96.
        put("2026-W46", "lead", 100, "won", 20);
        put("2026-W47", "lead", 100, "won", 40);

        Comparison previous = analyse("2026-W47").ratio(RatioKind.LEADS_TO_CLOSE).previous();

        assertEquals(20.0, previous.changePoints(), 1e-9);
        assertFalse(previous.withinNoise());
    }

    @Test
    void trailingAveragesPoolTheirCountsAndLastYearIsFiftyTwoWeeksBack() {
        // The 4 weeks before W47: 10/40, 10/40, 0/10, 20/110 -> 40 / 200 = 20% (not the 15.5% mean of percentages).
        put("2026-W43", "lead", 40, "won", 10);
        put("2026-W44", "lead", 40, "won", 10);
        put("2026-W45", "lead", 10, "won", 0);
        put("2026-W46", "lead", 110, "won", 20);
        put("2026-W47", "lead", 50, "won", 15);
        put("2025-W47", "lead", 30, "won", 3);

        RatioLine line = analyse("2026-W47").ratio(RatioKind.LEADS_TO_CLOSE);

        assertEquals(new Ratio(40, 200), line.comparisons().get(2).other());
        assertEquals("trailing 4-period average", line.comparisons().get(2).against());
        assertEquals(new Ratio(3, 30), line.comparisons().get(1).other(), "same week last year");
        assertEquals(new Ratio(40, 200), line.comparisons().get(3).other(), "13 weeks back holds nothing more here");
    }

    @Test
    void stepsConvertNextAndCumulativelyAndTheBottleneckIsTheWorstDropAgainstItsOwnAverage() {
        // Trailing 4 weeks: lead→mql 200/400 = 50%, mql→sql 100/200 = 50%. This week: 50/100 = 50% and 10/50 = 20%.
        for (String w : List.of("2026-W43", "2026-W44", "2026-W45", "2026-W46")) put(w, "lead", 100, "mql", 50, "sql", 25);
        put("2026-W47", "lead", 100, "mql", 50, "sql", 10, "days_to_sql|days=3", 4, "days_to_sql|days=9", 6);

        FunnelReport r = analyse("2026-W47");

        FunnelReport.StageStep mqlToSql = r.steps().get(1);
        assertEquals(new Ratio(10, 50), mqlToSql.nextStep());
        assertEquals(new Ratio(10, 100), mqlToSql.cumulative());
        assertEquals(9.0, mqlToSql.medianDays(), "4 took 3 days, 6 took 9: the median of 10 is 9");
        assertEquals(30.0, mqlToSql.dropPoints(), 1e-9);
        assertEquals(Stage.MQL, r.bottleneck().from());
    }

    @Test
    void smallBreakdownGroupsAreFoldedIntoOther() {
        // webinar 10 leads / 3 won; referral 2 leads / 2 won and partner 1 / 0 fold into other: 2 won of 3.
        put("2026-W47", "lead", 13, "won", 5, "lead|source=webinar", 10, "won|source=webinar", 3,
                "lead|source=referral", 2, "won|source=referral", 2, "lead|source=partner", 1);

        Breakdown bySource = analyse("2026-W47").breakdowns().stream()
                .filter(b -> b.kind() == RatioKind.LEADS_TO_CLOSE && b.dimension().equals("source")).findFirst().orElseThrow();

        assertEquals(List.of(new BreakdownRow("webinar", new Ratio(3, 10)), new BreakdownRow("other", new Ratio(2, 3))), bySource.rows());
    }

    @Test
    void whatWinsSuggestsOnlyWithEnoughDealsAndAClearDifference() {
        // 120 closed deals over the window: 22 won overall (18.3%). Software: 20 won of 48 (41.7%, 95% CI ~29-56%).
        // Retail: 2 won of 4, too few to suggest anything.
        put("2026-W47", "won", 22, "lost", 98, "won|industry=software", 20, "lost|industry=software", 28,
                "won|industry=retail", 2, "lost|industry=retail", 2);

        List<WinFactor> factors = analyse("2026-W47").whatWins();

        WinFactor software = factors.stream().filter(f -> f.value().equals("software")).findFirst().orElseThrow();
        assertEquals(48, software.closed());
        assertTrue(software.interval().low() > software.overallRate());
        assertEquals("leads with industry = software close at 42% vs 18% overall across 48 deals: consider qualifying them", software.suggestion());
        WinFactor retail = factors.stream().filter(f -> f.value().equals("retail")).findFirst().orElseThrow();
        assertNull(retail.suggestion());
    }

    @Test
    void churnIsMeasuredAgainstTheCustomersThePeriodStartedWith() {
        // 200 active customers now; since the week began 6 became customers and 4 churned: it started with 198.
        put("2026-W47", "churned", 4);
        PeriodCounts since = new PeriodCounts(Period.parse("2026-W47"), Map.of("customer", BigDecimal.valueOf(6), "churned", BigDecimal.valueOf(4)));

        FunnelReport r = analyse("2026-W47", AnalysisSettings.DEFAULT, Map.of(Metric.ACTIVE_CUSTOMERS, BigDecimal.valueOf(200)), since);

        assertEquals(new Ratio(4, 198), r.related().churn());
    }

    @Test
    void dealValueLifetimeValuePipelineAndGoal() {
        // 4 deals won for 48,000: average 12,000; CLV = 12,000 × 1.5 purchases/year × 3 years = 54,000.
        put("2026-W47", "won", 4, "won_value", 48000, "activities", 30, "activities|rep=ana", 20, "activities|rep=ben", 10);
        AnalysisSettings d = AnalysisSettings.DEFAULT;
        AnalysisSettings s = new AnalysisSettings(d.benchmarks(), null, 5, 30, 13, new BigDecimal("1.5"), new BigDecimal("3"),
                Map.of(PeriodKind.WEEK, new BigDecimal("60000")), d.qualification(), d.repAttribution());

        FunnelReport.RelatedMetrics m = analyse("2026-W47", s, Map.of(Metric.OPEN_PIPELINE_VALUE, new BigDecimal("250000"),
                Metric.OPEN_DEALS, BigDecimal.valueOf(17)), null).related();

        assertEquals(new BigDecimal("12000.00"), m.averageDealValue());
        assertEquals(new BigDecimal("54000.00"), m.customerLifetimeValue());
        assertEquals(80.0, m.goalPercent(), 1e-9, "48,000 of a 60,000 goal");
        assertEquals(new BigDecimal("250000"), m.openPipelineValue());
        assertEquals(17, m.openDeals());
        assertEquals(15.0, m.activityPerRep(), 1e-9, "30 activities over 2 reps");
        assertEquals(Map.of("ana", 20L, "ben", 10L), m.activityByRep());
    }

    @Test
    void anEmptyPeriodHasNoRatiosButStillAReport() {
        FunnelReport r = analyse("2026-W47");

        assertTrue(r.isEmpty());
        assertTrue(r.ratios().stream().noneMatch(l -> l.current().defined()));
        assertNull(r.bottleneck());
        assertTrue(r.whatWins().isEmpty());
        assertNotNull(r.qualifiedLeadDefinition());
    }

    @Test
    void reasonsAreRankedByCount() {
        put("2026-W47", "disqualified|reason=no budget", 5, "disqualified|reason=wrong persona", 9, "lost|reason=price", 2);

        FunnelReport r = analyse("2026-W47");

        assertEquals("wrong persona", r.disqualificationReasons().get(0).reason());
        assertEquals(9, r.disqualificationReasons().get(0).count());
        assertEquals("price", r.lossReasons().get(0).reason());
    }
}
