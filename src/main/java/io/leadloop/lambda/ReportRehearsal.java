package io.leadloop.lambda;

import io.leadloop.funnel.Period;
import io.leadloop.report.AudienceReport;
import io.leadloop.report.Email;
import io.leadloop.report.MailSender;
import io.leadloop.report.MimeMessage;
import io.leadloop.report.ReportService;
import io.leadloop.settings.Audience;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the report function does before its SnapStart snapshot: each audience's report of its last complete period
 * is read from an empty table, analysed, rendered (with its alerts) and sent, without anything being sent
 * ({@link Rehearsal}): GetItem, BatchGetItem and Query find nothing, the claim (UpdateItem) and SendEmail are refused.
 */
public final class ReportRehearsal {
    private ReportRehearsal() {}

    public static List<Runnable> steps(ReportFunction function, MailSender mail, Clock clock) {
        ReportService reports = function.reports();
        List<Runnable> steps = new ArrayList<>();
        for (Audience audience : reports.audiences()) {
            Period period = reports.lastComplete(audience, null);
            steps.add(() -> function.delivery().deliver(audience, period, null));
            steps.add(() -> {
                AudienceReport report = reports.prepare(audience, period);
                Email email = reports.render(report);
                audience.alertBands().forEach((kind, band) -> reports.renderAlert(report, kind, band));
                mail.send(MimeMessage.build(audience.sender(), audience.recipients(), email,
                        ZonedDateTime.now(clock.withZone(audience.zone())), Map.of()));
            });
        }
        return steps;
    }
}
