package io.leadloop.lambda;

import io.leadloop.ingest.Replay;
import io.leadloop.report.ReportDelivery;
import io.leadloop.report.ReportService;

/**
 * What the report function works with: the reports, their delivery, and the ops input {@code replay} (re-applying
 * stored deliveries after a mapping change, on this function's time rather than a webhook's).
 */
public record ReportFunction(ReportService reports, ReportDelivery delivery, Replay replay) {}
