package io.leadloop.report;

import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.StageCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON, for other tools: stable snake_case keys, counts beside every ratio, and
 * {@code percent: null} (never NaN or 0) when a denominator is zero. docs/report-json.md documents it.
 */
public final class ReportJson {
    private ReportJson() {}

    public static Map<String, Object> of(FunnelReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", Map.of("label", r.period().label(), "kind", r.period().kind().name().toLowerCase(java.util.Locale.ROOT),
                "start", r.period().start().toString(), "end_exclusive", r.period().end().toString(), "timezone", r.timezone()));
        out.put("counts", counts(r.current()));
        out.put("previous_counts", counts(r.previous()));
        List<Map<String, Object>> ratios = r.ratios().stream().map(ReportJson::ratio).toList();
        out.put("ratios", ratios);
        out.put("empty", r.isEmpty());
        return out;
    }

    private static Map<String, Object> counts(StageCounts c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leads", c.leads());
        out.put("mqls", c.mqls());
        out.put("sqls", c.sqls());
        out.put("opportunities", c.opportunities());
        out.put("customers", c.customers());
        out.put("won", c.won());
        out.put("lost", c.lost());
        out.put("won_value", c.wonValue());
        return out;
    }

    private static Map<String, Object> ratio(RatioLine line) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", line.kind().name().toLowerCase(java.util.Locale.ROOT));
        out.put("label", line.kind().label());
        out.put("formula", line.kind().formula());
        out.put("current", value(line.current()));
        out.put("previous", value(line.previous()));
        out.put("change_points", line.changeInPoints());
        if (line.band() != null) {
            out.put("benchmark", Map.of("low_percent", line.band().lowPercent(), "high_percent", line.band().highPercent(),
                    "source", line.band().source()));
        }
        out.put("verdict", line.verdict().name().toLowerCase(java.util.Locale.ROOT));
        return out;
    }

    private static Map<String, Object> value(Ratio ratio) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("numerator", ratio.numerator());
        out.put("denominator", ratio.denominator());
        out.put("percent", ratio.defined() ? ratio.percent().getAsDouble() : null);
        return out;
    }
}
