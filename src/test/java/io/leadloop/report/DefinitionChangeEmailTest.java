package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.ReportHandlerTest;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A qualified-lead definition that changes mid-week: the week's email prints both, each with its days. */
@EndToEnd
class DefinitionChangeEmailTest {

    private final String marketing = "marketing+" + System.nanoTime() + "@example.com";

    @Test
    void theEmailPrintsBothDefinitionsWithTheirDays() {
        // Week 2026-W47 runs Mon 16 – Sun 22 November; the second definition takes effect on Wednesday the 18th.
        Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET, StoreSettings.TIMEZONE, "Europe/Madrid",
                Section.DOCUMENT, """
                        {"audiences": {"marketing": {"recipients": ["%s"]}},
                         "qualified_lead": {"definitions": [
                           {"effective_from": "2026-01-01", "rules": [{"attribute": "form", "one_of": ["demo-request"]}]},
                           {"effective_from": "2026-11-18", "rules": [{"attribute": "employees", "at_least": 50}]}]}}"""
                        .formatted(marketing)));
        new WebhookHandler(Wiring.ingest(config, Engines.dynamo(), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Fixtures.httpEvent("events/generic-webhook.json"), null);

        new ReportHandler(Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)), Fixtures.clockAt(Fixtures.SIGNED_AT)))
                .handleRequest(Map.of("period", "2026-W47", "audience", "marketing"), null);

        String text = ReportHandlerTest.body(Engines.emailsTo(marketing).get(0), "text").replaceAll("\\s+", " ");
        assertTrue(text.contains("2026-11-16 – 2026-11-17: form is one of demo-request; 2026-11-18 – 2026-11-22: employees ≥ 50"), text);
    }
}
