package io.leadloop.ingest.salesforce;

import static io.leadloop.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.StageCounts;
import io.leadloop.ingest.CrmAdapter;
import io.leadloop.ingest.IngestService;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.settings.Config;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.DynamoDeliveryArchive;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The Salesforce route end to end: the sample Outbound Messages in events/ through the real handler into DynamoDB Local. */
@EndToEnd
public class SalesforceWebhookHandlerTest {

    /** The token in the sample requests' URLs; docs/webhooks/salesforce.md names it too. Never use it in production. */
    static final String TEST_TOKEN = "sfobm-test-3b8f0c6e1d7a4f29a5c2e9b04d6f1a87";
    /** The sample org as Setup → Company Information shows it (15 characters); its messages carry the 18-character form. */
    static final String TEST_ORG_ID = "00D5g000004XyZa";
    static final String TEST_ORG_ID_18 = "00D5g000004XyZaEAK";
    public static final String LEAD_MESSAGE = "events/salesforce-outbound-message.json";
    public static final String OPPORTUNITY_MESSAGE = "events/salesforce-opportunity-message.json";
    /** The settings docs/webhooks/salesforce.md shows, for the custom fields the sample org sends. */
    public static final String SAMPLE_SETTINGS = "\"organization_ids\": [\"" + TEST_ORG_ID + "\"], \"campaign_field\": \"UTM_Campaign__c\", "
            + "\"form_field\": \"Web_Form__c\", \"loss_reason_field\": \"Loss_Reason__c\"";

    private static final Period WEEK_47 = Period.parse("2026-W47");
    private static final Clock CLOCK = Fixtures.clockAt(Fixtures.SIGNED_AT);
    private static final Pattern NOTIFICATION = Pattern.compile(" *<Notification>.*?</Notification>\\n", Pattern.DOTALL);

    /*
     * Week 2026-W47 in Europe/Madrid, from the two sample messages:
     * leads 6: Qa, Qb, Qd (Mon), Qc (Tue), Qe (Wed), Qf (Thu); Pz was created the week before (Thu 12th).
     * MQLs 4: Qb (Working - Contacted, Tue), Pz (Working - Contacted, Mon), and Qd, Qe, which reached SQL.
     *   Qf's status "Nurturing" is not mapped by default, so it is a lead only (and unmapped in the delivery).
     * SQLs 2: Qd and Qe, both Closed - Converted; Qe went straight there from being created.
     * opportunities 2: Qd and Qe, through their converted opportunities 7Ta (Wed) and 7Tb (Thu).
     * customers 1: Qd, whose 7Ta was won on Fri 20th.
     * won 2: 7Ta (Fri) and 6Rm (Close Date Tue 17th, although last edited on Mon 23rd); lost 1: 7Tb (Sat).
     * won value 25700 = 18500.0 (7Ta) + 7200.0 (6Rm): Amount is an xsd:double; counters read back without trailing zeros.
     * The open 7Tc and Qc's disqualification are not in these counts.
     */
    private static final StageCounts SAMPLE_WEEK = new StageCounts(6, 4, 2, 2, 1, 2, 1, new BigDecimal("25700"));

    private final Config config = configWith(SAMPLE_SETTINGS);
    private final WebhookHandler handler = handler(config);

    public static Config configWith(String salesforceSettings) {
        return Engines.freshConfig(Map.of(
                StoreSettings.TIMEZONE, "Europe/Madrid",
                SalesforceAdapter.TOKEN, TEST_TOKEN,
                Section.DOCUMENT, "{\"salesforce\": {" + salesforceSettings + "}}"));
    }

    public static WebhookHandler handler(Config config) {
        CrmAdapter adapter = SalesforceAdapter.fromConfig(config, CLOCK).orElseThrow();
        String table = config.required(StoreSettings.TABLE, "");
        return new WebhookHandler(new IngestService(List.of(adapter),
                new DynamoDeliveryArchive(Engines.dynamo(), table, Duration.ofDays(400), CLOCK), Wiring.ledger(config, Engines.dynamo(), CLOCK)));
    }

