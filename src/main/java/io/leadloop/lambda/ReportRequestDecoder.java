package io.leadloop.lambda;

import io.leadloop.funnel.Period;
import io.leadloop.ingest.Replay;
import io.leadloop.report.ReportDelivery;
import io.leadloop.report.ReportService;
import io.leadloop.settings.Audience;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the report function's input (its keys: {@link ReportHandler}) into a {@link ReportRequest}. */
final class ReportRequestDecoder {
    private ReportRequestDecoder() {}

    /**
     * @param requestId the invocation's request id, or null
     * @param reports resolves the audiences asked for (all enabled ones by default) and their periods
     * @throws IllegalArgumentException when the input asks for something that cannot be done, saying what would do
     */
    static ReportRequest decode(Map<String, Object> input, String requestId, ReportService reports) {
        Map<String, Object> in = input == null ? Map.of() : input;
        if (in.get("replay") != null) {
            if (!(in.get("replay") instanceof Map<?, ?> replay)) {
                throw new IllegalArgumentException("\"replay\" must be an object, e.g. {\"replay\": {\"source\": \"hubspot\","
                        + " \"from\": \"2026-11-01\", \"to\": \"2026-11-30\"}}");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> page = (Map<String, ?>) replay;
            return new ReportRequest.ReplayPage(Replay.Request.of(page));
        }
        List<Audience> audiences = in.get("audience") == null ? reports.audiences()
                : List.of(reports.audience(Audience.Kind.parse(in.get("audience").toString())));
        Instant scheduled = scheduledTime(in);
        if (flag(in, "fetch")) {
            if (in.get("period") == null || audiences.size() != 1) {
                throw new IllegalArgumentException("\"fetch\" needs an \"audience\" and a \"period\", e.g. {\"fetch\": true, \"audience\": \"sales\", \"period\": \"2026-W47\"}");
            }
            return new ReportRequest.Fetch(audiences.get(0), Period.parse(in.get("period").toString()));
        }
        if (flag(in, "alerts")) return new ReportRequest.Alerts(audiences, scheduled);
        Period period = in.get("period") == null ? null : Period.parse(in.get("period").toString());
        return new ReportRequest.Send(audiences.stream().map(audience -> new ReportDelivery.Due(audience,
                period != null ? period : reports.lastComplete(audience, scheduled))).toList(), resendId(in, requestId));
    }

    /**
     * A re-send's idempotency key: {@code resend_id} when given, else the invocation's request id, which Lambda keeps
     * across its own retries of an asynchronous invocation; null when no re-send is asked for.
     */
    private static String resendId(Map<String, Object> input, String requestId) {
        if (!flag(input, "resend")) return null;
        if (input.get("resend_id") != null && !input.get("resend_id").toString().isBlank()) return input.get("resend_id").toString().strip();
        return requestId != null ? requestId : UUID.randomUUID().toString();
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
