package io.leadloop.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.Replay;
import io.leadloop.ops.MetricLog;
import io.leadloop.report.ReportDelivery.Outcome;
import io.leadloop.report.ReportService;
import io.leadloop.report.ReportTelemetry;
import io.leadloop.settings.Audience;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Invoked by EventBridge Scheduler (one schedule per audience, and one for alerts) or by hand. Input keys:
 * <ul>
 * <li>{@code audience}: "sales" or "marketing"; absent, every enabled audience;</li>
 * <li>{@code scheduled_time} ({@code <aws.scheduler.scheduled-time>}; an EventBridge event's {@code time} is understood
 * too): each audience reports on its last complete period at that time, in its timezone, so a retried invocation
 * reports on the same period as the first;</li>
 * <li>{@code period} (2026-W47, 2026-11, 2026-Q4): that period instead;</li>
 * <li>{@code resend}: true sends a report that was already sent, again (otherwise a sent period does nothing and
 * says so), once per {@code resend_id} (default: the invocation's request id);</li>
 * <li>{@code alerts}: true runs the off-cycle check instead of the report;</li>
 * <li>{@code fetch}: true returns a sent report's stored JSON (with {@code audience} and {@code period});</li>
 * <li>{@code replay}: {@code {"source", "from", "to", "cursor", "limit"}} re-applies stored deliveries instead
 * (docs/webhooks.md, "Replay"), one bounded page per invocation; the answer's {@code cursor} continues it.</li>
 * </ul>
 * A report that could not be sent fails the invocation (after the others were tried), so that Lambda's retries and
 * the dead-letter queue catch it.
 */
public final class ReportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Thrown when any report or alert could not be sent; its message lists them. */
    public static final class NotSent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSent(String message) {
            super(message);
        }
    }

    /** A replay stops reading further days with less time left than this: one day's page still fits it. */
    private static final int REPLAY_MARGIN_MILLIS = 30_000;

    private final Supplier<ReportService> service;
    private final ReportTelemetry telemetry;

    /** The Lambda runtime's constructor: wired once per container and again after each SnapStart restore. */
    public ReportHandler() {
        this(Wiring.reportFunction());
    }

    public ReportHandler(ReportService reports) {
        this(() -> reports);
    }

    /** @param service the service to use for each invocation, as it is at that time */
    public ReportHandler(Supplier<ReportService> service) {
        this(service, new ReportTelemetry(MetricLog.standardOutput()));
    }

    public ReportHandler(Supplier<ReportService> service, ReportTelemetry telemetry) {
        this.service = service;
        this.telemetry = telemetry;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        ReportService reports = service.get();
        reports.startInvocation();
        Map<String, Object> in = input == null ? Map.of() : input;
        if (in.get("replay") != null) {
            if (!(in.get("replay") instanceof Map<?, ?> replay)) {
                throw new IllegalArgumentException("\"replay\" must be an object, e.g. {\"replay\": {\"source\": \"hubspot\","
                        + " \"from\": \"2026-11-01\", \"to\": \"2026-11-30\"}}");
            }
            @SuppressWarnings("unchecked")
            Replay.Request request = Replay.Request.of((Map<String, ?>) replay);
            return reports.replay().run(request, () -> context == null || context.getRemainingTimeInMillis() > REPLAY_MARGIN_MILLIS).toMap();
        }
        List<Audience> audiences = in.get("audience") == null ? reports.audiences()
                : List.of(reports.audience(Audience.Kind.parse(in.get("audience").toString())));
        Instant scheduled = scheduledTime(in);
        Map<String, Object> out = new LinkedHashMap<>();
        if (flag(in, "fetch")) {
            if (in.get("period") == null || audiences.size() != 1) {
                throw new IllegalArgumentException("\"fetch\" needs an \"audience\" and a \"period\", e.g. {\"fetch\": true, \"audience\": \"sales\", \"period\": \"2026-W47\"}");
            }
            Period period = Period.parse(in.get("period").toString());
            return reports.delivery().fetch(audiences.get(0), period).orElseGet(() -> Map.of("audience", audiences.get(0).id(),
                    "period", period.label(), "status", "not_found", "detail", "no report of this period was stored for this audience"));
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (flag(in, "alerts")) {
            outcomes.addAll(reports.delivery().checkAlerts(audiences, scheduled));
        } else {
            for (Audience audience : audiences) {
                Period period = in.get("period") != null ? Period.parse(in.get("period").toString()) : reports.lastComplete(audience, scheduled);
                outcomes.add(reports.delivery().deliver(audience, period, resendId(in, context)));
            }
        }
        telemetry.outcomes(outcomes, context == null ? null : context.getAwsRequestId());
        List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
        if (!failed.isEmpty()) {
            throw new NotSent(failed.size() + " of " + outcomes.size() + " not sent: " + String.join("; ",
                    failed.stream().map(o -> o.audience() + " " + o.period() + ": " + o.detail()).toList()));
        }
        out.put("reports", outcomes.stream().map(Outcome::toMap).toList());
        if (outcomes.size() == 1) out.putAll(outcomes.get(0).toMap());
        return out;
    }

    /**
     * A re-send's idempotency key: {@code resend_id} when given, else the invocation's request id, which Lambda keeps
     * across its own retries of an asynchronous invocation; null when no re-send is asked for.
     */
    private static String resendId(Map<String, Object> input, Context context) {
        if (!flag(input, "resend")) return null;
        if (input.get("resend_id") != null && !input.get("resend_id").toString().isBlank()) return input.get("resend_id").toString().strip();
        return context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : java.util.UUID.randomUUID().toString();
    }

    private static boolean flag(Map<String, Object> input, String key) {
        Object v = input.get(key);
        return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }

    private static Instant scheduledTime(Map<String, Object> input) {
        Object text = input.getOrDefault("scheduled_time", input.get("time"));
        return text == null ? null : OffsetDateTime.parse(text.toString()).toInstant();
    }
}
