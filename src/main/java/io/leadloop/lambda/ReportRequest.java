package io.leadloop.lambda;

import io.leadloop.funnel.Period;
import io.leadloop.ingest.Replay;
import io.leadloop.report.ReportDelivery;
import io.leadloop.settings.Audience;
import java.time.Instant;
import java.util.List;

/** What one invocation of the report function asks for ({@link ReportRequestDecoder} reads it from the input). */
sealed interface ReportRequest {

    /** Each audience's report of its period, once per {@code resendId} when that is not null. */
    record Send(List<ReportDelivery.Due> reports, String resendId) implements ReportRequest {}

    /** The off-cycle check of each audience's period in progress at {@code at} (null: now). */
    record Alerts(List<Audience> audiences, Instant at) implements ReportRequest {}

    /** A sent report's stored JSON. */
    record Fetch(Audience audience, Period period) implements ReportRequest {}

    /** One bounded page of a replay. */
    record ReplayPage(Replay.Request request) implements ReportRequest {}
}
