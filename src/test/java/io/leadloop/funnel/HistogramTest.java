package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Day histograms after a late event moved a duration: the old bucket's +1 and −1 sum to zero (on two counter
 * shards, or one), and no read may treat that empty bucket as a value.
 */
@Unit
class HistogramTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Madrid");
    private final FunnelRules rules = new FunnelRules(ZONE);
    private final Map<String, LeadState> leads = new HashMap<>();
    /** Day → counter → value, summed as a shard would ADD them: a bucket that returns to zero keeps its key. */
    private final Map<LocalDate, Map<String, BigDecimal>> days = new TreeMap<>();

    private void apply(FunnelEvent event, String leadId) {
        var t = rules.apply(event, leads.getOrDefault(leadId, LeadState.unknown(leadId)), null);
        leads.put(leadId, t.lead());
        t.counterDeltas().forEach((c, v) -> days.computeIfAbsent(c.day(), d -> new TreeMap<>()).merge(c.name(), v, BigDecimal::add));
    }

    private static Instant at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(ZONE).toInstant();
    }

    private void created(String lead, String local) {
        apply(new LeadCreated("c-" + lead, at(local), lead, LeadProfile.EMPTY), lead);
    }

    private void reached(String lead, Stage stage, String local) {
        apply(new LeadStageReached(stage + "-" + lead + "-" + local, at(local), lead, stage), lead);
    }

    private PeriodCounts counts(Period period) {
        return PeriodCounts.sum(period, period.days().stream().map(d -> days.getOrDefault(d, Map.of())).toList());
    }

    /** The case of issue 13: lead B's true MQL time arrives in a second delivery and moves its duration from 3 to 6 days. */
    private void leadsAandB() {
        // 17 August 2026 is a Monday: week 2026-W34 runs Mon 17 – Sun 23 August.
        created("A", "2026-08-17T09:00");
        reached("A", Stage.MQL, "2026-08-17T10:00");
        reached("A", Stage.SQL, "2026-08-19T10:00");
        created("B", "2026-08-17T09:00");
        reached("B", Stage.MQL, "2026-08-20T10:00");
        reached("B", Stage.SQL, "2026-08-23T10:00");
        // Delivery 2: B was an MQL on Monday already.
        reached("B", Stage.MQL, "2026-08-17T10:00");
    }

    @Test
    void theMedianSkipsTheBucketALateEarlierMqlEmptied() {
        leadsAandB();
        Map<String, BigDecimal> rawSunday = days.get(LocalDate.parse("2026-08-23"));
        assertEquals(BigDecimal.ZERO, rawSunday.get("days_to_sql|days=3"), "as a shard sums it: +1 then −1");

        Period w34 = Period.parse("2026-W34");
        FunnelReport r = new FunnelAnalysis(AnalysisSettings.DEFAULT).analyse(w34, ZONE.getId(), this::counts,
                Map.of(), counts(w34));

        // A took 2 days, B 6: the median is 4.0, not the 2.5 an empty 3-day bucket would give.
        FunnelReport.StageStep mqlToSql = r.steps().get(1);
        assertEquals(Stage.SQL, mqlToSql.to());
        assertEquals(4.0, mqlToSql.medianDays());
        assertEquals(4.0, r.laggedMqlToSql().medianDays());
        assertEquals(1, r.laggedMqlToSql().lagPeriods(), "round(4 / 7) = 1 week");
        assertEquals("2026-W33", r.laggedMqlToSql().mqlPeriod().label(), "W34's SQLs over W33's MQLs");
        assertEquals(new Ratio(2, 0), r.laggedMqlToSql().ratio());
    }

    @Test
    void aPeriodsCountsKeepNoZeroSumKeys() {
        leadsAandB();
        PeriodCounts w34 = counts(Period.parse("2026-W34"));

        assertFalse(w34.totals().containsKey("days_to_sql|days=3"), w34.totals().toString());
        assertFalse(w34.totals().containsKey("days_to_mql|days=3"), "B's lead→MQL time moved from 3 days to 0");
        assertFalse(w34.totals().containsValue(BigDecimal.ZERO));
        assertEquals(1, w34.count("days_to_sql|days=2"));
        assertEquals(1, w34.count("days_to_sql|days=6"));
    }

    @Test
    void aMedianOfBucketsThatAllCancelIsUndefined() {
        assertNull(FunnelAnalysis.median(Map.of(3L, 0L, 5L, 0L)));
        assertEquals(4.0, FunnelAnalysis.median(Map.of(2L, 1L, 3L, 0L, 6L, 1L)));
        assertEquals(6.0, FunnelAnalysis.median(Map.of(2L, 1L, 3L, 0L, 6L, 2L)));
    }
}
