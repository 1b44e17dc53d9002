package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Comparison;
import io.leadloop.funnel.FunnelReport;
import io.leadloop.funnel.Move;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioLine;
import io.leadloop.funnel.StageCounts;
import io.leadloop.report.Briefing.ActOnWin;
import io.leadloop.report.Briefing.Action;
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
import io.leadloop.report.Briefing.QuietPeriod;
import io.leadloop.report.Briefing.RestoreData;
import io.leadloop.report.Briefing.SecondRatio;
import io.leadloop.report.Briefing.Standing;
import io.leadloop.report.Briefing.TopDisqualificationReason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as JSON, for other tools: stable snake_case keys, counts beside every ratio, and
 * {@code percent: null} (never NaN or 0) when a denominator is zero. docs/report-json.md documents it.
 */
public final class ReportJson {
    private ReportJson() {}

    /** The report with owners by id only: what a look at its counts needs. */
    public static Map<String, Object> of(FunnelReport r) {
        return of(r, OwnerLabels.NONE);
    }

    /** The report, with each owner's name beside its id ({@code rep_name}, {@code value_name}; null when unknown). */
    public static Map<String, Object> of(FunnelReport r, OwnerLabels owners) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period(r.period(), r.timezone()));
        out.put("qualified_lead_definition", r.qualifiedLeadDefinition());
        out.put("qualified_lead_definitions", r.qualifiedLeadDefinitions().stream().map(d -> map("effective_from",
                d.effectiveFrom() == null ? null : d.effectiveFrom().toString(), "start", d.start().toString(),
                "end_exclusive", d.end().toString(), "description", d.description())).toList());
        out.put("counts", counts(r.current()));
        out.put("previous_counts", counts(r.previous()));
        out.put("ratios", r.ratios().stream().map(ReportJson::ratio).toList());
        var lag = r.laggedMqlToSql();
        out.put("mql_to_sql_lagged", map("lag_periods", lag.lagPeriods(), "median_mql_to_sql_days", lag.medianDays(),
                "lag_configured", lag.configured(), "mql_period", lag.mqlPeriod().label(), "value", value(lag.ratio())));
        var c = r.mqlCohort();
        out.put("mql_cohort", map("mql_period", c.mqlPeriod().label(), "mqls", c.mqls(), "reached_sql", c.reachedSql(),
                "disqualified", c.disqualified(), "still_open", c.stillOpen(), "value", value(c.share())));
        out.put("steps", r.steps().stream().map(s -> map("from", s.from().wireName(), "to", s.to().wireName(),
                "next_step", value(s.nextStep()), "cumulative", value(s.cumulative()), "median_days", s.medianDays(),
                "trailing_4_average", value(s.trailingAverage()), "drop_points", s.dropPoints())).toList());
        out.put("bottleneck", r.bottleneck() == null ? null : r.bottleneck().from().wireName() + "->" + r.bottleneck().to().wireName());
        var m = r.related();
        out.put("related", map("activity_by_rep", m.activityByRep(), "activity_per_rep", m.activityPerRep(),
                "average_deal_value", m.averageDealValue(), "customer_lifetime_value", m.customerLifetimeValue(),
                "customer_lifetime_value_inputs", m.lifetimeValueInputs(), "churn", value(m.churn()),
                "open_deals", m.openDeals(), "open_pipeline_value", m.openPipelineValue(), "won_value", m.wonValue(),
                "won_value_goal", m.wonValueGoal(), "goal_percent", m.goalPercent(),
                "unconverted_won", unconverted(m.unconvertedWon()), "unconverted_open_pipeline", unconverted(m.unconvertedOpen())));
        out.put("breakdowns", r.breakdowns().stream().map(b -> map("ratio", key(b.kind()), "dimension", b.dimension(),
                "rows", b.rows().stream().map(row -> map("value", row.value(), "value_name", owners.nameOf(b.dimension(), row.value()),
                        "ratio", value(row.ratio()))).toList())).toList());
        out.put("what_wins", r.whatWins().stream().map(w -> map("attribute", w.attribute(), "value", w.value(), "won", w.won(),
                "closed", w.closed(), "win_rate", w.rate(), "ci95_low", w.interval().low(), "ci95_high", w.interval().high(),
                "overall_win_rate", w.overallRate(), "suggestion", w.suggestion())).toList());
        out.put("disqualification_reasons", r.disqualificationReasons().stream().map(x -> map("reason", x.reason(), "count", x.count())).toList());
        out.put("loss_reasons", r.lossReasons().stream().map(x -> map("reason", x.reason(), "count", x.count())).toList());
        out.put("mql_to_sql_by_segment", r.mqlToSqlBySegment().stream().map(s -> map("dimension", s.dimension(),
                "rows", s.rows().stream().map(v -> map("value", v.value(), "period", valueOrNull(v.period()),
                        "lagged", valueOrNull(v.lagged()), "cohort", valueOrNull(v.cohort()))).toList())).toList());
        out.put("rep_attribution", r.repAttribution().wireName());
        out.put("reps", r.reps().stream().map(x -> map("rep", x.rep(), "rep_name", owners.name(x.rep()), "role", x.role().wireName(), "close_rate", value(x.closeRate()),
                "leads_to_close", valueOrNull(x.leadsToClose()), "activities", x.activities(),
                "won_value", x.wonValue())).toList());
        out.put("largest_moves", r.movers().stream().map(mv -> move(mv, owners)).toList());
        out.put("empty", r.isEmpty());
        return out;
    }

    /**
     * A period's report with each audience's briefing for it, {@code "briefings": {"sales": …, "marketing": …}}: what
     * {@code ./leadloop report} prints, so that what each side is told to do can be read without an email.
     */
    public static Map<String, Object> withBriefings(FunnelReport report, List<AudienceReport> audiences) {
        Map<String, Object> out = of(report, audiences.isEmpty() ? OwnerLabels.NONE : audiences.get(0).owners());
        Map<String, Object> briefings = new LinkedHashMap<>();
        for (AudienceReport a : audiences) briefings.put(a.audience().id(), briefing(Briefing.of(a), a.owners()));
        out.put("briefings", briefings);
        return out;
    }

    /**
     * What a sent report is kept as: the audience, its subject, its briefing, the funnel report above, the data health, the leads
     * waiting for follow-up and the trend. {@code ReportHandler} returns it for {"fetch": true}.
     */
    public static Map<String, Object> of(AudienceReport r, String subject) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audience", r.audience().id());
        out.put("language", r.audience().language().tag());
        out.put("subject", subject);
        out.put("generated_at", r.generatedAt().toString());
        out.put("currency", r.options().currency());
        out.put("briefing", briefing(Briefing.of(r), r.owners()));
        var h = r.health();
        out.put("data_health", map("broken", h.broken(), "last_event_day", date(h.lastEventDay()),
                "days_since_last_event", h.silentDays(), "events_applied_during_period", h.eventsDuringPeriod(),
                "max_silent_days", h.maxSilentDays(), "history", r.history().stream().map(x -> map("source", x.source(),
                        "history_from", date(x.from()), "backfill", x.backfill().wireName(), "backfill_finished_at", instant(x.backfillFinishedAt()),
                        "last_reconciliation_at", instant(x.lastReconciliationAt()), "reconciled_through", instant(x.reconciledThrough()),
                        "reconciliation_stale", x.reconciliationStale(), "period_before_history", x.startsAfter(r.funnel().period().start()),
                        "trend_before_history", x.startsAfter(r.firstDayShown()))).toList()));
        out.put("follow_up_days", r.options().followUpDays());
        out.put("waiting_for_follow_up", r.waiting().stream().map(x -> map("lead_id", x.leadId(), "since", x.since().toString(),
                "days_waiting", x.daysWaiting(r.generatedAt()), "owner", x.owner(), "owner_name", r.owners().name(x.owner()), "source", x.source(), "campaign", x.campaign(),
                "form", x.form())).toList());
        out.put("waiting_truncated", r.waitingTruncated());
        out.put("trend", r.trend().stream().map(p -> {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("period", p.period().label());
            point.put("as_sent", r.trendFromSnapshots().contains(p.period().label()));
            p.ratios().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> point.put(key(e.getKey()), value(e.getValue())));
            return point;
        }).toList());
        out.put("report", of(r.funnel(), r.owners()));
        return out;
    }

    /** Deals left out of a value because no rate converted their currency: amounts in that currency. */
    private static List<Map<String, Object>> unconverted(List<FunnelReport.Unconverted> byCurrency) {
        return byCurrency.stream().map(u -> map("currency", u.currency(), "deals", u.deals(), "amount", u.amount())).toList();
    }

    /** What the email opens with, as data: each action and finding by its {@code kind}, then its own keys. */
    static Map<String, Object> briefing(Briefing b, OwnerLabels owners) {
        return map("action", action(b.action(), owners), "findings", b.findings().stream().map(f -> finding(f, owners)).toList());
    }

    private static Map<String, Object> action(Action action, OwnerLabels owners) {
        if (action instanceof RestoreData a) {
            return map("kind", "restore_data", "last_event_day", date(a.lastEventDay()), "days_since_last_event", a.silentDays(),
                    "looked_back_days", a.lookedBackDays());
        }
        if (action instanceof QuietPeriod a) return map("kind", "quiet_period", "last_event_day", date(a.lastEventDay()));
        if (action instanceof FollowUpWaiting a) {
            return map("kind", "follow_up_waiting", "leads", a.leads(), "truncated", a.truncated(), "follow_up_days", a.followUpDays(),
                    "oldest_lead_id", a.oldestLeadId(), "owner", a.oldestOwner(), "owner_name", owners.name(a.oldestOwner()), "days_waiting", a.oldestDaysWaiting());
        }
        if (action instanceof FixBottleneck a) {
            return map("kind", "fix_bottleneck", "from", a.from().wireName(), "to", a.to().wireName(), "next_step", value(a.nextStep()),
                    "trailing_4_average", value(a.trailingAverage()), "drop_points", a.dropPoints());
        }
        if (action instanceof BelowBand a) {
            return map("kind", "below_band", "ratio", key(a.ratio()), "value", value(a.value()), "benchmark", benchmark(a.band()));
        }
        if (action instanceof ActOnWin a) {
            return map("kind", "act_on_win", "attribute", a.attribute(), "value", a.value(), "won", a.won(), "closed", a.closed(),
                    "overall", value(a.overall()), "advice", key(a.advice()));
        }
        if (action instanceof TopDisqualificationReason a) {
            return map("kind", "top_disqualification_reason", "reason", a.reason(), "count", a.count(), "total", a.total());
        }
        if (action instanceof NeverWorked a) return map("kind", "never_worked", "leads", a.leads(), "truncated", a.truncated());
        if (action instanceof KeepGoing) return map("kind", "keep_going");
        throw new IllegalArgumentException("no JSON for " + action);
    }

    private static Map<String, Object> finding(Finding finding, OwnerLabels owners) {
        if (finding instanceof HeadlineChange c) {
            return map("kind", "headline_change", "ratio", key(c.ratio()), "value", value(c.value()), "previous", value(c.previous()),
                    "change_points", c.changePoints(), "within_noise", c.withinNoise(), "flat", c.flat());
        }
        if (finding instanceof HeadlineNotComparable c) {
            return map("kind", "headline_not_comparable", "ratio", key(c.ratio()), "value", value(c.value()), "previous", value(c.previous()));
        }
        if (finding instanceof FirstPeriod c) return map("kind", "headline_first_period", "ratio", key(c.ratio()), "value", value(c.value()));
        if (finding instanceof Standing s) {
            return map("kind", "standing", "ratio", key(s.ratio()), "value", value(s.value()), "verdict", key(s.verdict()),
                    "benchmark", benchmark(s.band()), "won_value", s.wonValue(), "won_value_goal", s.wonValueGoal(), "goal_percent", s.goalPercent());
        }
        if (finding instanceof SecondRatio s) {
            return map("kind", "second_ratio", "ratio", key(s.ratio()), "value", value(s.value()), "verdict", key(s.verdict()),
                    "benchmark", benchmark(s.band()));
        }
        if (finding instanceof Cause c) {
            Map<String, Object> out = map("kind", "cause");
            out.putAll(move(c.move(), owners));
            return out;
        }
        if (finding instanceof NoSingleCause c) return map("kind", "no_single_cause", "ratio", key(c.ratio()));
        throw new IllegalArgumentException("no JSON for " + finding);
    }

    private static Map<String, Object> move(Move mv, OwnerLabels owners) {
        return map("ratio", key(mv.kind()), "dimension", mv.dimension(), "value", mv.value(),
                "value_name", owners.nameOf(mv.dimension(), mv.value()), "before", value(mv.before()),
                "now", value(mv.now()), "ratio_without_this_change_percent", mv.withoutChangePercent(), "effect_points", mv.effectPoints());
    }

    private static String date(LocalDate day) {
        return day == null ? null : day.toString();
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    private static Map<String, Object> period(Period p, String timezone) {
        return map("label", p.label(), "kind", p.kind().name().toLowerCase(Locale.ROOT), "start", p.start().toString(),
                "end_exclusive", p.end().toString(), "timezone", timezone);
    }

    private static Map<String, Object> counts(StageCounts c) {
        return map("leads", c.leads(), "mqls", c.mqls(), "sqls", c.sqls(), "opportunities", c.opportunities(),
                "customers", c.customers(), "won", c.won(), "lost", c.lost(), "won_value", c.wonValue());
    }

    private static Map<String, Object> ratio(RatioLine line) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key(line.kind()));
        out.put("label", line.kind().label());
        out.put("formula", line.kind().formula());
        out.put("current", value(line.current()));
        out.put("comparisons", line.comparisons().stream().map(ReportJson::comparison).toList());
        out.put("benchmark", benchmark(line.band()));
        out.put("verdict", line.verdict().name().toLowerCase(Locale.ROOT));
        return out;
    }

    private static Map<String, Object> benchmark(Band band) {
        return band == null ? null : map("low_percent", band.lowPercent(), "high_percent", band.highPercent(), "source", band.source());
    }

    private static Map<String, Object> comparison(Comparison c) {
        return map("against", c.against(), "value", value(c.other()), "change_points", c.changePoints(), "within_noise", c.withinNoise());
    }

    private static String key(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> value(Ratio ratio) {
        return map("numerator", ratio.numerator(), "denominator", ratio.denominator(),
                "percent", ratio.defined() ? ratio.percent().getAsDouble() : null, "above_100", ratio.aboveWhole());
    }

    /** A ratio the report leaves out where it is null (a view pooled into "other", a closed-by line's leads). */
    private static Map<String, Object> valueOrNull(Ratio ratio) {
        return ratio == null ? null : value(ratio);
    }

    /** An ordered map from alternating keys and values; null values are kept (JSON null), unlike Map.of. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }

}
