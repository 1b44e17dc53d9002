package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Why" a ratio moved: the group whose own change, undone, would move the ratio back the most. */
@Unit
class MoversTest {

    private static PeriodCounts counts(String period, Object... namesAndCounts) {
        Map<String, BigDecimal> totals = new HashMap<>();
        for (int i = 0; i < namesAndCounts.length; i += 2) totals.put((String) namesAndCounts[i], new BigDecimal(namesAndCounts[i + 1].toString()));
        return new PeriodCounts(Period.parse(period), totals);
    }

    @Test
    void theSourceThatCollapsedExplainsTheDrop() {
        // MQL-to-SQL fell from 20/40 = 50% to 12/40 = 30%. Paid search went from 8/10 to 1/10; webinar barely moved.
        PeriodCounts before = counts("2026-W46", "mql", 40, "sql", 20,
                "mql|source=paid-search", 10, "sql|source=paid-search", 8,
                "mql|source=webinar", 30, "sql|source=webinar", 12);
        PeriodCounts now = counts("2026-W47", "mql", 40, "sql", 12,
                "mql|source=paid-search", 10, "sql|source=paid-search", 1,
                "mql|source=webinar", 30, "sql|source=webinar", 11);

        Move move = Movers.largest(RatioKind.MQL_TO_SQL, now, before, List.of(Dimension.SOURCE));

        assertEquals("paid-search", move.value());
        assertEquals(new Ratio(1, 10), move.now());
        assertEquals(new Ratio(8, 10), move.before());
        // Had paid search kept 8 of 10: (12 - 1 + 8) / 40 = 47.5%, so it cost 30 - 47.5 = -17.5 points.
        assertEquals(47.5, move.withoutChangePercent(), 1e-9);
        assertEquals(-17.5, move.effectPoints(), 1e-9);
    }

    @Test
    void aGroupThatPushedAgainstTheChangeIsNotTheExplanation() {
        // Overall up from 10/40 to 20/40; referral fell (2/10 -> 1/10) while organic rose (8/30 -> 19/30).
        PeriodCounts before = counts("2026-W46", "mql", 40, "sql", 10, "mql|source=referral", 10, "sql|source=referral", 2,
                "mql|source=organic", 30, "sql|source=organic", 8);
        PeriodCounts now = counts("2026-W47", "mql", 40, "sql", 20, "mql|source=referral", 10, "sql|source=referral", 1,
                "mql|source=organic", 30, "sql|source=organic", 19);

        assertEquals("organic", Movers.largest(RatioKind.MQL_TO_SQL, now, before, List.of(Dimension.SOURCE)).value());
    }

    @Test
    void aValueEveryoneSharesExplainsNothing() {
        // No target accounts configured: every lead is target_account=no, which would "explain" all of any change.
        PeriodCounts before = counts("2026-W46", "lead", 10, "won", 1, "lead|target_account=no", 10, "won|target_account=no", 1);
        PeriodCounts now = counts("2026-W47", "lead", 10, "won", 5, "lead|target_account=no", 10, "won|target_account=no", 5);

        assertNull(Movers.largest(RatioKind.LEADS_TO_CLOSE, now, before, List.of(Dimension.TARGET_ACCOUNT)));
    }

    @Test
    void nothingMovesAnUndefinedRatio() {
        assertNull(Movers.largest(RatioKind.CLOSE_RATE, counts("2026-W47"), counts("2026-W46", "won", 1), List.of(Dimension.OWNER)));
    }
}
