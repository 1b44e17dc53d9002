package io.leadloop.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.leadloop.config.Config;
import io.leadloop.config.Wiring;
import io.leadloop.funnel.Period;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invoked by EventBridge Scheduler. The schedule's input carries {@code scheduled_time}
 * ({@code <aws.scheduler.scheduled-time>}), so a retried invocation reports on the same week as the first;
 * {@code period} (e.g. 2026-W47) asks for a given period instead. An EventBridge scheduled event's
 * {@code time} is understood too.
 */
public final class ReportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final ReportService reports;

    public ReportHandler() {
        this(Wiring.report(Config.fromEnvironment()));
    }

    public ReportHandler(ReportService reports) {
        this.reports = reports;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Period period = input.get("period") != null
                ? Period.parse(input.get("period").toString())
                : reports.lastCompleteWeek(scheduledTime(input));
        ReportService.Sent sent = reports.send(period);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period.label());
        out.put("message_id", sent.messageId());
        out.put("subject", sent.email().subject());
        return out;
    }

    private static Instant scheduledTime(Map<String, Object> input) {
        Object text = input.getOrDefault("scheduled_time", input.get("time"));
        return text == null ? null : OffsetDateTime.parse(text.toString()).toInstant();
    }
}
