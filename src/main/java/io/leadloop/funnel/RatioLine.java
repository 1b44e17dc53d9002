package io.leadloop.funnel;

/** One ratio of the report: this period, the one before, and the benchmark (null when there is none). */
public record RatioLine(RatioKind kind, Ratio current, Ratio previous, Band band) {

    public Verdict verdict() {
        return band == null ? Verdict.NO_BENCHMARK : band.verdict(current);
    }

    /** Change against the previous period in percentage points, or null when either side is undefined. */
    public Double changeInPoints() {
        if (!current.defined() || !previous.defined()) return null;
        return current.percent().getAsDouble() - previous.percent().getAsDouble();
    }
}
