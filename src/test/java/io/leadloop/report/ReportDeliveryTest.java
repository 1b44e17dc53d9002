package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoReportLedger;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import io.leadloop.testing.SesFaults;
import io.leadloop.testing.SesFaults.Fault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly once, against the SES emulator: EventBridge Scheduler may invoke twice, SES may throttle or refuse, an
 * invocation may die half-way. SES calls go through {@link SesFaults}, which injects errors in front of the emulator.
 */
@EndToEnd
class ReportDeliveryTest {

    private static final Map<String, Object> SCHEDULED = Map.of("scheduled_time", "2026-11-23T08:00:00Z");

    private final String sales = "sales+" + System.nanoTime() + "@example.com";
    private final String marketing = "marketing+" + System.nanoTime() + "@example.com";
    private SesFaults ses;
    private Config config;

    @BeforeEach
    void start() {
        ses = SesFaults.start();
        config = config("");
    }

    @AfterEach
    void stop() {
        ses.close();
    }

    private Config config(String more) {
        return Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid",
                AwsClients.SES_ENDPOINT, ses.endpoint().toString(),
                Section.DOCUMENT, "{\"audiences\": {\"sales\": {\"recipients\": [\"" + sales + "\"]" + more + "}, "
                        + "\"marketing\": {\"recipients\": [\"" + marketing + "\"], \"alert_ratios\": []}}, \"alerts\": {\"min_denominator\": 2}}"));
    }

    private ReportHandler handler(Instant now) {
        Clock clock = Fixtures.clockAt(now);
        MailSender mail = new SesMailSender(AwsClients.ses(config), 4, Duration.ofMillis(1), d -> { });
        return new ReportHandler(Wiring.report(config, Engines.dynamo(), mail, clock));
    }

    private ReportHandler handler() {
        return handler(Fixtures.SIGNED_AT);
    }

    private void ingestSample() {
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);
    }

    private ReportLedger ledger() {
        return new DynamoReportLedger(Engines.dynamo(), config.required(StoreSettings.TABLE, "t"), Duration.ofDays(400), Clock.systemUTC());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reports(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("reports");
    }

    @Test
    void aSecondInvocationForTheSamePeriodSendsNothingAndSaysSo() {
        ingestSample();

        List<Map<String, Object>> first = reports(handler().handleRequest(SCHEDULED, null));
        List<Map<String, Object>> second = reports(handler().handleRequest(SCHEDULED, null));

        assertEquals(List.of("sent", "sent"), first.stream().map(r -> r.get("status")).toList());
        assertEquals(List.of("already_sent", "already_sent"), second.stream().map(r -> r.get("status")).toList());
        for (int i = 0; i < 2; i++) {
            assertEquals(first.get(i).get("message_id"), second.get(i).get("message_id"), "the duplicate names the email that went out");
            assertTrue(((String) second.get(i).get("detail")).contains("nothing to do"), (String) second.get(i).get("detail"));
        }
        assertEquals(1, Engines.emailsTo(sales).size(), "sent exactly once");
        assertEquals(1, Engines.emailsTo(marketing).size());
        assertEquals(2, ses.calls(), "the duplicate never reached SES");
        ReportLedger.Entry entry = ledger().get("sales", "2026-W47").orElseThrow();
        assertEquals(ReportLedger.Status.SENT, entry.status());
        assertEquals(first.get(0).get("message_id"), entry.messageId(), "the SES message id is recorded");
    }

    @Test
    void aResendIsAnExplicitOption() {
        ingestSample();
        String firstId = (String) reports(handler().handleRequest(SCHEDULED, null)).get(0).get("message_id");

        Map<String, Object> resent = handler().handleRequest(Map.of("scheduled_time", "2026-11-23T08:00:00Z", "audience", "sales", "resend", true), null);

        assertEquals("resent", resent.get("status"));
        assertNotEquals(firstId, resent.get("message_id"));
        assertEquals(2, Engines.emailsTo(sales).size());
        assertEquals(1, Engines.emailsTo(marketing).size(), "only the audience asked for");
        assertEquals(2, ledger().get("sales", "2026-W47").orElseThrow().sends());
    }

    @Test
    void concurrentAndRetriedResendsWithOneResendIdSendOneEmail() throws Exception {
        ingestSample();
        handler().handleRequest(SCHEDULED, null);
        Map<String, Object> resend = Map.of("scheduled_time", "2026-11-23T08:00:00Z", "audience", "sales", "resend", true,
                "resend_id", "ticket-4711");

        // Four invocations at once, as a double-clicked console or a retrying client would send them.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<String>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pool.submit(() -> {
                try {
                    return (String) handler().handleRequest(resend, null).get("status");
                } catch (ReportHandler.NotSent inProgress) {
                    return "in_progress";
                }
            }));
        }
        List<String> statuses = new java.util.ArrayList<>();
        for (var run : runs) statuses.add(run.get());
        pool.shutdown();
        // Then the same re-send again, as Lambda's retry of a failed invocation would.
        Map<String, Object> retried = handler().handleRequest(resend, null);

        assertEquals(1, statuses.stream().filter("resent"::equals).count(), statuses.toString());
        assertEquals("already_sent", retried.get("status"));
        assertTrue(((String) retried.get("detail")).contains("ticket-4711"), (String) retried.get("detail"));
        assertEquals(2, Engines.emailsTo(sales).size(), "the first send and exactly one re-send");
        assertEquals(2, ledger().get("sales", "2026-W47").orElseThrow().sends());

        Map<String, Object> another = handler().handleRequest(Map.of("audience", "sales", "period", "2026-W47", "resend", true,
                "resend_id", "ticket-4712"), null);
        assertEquals("resent", another.get("status"), "a new resend_id sends again");
        assertEquals(3, Engines.emailsTo(sales).size());
    }

    @Test
    void aResendWithoutResendIdIsKeyedByTheInvocationRequestIdThatLambdaRetriesKeep() {
        ingestSample();
        handler().handleRequest(SCHEDULED, null);
        Map<String, Object> resend = Map.of("audience", "sales", "period", "2026-W47", "resend", true);

        assertEquals("resent", handler().handleRequest(resend, invocation("5f1c-aa01")).get("status"));
        assertEquals("already_sent", handler().handleRequest(resend, invocation("5f1c-aa01")).get("status"), "Lambda's retry");
        assertEquals("resent", handler().handleRequest(resend, invocation("77d0-bb02")).get("status"), "a new invocation");

        assertEquals(3, Engines.emailsTo(sales).size());
    }

    /** A Lambda context with only the request id set, as the runtime passes it (and keeps it on its retries). */
    private static com.amazonaws.services.lambda.runtime.Context invocation(String requestId) {
        return (com.amazonaws.services.lambda.runtime.Context) java.lang.reflect.Proxy.newProxyInstance(
                ReportDeliveryTest.class.getClassLoader(), new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
    }

    @Test
    void aPermanentSesFailureLeavesTheReportStoredUnsentAndTheNextInvocationSendsIt() {
        ingestSample();
        ses.alwaysFail(Fault.rejected());

        ReportHandler.NotSent failure = assertThrows(ReportHandler.NotSent.class, () -> handler().handleRequest(SCHEDULED, null),
                "the function fails, so that Lambda's retries and the dead-letter queue catch it");

        assertTrue(failure.getMessage().contains("MessageRejected"), failure.getMessage());
        assertEquals(2, ses.calls(), "a rejected message is not retried: one call per audience");
        assertEquals(0, Engines.emailsTo(sales).size());
        ReportLedger.Entry unsent = ledger().get("sales", "2026-W47").orElseThrow();
        assertEquals(ReportLedger.Status.UNSENT, unsent.status());
        assertTrue(unsent.lastError().contains("MessageRejected"), unsent.lastError());
        assertEquals("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)", unsent.subject(), "the report is stored");
        Map<String, Object> stored = handler().handleRequest(Map.of("fetch", true, "audience", "sales", "period", "2026-W47"), null);
        assertEquals("unsent", stored.get("status"));

        ses.alwaysFail(null);
        List<Map<String, Object>> retried = reports(handler().handleRequest(SCHEDULED, null));

        assertEquals(List.of("sent", "sent"), retried.stream().map(r -> r.get("status")).toList());
        assertEquals(1, Engines.emailsTo(sales).size());
        assertEquals(1, Engines.emailsTo(marketing).size());
        assertEquals(ReportLedger.Status.SENT, ledger().get("sales", "2026-W47").orElseThrow().status());
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithBackoff() {
        ingestSample();
        ses.thenFail(Fault.throttled(), Fault.unavailable());

        Map<String, Object> result = handler().handleRequest(Map.of("scheduled_time", "2026-11-23T08:00:00Z", "audience", "sales"), null);

        assertEquals("sent", result.get("status"));
        assertEquals(3, ses.calls(), "429, 503, then accepted");
        assertEquals(1, Engines.emailsTo(sales).size());
        assertEquals(1, ledger().get("sales", "2026-W47").orElseThrow().attempts(), "one claim: the retries happen inside it");
    }

    @Test
    void aReportClaimedByAnInvocationThatDiedIsSentOnceItsLeaseExpires() {
        ingestSample();
        ReportLedger ledger = new DynamoReportLedger(Engines.dynamo(), config.required(StoreSettings.TABLE, "t"), Duration.ofDays(400), Fixtures.clockAt(Fixtures.SIGNED_AT));
        assertTrue(ledger.claim("sales", "2026-W47", null, ReportDelivery.LEASE, new ReportLedger.Contents("s", "{}", Map.of()))
                instanceof ReportLedger.Claim.Claimed, "an invocation claims the report, then dies");

        ReportHandler.NotSent busy = assertThrows(ReportHandler.NotSent.class,
                () -> handler().handleRequest(Map.of("scheduled_time", "2026-11-23T08:00:00Z", "audience", "sales"), null));
        assertTrue(busy.getMessage().contains("another invocation claimed this report"), busy.getMessage());
        assertEquals(0, Engines.emailsTo(sales).size());

        Map<String, Object> later = handler(Fixtures.SIGNED_AT.plus(Duration.ofMinutes(3)))
                .handleRequest(Map.of("scheduled_time", "2026-11-23T08:00:00Z", "audience", "sales"), null);

        assertEquals("sent", later.get("status"));
        assertEquals(1, Engines.emailsTo(sales).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSentReportCanBeFetchedAsJsonAndFeedsTheNextTrend() {
        ingestSample();
        handler().handleRequest(SCHEDULED, null);

        Map<String, Object> fetched = handler().handleRequest(Map.of("fetch", true, "audience", "sales", "period", "2026-W47"), null);

        assertEquals("sent", fetched.get("status"));
        Map<String, Object> snapshot = (Map<String, Object>) fetched.get("snapshot");
        assertEquals("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)", snapshot.get("subject"));
        Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) snapshot.get("report")).get("counts");
        assertEquals(4, ((Number) counts.get("leads")).intValue());
        assertEquals(13, ((List<?>) snapshot.get("trend")).size());

        // A week later the trend takes week 47 as it was sent, even if late events changed its counters since.
        Map<String, Object> next = handler(Fixtures.SIGNED_AT.plus(Duration.ofDays(7)))
                .handleRequest(Map.of("scheduled_time", "2026-11-30T08:00:00Z", "audience", "sales"), null);
        Map<String, Object> w48 = (Map<String, Object>) handler(Fixtures.SIGNED_AT.plus(Duration.ofDays(7)))
                .handleRequest(Map.of("fetch", true, "audience", "sales", "period", "2026-W48"), null).get("snapshot");
        assertEquals("2026-W48", next.get("period"));
        Map<String, Object> point47 = ((List<Map<String, Object>>) w48.get("trend")).stream()
                .filter(p -> p.get("period").equals("2026-W47")).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, point47.get("as_sent"));
    }

    @Test
    void anAlertGoesToItsSideOncePerRatioAndPeriod() {
        config = config(", \"alert_bands\": {\"close_rate\": {\"low\": 60, \"high\": 90}}");
        ingestSample();
        // Sunday evening of week 47: close rate so far is 1 won of 2 closed, 50%, below the 60-90% band.
        Map<String, Object> check = Map.of("alerts", true, "scheduled_time", "2026-11-22T20:00:00Z");

        List<Map<String, Object>> first = reports(handler().handleRequest(check, null));
        List<Map<String, Object>> second = reports(handler().handleRequest(check, null));

        Map<String, Object> alert = first.stream().filter(r -> "alert_sent".equals(r.get("status"))).findFirst().orElseThrow();
        assertEquals("Alert, Sales 2026-W47 to date: Close Rate 50.0% (1 / 2), below its 60–90% band", alert.get("subject"));
        assertTrue(first.stream().anyMatch(r -> "within_band".equals(r.get("status"))), "leads-to-close 25% is within 20-30%: " + first);
        assertTrue(second.stream().anyMatch(r -> "already_alerted".equals(r.get("status"))), second.toString());
        assertTrue(second.stream().noneMatch(r -> "alert_sent".equals(r.get("status"))));
        List<Map<String, Object>> emails = Engines.emailsTo(sales);
        assertEquals(1, emails.size(), "one alert, to sales only");
        assertEquals(alert.get("subject"), emails.get(0).get("subject"));
        assertEquals(0, Engines.emailsTo(marketing).size());
    }
}
