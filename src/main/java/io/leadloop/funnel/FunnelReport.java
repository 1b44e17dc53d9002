package io.leadloop.funnel;

import java.util.ArrayList;
import java.util.List;

/** Everything a period's report says, computed from counters alone. */
public record FunnelReport(Period period, String timezone, StageCounts current, StageCounts previous,
                           List<RatioLine> ratios) {

    public FunnelReport {
        ratios = List.copyOf(ratios);
    }

    public static FunnelReport of(PeriodCounts current, PeriodCounts previous, String timezone, Benchmarks benchmarks) {
        StageCounts now = StageCounts.of(current);
        StageCounts before = StageCounts.of(previous);
        List<RatioLine> lines = new ArrayList<>();
        for (RatioKind kind : RatioKind.values()) {
            lines.add(new RatioLine(kind, kind.of(now), kind.of(before), benchmarks.bandFor(kind).orElse(null)));
        }
        return new FunnelReport(current.period(), timezone, now, before, lines);
    }

    public RatioLine ratio(RatioKind kind) {
        return ratios.stream().filter(l -> l.kind() == kind).findFirst().orElseThrow();
    }

    public boolean isEmpty() {
        return current.leads() == 0 && current.mqls() == 0 && current.sqls() == 0 && current.closed() == 0;
    }
}
