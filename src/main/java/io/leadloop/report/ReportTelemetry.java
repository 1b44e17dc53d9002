package io.leadloop.report;

import io.leadloop.ops.MetricLog;
import io.leadloop.report.ReportDelivery.Outcome;
import io.leadloop.report.ReportDelivery.Status;
import io.leadloop.settings.Audience;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One log line per report or alert an invocation dealt with, with the reports (and alerts) sent and failed by
 * audience. Recipients, subject and detail stay out: they carry email addresses, and SES errors quote them.
 */
public final class ReportTelemetry {

    private static final Set<Status> REPORTS_SENT = Set.of(Status.SENT, Status.RESENT);

    private final MetricLog log;

    public ReportTelemetry(MetricLog log) {
        this.log = log;
    }

    public void outcomes(List<Outcome> outcomes, String requestId) {
        for (Outcome o : outcomes) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("log", "report");
            fields.put("Audience", o.audience());
            fields.put("period", o.period());
            fields.put("status", o.status().name().toLowerCase(Locale.ROOT));
            if (o.messageId() != null) fields.put("message_id", o.messageId());
            if (requestId != null) fields.put("request_id", requestId);
            Map<String, Long> metrics = new LinkedHashMap<>();
            metrics.put("ReportsSent", REPORTS_SENT.contains(o.status()) ? 1L : 0L);
            metrics.put("AlertsSent", o.status() == Status.ALERT_SENT ? 1L : 0L);
            metrics.put("ReportsFailed", o.failed() ? 1L : 0L);
            log.write(fields, List.of("Audience"), metrics);
        }
    }
}