    @Test
    void theSampleMessagesAreAcknowledgedAndGiveTheWeeksFunnel() throws Exception {
        assertAcknowledged(handler.handleRequest(Fixtures.httpEvent(LEAD_MESSAGE), null));
        assertAcknowledged(handler.handleRequest(Fixtures.httpEvent(OPPORTUNITY_MESSAGE), null));

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void redeliveredMessagesCountEachChangeOnce() throws Exception {
        for (int round = 0; round < 2; round++) {
            assertAcknowledged(handler.handleRequest(Fixtures.httpEvent(LEAD_MESSAGE), null));
            assertAcknowledged(handler.handleRequest(Fixtures.httpEvent(OPPORTUNITY_MESSAGE), null));
        }

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void notificationsArrivingOneByOneInShuffledOrderGiveTheSameFunnel() throws Exception {
        // Salesforce retries each message independently, so opportunities may arrive before their leads.
        List<APIGatewayV2HTTPEvent> single = new ArrayList<>();
        for (String file : List.of(LEAD_MESSAGE, OPPORTUNITY_MESSAGE)) {
            String body = Fixtures.httpEvent(file).getBody();
            for (String notification : notifications(body)) {
                single.add(withBody(file, withNotifications(body, List.of(notification))));
            }
        }
        Collections.shuffle(single, new Random(47));

        for (APIGatewayV2HTTPEvent event : single) {
            assertAcknowledged(handler.handleRequest(event, null));
        }

        assertEquals(SAMPLE_WEEK, Fixtures.countsOf(config, WEEK_47));
    }

    @Test
    void anOrgsOwnStatusValueCanBeMapped() throws Exception {
        Config nurturingIsMql = configWith(SAMPLE_SETTINGS + ", \"lead_statuses\": {\"Nurturing\": \"mql\"}");
        WebhookHandler mapped = handler(nurturingIsMql);

        assertAcknowledged(mapped.handleRequest(Fixtures.httpEvent(LEAD_MESSAGE), null));
        assertAcknowledged(mapped.handleRequest(Fixtures.httpEvent(OPPORTUNITY_MESSAGE), null));

        // Qf (Nurturing) now counts as an MQL too; everything else is as in the sample week.
        assertEquals(new StageCounts(6, 5, 2, 2, 1, 2, 1, new BigDecimal("25700")), Fixtures.countsOf(nurturingIsMql, WEEK_47));
    }

    @Test
    void aMissingTokenIsRefusedAndNothingIsWritten() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(LEAD_MESSAGE);
        event.setRawQueryString("");

        assertProblem(handler.handleRequest(event, null), 401, "urn:leadloop:problem:unauthenticated", "no token parameter");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aWrongTokenIsRefusedAndNothingIsWritten() throws Exception {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(LEAD_MESSAGE);
        event.setRawQueryString("token=" + TEST_TOKEN.replace('3', '4'));

        assertProblem(handler.handleRequest(event, null), 401, "urn:leadloop:problem:unauthenticated", "does not match");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void anotherOrgIsForbiddenAndNothingIsWritten() throws Exception {
        String body = Fixtures.httpEvent(LEAD_MESSAGE).getBody().replace(TEST_ORG_ID_18, "00D7Q000002KdWxUAK");

        APIGatewayV2HTTPResponse response = handler.handleRequest(withBody(LEAD_MESSAGE, body), null);

        assertProblem(response, 403, "urn:leadloop:problem:forbidden-sender", "00D7Q000002KdWxUAK is not in LEADLOOP_CONFIG.salesforce.organization_ids");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void malformedXmlIsRefusedAndNothingIsWritten() throws Exception {
        String body = Fixtures.httpEvent(LEAD_MESSAGE).getBody();

        APIGatewayV2HTTPResponse response = handler.handleRequest(withBody(LEAD_MESSAGE, body.substring(0, body.length() / 2)), null);

        assertProblem(response, 400, "urn:leadloop:problem:malformed-body", "not an acceptable XML document");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void aSoapEnvelopeThatIsNoOutboundMessageIsRefused() throws Exception {
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
                  <soapenv:Body><login xmlns="urn:partner.soap.sforce.com"><username>a@example.com</username></login></soapenv:Body>
                </soapenv:Envelope>
                """;

        APIGatewayV2HTTPResponse response = handler.handleRequest(withBody(LEAD_MESSAGE, body), null);

        assertProblem(response, 400, "urn:leadloop:problem:malformed-body", "must hold a notifications element");
        assertEquals(0, Engines.itemCount(config));
    }

    @Test
    void anExternalEntityIsRefusedUnread() throws Exception {
        String body = Fixtures.httpEvent(LEAD_MESSAGE).getBody()
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE soapenv:Envelope [<!ENTITY org SYSTEM \"file:///etc/hostname\">]>")
                .replace("<OrganizationId>" + TEST_ORG_ID_18 + "</OrganizationId>", "<OrganizationId>&org;</OrganizationId>");

        APIGatewayV2HTTPResponse response = handler.handleRequest(withBody(LEAD_MESSAGE, body), null);

        assertProblem(response, 400, "urn:leadloop:problem:malformed-body", "DOCTYPE");
        assertEquals(0, Engines.itemCount(config));
    }

    /** Salesforce stops retrying only on this exact answer: its notificationsResponse with Ack true, as SOAP 1.1. */
    public static void assertAcknowledged(APIGatewayV2HTTPResponse response) throws Exception {
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/xml; charset=utf-8", response.getHeaders().get("Content-Type"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document ack = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.getBody().getBytes(StandardCharsets.UTF_8)));
        Element envelope = ack.getDocumentElement();
        assertEquals("http://schemas.xmlsoap.org/soap/envelope/", envelope.getNamespaceURI());
        assertEquals("Envelope", envelope.getLocalName());
        Element body = (Element) envelope.getElementsByTagNameNS("http://schemas.xmlsoap.org/soap/envelope/", "Body").item(0);
        assertNotNull(body, "the envelope has a Body");
        Element answer = (Element) body.getElementsByTagNameNS("http://soap.sforce.com/2005/09/outbound", "notificationsResponse").item(0);
        assertNotNull(answer, "the Body holds notificationsResponse in the outbound namespace");
        assertEquals("true", answer.getElementsByTagNameNS("http://soap.sforce.com/2005/09/outbound", "Ack").item(0).getTextContent());
    }


    public static APIGatewayV2HTTPEvent withBody(String file, String body) {
        APIGatewayV2HTTPEvent event = Fixtures.httpEvent(file);
        event.setBody(body);
        return event;
    }

    /** The Notification elements of a sample message, as written in it. */
    static List<String> notifications(String body) {
        List<String> found = new ArrayList<>();
        Matcher m = NOTIFICATION.matcher(body);
        while (m.find()) found.add(m.group());
        return found;
    }

    /** The sample message with its notifications replaced by {@code notifications}. */
    public static String withNotifications(String body, List<String> notifications) {
        Matcher m = NOTIFICATION.matcher(body);
        assertTrue(m.find(), "the sample holds notifications");
        String head = body.substring(0, m.start());
        int end = m.end();
        while (m.find()) end = m.end();
        return head + String.join("", notifications) + body.substring(end);
    }
}
