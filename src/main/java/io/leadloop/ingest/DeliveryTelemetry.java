package io.leadloop.ingest;

import io.leadloop.ops.MetricLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One log line per delivery, whatever its answer, with its metrics: events applied, duplicates and unmapped by
 * route, rejections by problem type. It says what an operator needs and nothing a sender sent: no header, no body,
 * no problem detail (which may quote a field), so no secret and no personal data (lead ids and emails stay out).
 */
public final class DeliveryTelemetry {

    private static final String PROBLEM_PREFIX = "urn:leadloop:problem:";

    private final MetricLog log;

    public DeliveryTelemetry(MetricLog log) {
        this.log = log;
    }

    /**
     * Runs {@code receive} and logs its answer; a failure is logged as the 500 API Gateway answers for it and
     * thrown on, so that Lambda counts the invocation as an error.
     */
    public WebhookResponse observe(String source, Supplier<WebhookResponse> receive, String requestId) {
        WebhookResponse response;
        try {
            response = receive.get();
        } catch (RuntimeException e) {
            Map<String, Object> fields = fields(source, 500, requestId);
            fields.put("ProblemType", "internal-error");
            fields.put("error", e.getClass().getSimpleName());
            log.write(fields, List.of("ProblemType"), Map.of("DeliveriesRejected", 1L));
            throw e;
        }
        if (response.receipt() != null) {
            CrmAdapter.Receipt receipt = response.receipt();
            Map<String, Object> fields = fields(source, response.status(), requestId);
            fields.put("delivery", receipt.delivery());
            fields.put("received", receipt.received());
            Map<String, Long> metrics = new LinkedHashMap<>();
            metrics.put("EventsApplied", (long) receipt.applied());
            metrics.put("EventsDuplicate", (long) receipt.duplicates());
            metrics.put("EventsUnmapped", (long) receipt.unmapped());
            log.write(fields, List.of("Source"), metrics);
        } else {
            String problem = response.problemType() == null ? "unknown" : response.problemType().replace(PROBLEM_PREFIX, "");
            // A route nobody configured is whatever the caller typed: never a dimension, nor logged as sent.
            Map<String, Object> fields = fields(problem.equals("unknown-source") ? "unknown" : source, response.status(), requestId);
            fields.put("ProblemType", problem);
            log.write(fields, List.of("ProblemType"), Map.of("DeliveriesRejected", 1L));
        }
        return response;
    }

    private static Map<String, Object> fields(String source, int status, String requestId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("log", "webhook-delivery");
        fields.put("Source", source);
        fields.put("status", status);
        if (requestId != null) fields.put("request_id", requestId);
        return fields;
    }
}
