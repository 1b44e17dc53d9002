package io.leadloop.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.leadloop.lambda.ReportRequest.Alerts;
import io.leadloop.lambda.ReportRequest.Fetch;
import io.leadloop.lambda.ReportRequest.ReplayPage;
import io.leadloop.lambda.ReportRequest.Send;
import io.leadloop.ops.MetricLog;
import io.leadloop.report.ReportDelivery.Outcome;
import io.leadloop.report.ReportTelemetry;
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

    private final Supplier<ReportFunction> function;
    private final ReportTelemetry telemetry;

    /** The Lambda runtime's constructor: wired once per container and again after each SnapStart restore. */
    public ReportHandler() {
        this(Wiring.reportFunction());
    }

    public ReportHandler(ReportFunction function) {
        this(() -> function);
    }

    /** @param function what to use for each invocation, as it is at that time */
    public ReportHandler(Supplier<ReportFunction> function) {
        this(function, new ReportTelemetry(MetricLog.standardOutput()));
    }

    public ReportHandler(Supplier<ReportFunction> function, ReportTelemetry telemetry) {
        this.function = function;
        this.telemetry = telemetry;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        ReportFunction function = this.function.get();
        String requestId = context == null ? null : context.getAwsRequestId();
        ReportRequest request = ReportRequestDecoder.decode(input, requestId, function.reports());
        if (request instanceof Send send) return answer(function.delivery().deliver(send.reports(), send.resendId()), requestId);
        if (request instanceof Alerts alerts) return answer(function.delivery().checkAlerts(alerts.audiences(), alerts.at()), requestId);
        if (request instanceof Fetch fetch) return function.delivery().fetch(fetch.audience(), fetch.period()).orElseGet(() -> notFound(fetch));
        return function.replay().run(((ReplayPage) request).request(),
                () -> context == null || context.getRemainingTimeInMillis() > REPLAY_MARGIN_MILLIS).toMap();
    }

    /** Every outcome, and the only one's fields at the top when there is one; fails when any was not sent. */
    private Map<String, Object> answer(List<Outcome> outcomes, String requestId) {
        telemetry.outcomes(outcomes, requestId);
        List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
        if (!failed.isEmpty()) {
            throw new NotSent(failed.size() + " of " + outcomes.size() + " not sent: " + String.join("; ",
                    failed.stream().map(o -> o.audience() + " " + o.period() + ": " + o.detail()).toList()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reports", outcomes.stream().map(Outcome::toMap).toList());
        if (outcomes.size() == 1) out.putAll(outcomes.get(0).toMap());
        return out;
    }

    private static Map<String, Object> notFound(Fetch fetch) {
        return Map.of("audience", fetch.audience().id(), "period", fetch.period().label(), "status", "not_found",
                "detail", "no report of this period was stored for this audience");
    }
}
