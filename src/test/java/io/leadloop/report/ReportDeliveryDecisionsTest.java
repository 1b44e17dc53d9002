package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.FunnelRules;
import io.leadloop.funnel.Period;
import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.report.ReportDelivery.Due;
import io.leadloop.report.ReportDelivery.Outcome;
import io.leadloop.report.ReportDelivery.Status;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.Unit;
import io.leadloop.testing.memory.InMemoryFunnel;
import io.leadloop.testing.memory.InMemoryHistoryStatus;
import io.leadloop.testing.memory.InMemoryOwnerDirectory;
import io.leadloop.testing.memory.InMemoryReportLedger;
import io.leadloop.testing.memory.RecordingMailSender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ReportDelivery} decides to send, against the ledger, counters and mail sender in memory: the sample
 * webhook's funnel (events/generic-webhook.json, week 2026-W47 in Madrid) applied through the real rules. The same
 * decisions against DynamoDB Local and the SES emulator: {@link ReportDeliveryTest}.
 */
@Unit
class ReportDeliveryDecisionsTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final Period WEEK_47 = Period.parse("2026-W47");
    private static final String SALES_SUBJECT = "Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)";

    private final Clock clock = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private final InMemoryFunnel funnel = new InMemoryFunnel(new FunnelRules(MADRID), clock);
    private final InMemoryReportLedger ledger = new InMemoryReportLedger(clock);
    private final RecordingMailSender mail = new RecordingMailSender();
    private ReportService reports;
    private ReportDelivery delivery;

    @BeforeEach
    void applyTheSampleWebhook() throws WebhookRejected {
        funnel.apply(GenericAdapter.replayMapper().map(WebhookHandler.toRequest(Fixtures.httpEvent("events/generic-webhook.json")),
                Fixtures.SIGNED_AT).events());
        wire("");
    }

    /** @param salesSettings more of the sales audience's settings, e.g. its alert bands */
    private void wire(String salesSettings) {
        Config config = new Config(Map.of(StoreSettings.TABLE, "unused", StoreSettings.TIMEZONE, MADRID.getId(), ReportSettings.SENDER, "leadloop@example.com",
                Section.DOCUMENT, "{\"audiences\": {\"sales\": {\"recipients\": [\"head-of-sales@example.com\"]" + salesSettings + "}, "
                        + "\"marketing\": {\"recipients\": [\"cmo@example.com\"], \"alert_ratios\": []}}, \"alerts\": {\"min_denominator\": 2}}"),
                name -> null);
        reports = Wiring.reports(config, funnel, funnel, ledger, new InMemoryOwnerDirectory(), new InMemoryHistoryStatus(), clock);
        delivery = new ReportDelivery(reports, ledger, mail, clock);
    }

    private List<Due> bothAudiences() {
        return reports.audiences().stream().map(audience -> new Due(audience, WEEK_47)).toList();
    }

    private Audience sales() {
        return reports.audience(Audience.Kind.SALES);
    }

    @Test
    void aReportAlreadySentIsNotSentAgainAndTheOutcomeSaysSo() {
        List<Outcome> first = delivery.deliver(bothAudiences(), null);
        List<Outcome> second = delivery.deliver(bothAudiences(), null);

        assertEquals(List.of(Status.SENT, Status.SENT), first.stream().map(Outcome::status).toList());
        assertEquals(SALES_SUBJECT, first.get(0).subject());
        assertEquals(List.of(Status.ALREADY_SENT, Status.ALREADY_SENT), second.stream().map(Outcome::status).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(first.get(i).messageId(), second.get(i).messageId(), "the duplicate names the email that went out");
            assertTrue(second.get(i).detail().contains("nothing to do"), second.get(i).detail());
            assertNull(second.get(i).email(), "nothing was rendered");
        }
        assertEquals(2, mail.accepted().size(), "one email per audience, once");
        assertEquals(1, mail.withHeader("X-Leadloop-Report: sales 2026-W47").size());
        assertEquals(1, mail.withHeader("X-Leadloop-Report: marketing 2026-W47").size());
    }

    @Test
    void theAudiencesOfOneCallShareOneReadOfTheCountersAndTheNextCallReadsAfresh() {
        delivery.deliver(bothAudiences(), null);
        assertEquals(1, funnel.countersReads(), "both audiences report 2026-W47 from one read");

        delivery.deliver(bothAudiences(), "ticket-4711");
        assertEquals(2, funnel.countersReads(), "a later call does not report from the earlier one's read");
    }

    @Test
    void aResendSendsOncePerResendId() {
        delivery.deliver(sales(), WEEK_47, null);

        Outcome resent = delivery.deliver(sales(), WEEK_47, "ticket-4711");
        Outcome retried = delivery.deliver(sales(), WEEK_47, "ticket-4711");
        Outcome another = delivery.deliver(sales(), WEEK_47, "ticket-4712");

        assertEquals(Status.RESENT, resent.status());
        assertTrue(resent.detail().startsWith("sent again on request to head-of-sales@example.com"), resent.detail());
        assertEquals(Status.ALREADY_SENT, retried.status(), "a retried re-send with the same id");
        assertTrue(retried.detail().contains("re-send ticket-4711 already sent"), retried.detail());
        assertEquals(resent.messageId(), retried.messageId());
        assertEquals(Status.RESENT, another.status(), "a new id sends again");
        assertEquals(3, mail.withHeader("X-Leadloop-Report: sales 2026-W47").size());
        assertEquals(3, ledger.get("sales", "2026-W47").orElseThrow().sends());
    }

    @Test
    void aPermanentSendFailureLeavesTheReportStoredUnsentAndTheNextCallSendsIt() {
        mail.refuse(true);

        Outcome failed = delivery.deliver(sales(), WEEK_47, null);

        assertEquals(Status.FAILED, failed.status());
        assertTrue(failed.failed(), "the invocation fails, so that Lambda's retries and the dead-letter queue catch it");
        assertTrue(failed.detail().contains("MessageRejected") && failed.detail().contains("marked unsent"), failed.detail());
        ReportLedger.Entry unsent = ledger.get("sales", "2026-W47").orElseThrow();
        assertEquals(ReportLedger.Status.UNSENT, unsent.status());
        assertEquals(SALES_SUBJECT, unsent.subject(), "the report is stored");
        assertTrue(unsent.lastError().contains("MessageRejected"), unsent.lastError());

        mail.accept();
        Outcome next = delivery.deliver(sales(), WEEK_47, null);

        assertEquals(Status.SENT, next.status());
        assertEquals(ReportLedger.Status.SENT, ledger.get("sales", "2026-W47").orElseThrow().status());
        assertEquals(next.messageId(), ledger.get("sales", "2026-W47").orElseThrow().messageId());
        assertEquals(1, mail.accepted().size());
    }

    @Test
    void aReportClaimedByAnotherInvocationIsInProgressAndNotSent() {
        assertInstanceOf(ReportLedger.Claim.Claimed.class, ledger.claim("sales", "2026-W47", null, ReportDelivery.LEASE,
                new ReportLedger.Contents(SALES_SUBJECT, "{}", Map.of())), "another invocation claims the report and is still sending");

        Outcome busy = delivery.deliver(sales(), WEEK_47, null);

        assertEquals(Status.IN_PROGRESS, busy.status());
        assertTrue(busy.failed(), "counted as not sent, so that the invocation is retried");
        assertTrue(busy.detail().contains("another invocation claimed this report") && busy.detail().contains("retry after 150 s"), busy.detail());
        assertEquals(0, mail.accepted().size());
    }

    @Test
    void anAlertIsClaimedOncePerRatioAndPeriodAndAFailedOneIsTriedAgain() {
        wire(", \"alert_bands\": {\"close_rate\": {\"low\": 60, \"high\": 90}}");
        // Sunday evening of week 47: close rate so far is 1 won of 2 closed, 50%, below the 60-90% band.
        Instant sunday = Instant.parse("2026-11-22T20:00:00Z");

        mail.refuse(false);
        List<Outcome> refused = delivery.checkAlerts(reports.audiences(), sunday);
        mail.accept();
        List<Outcome> first = delivery.checkAlerts(reports.audiences(), sunday);
        List<Outcome> second = delivery.checkAlerts(reports.audiences(), sunday);

        assertEquals(List.of(Status.FAILED), alertsOf(refused));
        assertEquals(List.of(Status.ALERT_SENT), alertsOf(first), "the failed alert's claim was released");
        assertEquals("Alert, Sales 2026-W47 to date: Close Rate 50.0% (1 / 2), below its 60–90% band",
                first.stream().filter(o -> o.status() == Status.ALERT_SENT).findFirst().orElseThrow().subject());
        assertTrue(first.stream().anyMatch(o -> o.status() == Status.WITHIN_BAND), "leads-to-close 25% is within 20-30%: " + first);
        assertEquals(List.of(Status.ALREADY_ALERTED), alertsOf(second));
        assertEquals(1, mail.withHeader("X-Leadloop-Alert: sales close_rate 2026-W47").size(), "one alert, to sales only");
        assertEquals(1, mail.accepted().size());
    }

    /** The statuses of the outcomes that rendered an alert: the close rate's, the one ratio out of its band. */
    private static List<Status> alertsOf(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.subject() != null && o.subject().startsWith("Alert, ")).map(Outcome::status).toList();
    }
}
