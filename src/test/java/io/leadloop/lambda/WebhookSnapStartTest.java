package io.leadloop.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.IngestService;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.ingest.generic.StandardWebhooks;
import io.leadloop.local.LocalMain;
import io.leadloop.settings.Config;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.junit.jupiter.api.Test;

/** The webhook function's SnapStart hooks, called as the runtime calls them, against DynamoDB Local. */
@EndToEnd
class WebhookSnapStartTest {

    private static final String SECRET_PARAM = "/leadloop/generic-webhook-secret";
    private static final String ROTATED_SECRET = "whsec_" + Base64.getEncoder().encodeToString("rotated".getBytes(StandardCharsets.US_ASCII));

    private final Clock clock = Fixtures.clockAt(Fixtures.SIGNED_AT);
    /** What SSM holds now; a test rotates the secret by changing it. */
    private final Map<String, String> ssm = new HashMap<>(Map.of(SECRET_PARAM, LocalMain.TEST_GENERIC_SECRET));
    private final Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET + "_PARAM", SECRET_PARAM), ssm::get);
    private final SnapStartService<IngestService> snapStart = new SnapStartService<>(
            () -> Wiring.ingest(config.reread(), Engines.dynamo(), clock), ingest -> WebhookRehearsal.steps(ingest, clock));
    private final WebhookHandler handler = new WebhookHandler(snapStart);

    @Test
    void theRehearsalReachesEveryWriteOfTheDeliveryAndStoresNothing() {
        List<Runnable> steps = WebhookRehearsal.steps(snapStart.get(), clock);

        int refused = Rehearsal.run(steps);

        // receive (its PutItem), one TransactWriteItems per event, complete (its UpdateItem): each got to its write.
        assertEquals(steps.size(), refused);
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void afterTheCheckpointHookTheTableIsEmptyAndTheFirstDeliveryIsStored() {
        int emails = Engines.sentEmails().size();

        snapStart.beforeCheckpoint(Core.getGlobalContext());

        assertEquals(0, Engines.itemCount(config));
        assertEquals(emails, Engines.sentEmails().size());
        assertEquals(200, handler.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null).getStatusCode());
        assertEquals(new StageCounts(4, 2, 2, 2, 1, 1, 1, new BigDecimal("18500")), Fixtures.countsOf(config, Period.parse("2026-W47")));
    }

    @Test
    void afterARestoreTheSecretIsReadAgainSoARotatedOneIsAccepted() throws Exception {
        snapStart.beforeCheckpoint(Core.getGlobalContext());
        ssm.put(SECRET_PARAM, ROTATED_SECRET);
        APIGatewayV2HTTPEvent rotated = signedWith(ROTATED_SECRET);
        assertEquals(401, handler.handleRequest(rotated, null).getStatusCode(), "the snapshot still holds the old secret");

        snapStart.afterRestore(Core.getGlobalContext());

        assertEquals(200, handler.handleRequest(rotated, null).getStatusCode());
        assertEquals(401, handler.handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null).getStatusCode(),
                "the old secret is no longer accepted");
    }

    private static APIGatewayV2HTTPEvent signedWith(String secret) {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent("events/generic-webhook.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("webhook-signature", StandardWebhooks.sign(secret, headers.get("webhook-id"),
                Long.parseLong(headers.get("webhook-timestamp")), event.getBody().getBytes(StandardCharsets.UTF_8)));
        event.setHeaders(headers);
        return event;
    }
}
