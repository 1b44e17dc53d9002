package io.leadloop.funnel;

import java.util.List;

/**
 * One ratio of the report: this period with its counts, the benchmark (null when there is none) and the
 * comparisons with the previous period, the same period last year and the trailing 4- and 13-period averages.
 */
public record RatioLine(RatioKind kind, Ratio current, Band band, List<Comparison> comparisons) {

    public static final String PREVIOUS = "previous period";

    public RatioLine {
        comparisons = List.copyOf(comparisons);
    }

    public Verdict verdict() {
        return band == null ? Verdict.NO_BENCHMARK : band.verdict(current);
    }

    public Comparison previous() {
        return comparisons.stream().filter(c -> c.against().equals(PREVIOUS)).findFirst().orElseThrow();
    }
}
