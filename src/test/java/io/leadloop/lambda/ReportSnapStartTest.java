package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.report.MailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.junit.jupiter.api.Test;

/** The report function's SnapStart hooks, called as the runtime calls them, against DynamoDB Local and the SES emulator. */
@EndToEnd
class ReportSnapStartTest {

    private final String recipient = "rehearsal+" + System.nanoTime() + "@example.com";
    private final Config config = Engines.freshConfig(Map.of(
            GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            StoreSettings.TIMEZONE, "Europe/Madrid",
            ReportSettings.RECIPIENTS, recipient));
    private final Clock clock = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private final MailSender mail = new SesMailSender(AwsClients.ses(config));
    private final SnapStartService<ReportFunction> snapStart = new SnapStartService<>(
            () -> Wiring.report(config.reread(), Engines.dynamo(), mail, clock), function -> ReportRehearsal.steps(function, mail, clock));

    @Test
    void theRehearsalReachesEachAudiencesClaimAndSendAndSendsNothing() {
        int emails = Engines.sentEmails().size();

        int refused = Rehearsal.run(ReportRehearsal.steps(snapStart.get(), mail, clock));

        assertEquals(2 * snapStart.get().reports().audiences().size(), refused, "each audience's claim (UpdateItem) and its SendEmail");
        assertEquals(0, Engines.itemCount(config));
        assertEquals(emails, Engines.sentEmails().size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterTheCheckpointHookTheFirstReportIsBuiltFromTheTableNotFromTheRehearsal() {
        int emails = Engines.sentEmails().size();
        snapStart.beforeCheckpoint(Core.getGlobalContext());
        assertEquals(0, Engines.itemCount(config));
        assertEquals(emails, Engines.sentEmails().size());
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), clock)).handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);

        ReportHandler handler = new ReportHandler(snapStart);
        List<Map<String, Object>> reports = ReportHandlerTest.SCHEDULES.stream()
                .flatMap(s -> ((List<Map<String, Object>>) handler.handleRequest(Fixtures.jsonFile(s), null).get("reports")).stream())
                .toList();
        assertEquals(List.of("sent", "sent"), reports.stream().map(r -> r.get("status")).toList());
        assertEquals(List.of("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)", "Marketing report 2026-W47: MQL-to-SQL 100.0% (2 / 2)"),
                Engines.emailsTo(recipient).stream().map(e -> e.get("subject")).toList());
    }
}
