package io.leadloop.funnel;

import java.math.BigDecimal;

/** How many leads reached each stage, and how many deals closed, in one period. */
public record StageCounts(long leads, long mqls, long sqls, long opportunities, long customers, long won, long lost,
                          BigDecimal wonValue) {

    public static StageCounts of(PeriodCounts counts) {
        return new StageCounts(
                counts.count(Stage.LEAD),
                counts.count(Stage.MQL),
                counts.count(Stage.SQL),
                counts.count(Stage.OPPORTUNITY),
                counts.count(Stage.CUSTOMER),
                counts.count(Metric.WON),
                counts.count(Metric.LOST),
                counts.amount(Metric.WON_VALUE));
    }

    public long closed() {
        return won + lost;
    }
}
