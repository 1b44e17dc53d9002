package io.leadloop.ingest.salesforce;

import io.leadloop.ingest.WebhookRejected;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A Salesforce Outbound Message as it arrives: a SOAP 1.1 envelope whose body is one {@code notifications} call
 * (see the outbound messaging WSDL). Only the structure is read here; what the records mean is
 * {@link SalesforceMapping}'s business.
 */
record SalesforceMessage(String organizationId, List<Notification> notifications) {

    private static final String SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String OUTBOUND = "http://soap.sforce.com/2005/09/outbound";
    private static final String SOBJECT = "urn:sobject.enterprise.soap.sforce.com";
    /** The WSDL's maxOccurs: Salesforce never batches more, so more means the body is not from Salesforce. */
    private static final int MAX_NOTIFICATIONS = 100;

    /**
     * One changed record. {@code id} is the notification's id, which Salesforce keeps when it retries, so it is
     * the deduplication key; {@code fields} holds the fields the admin chose to send, without nil or empty ones.
     */
    record Notification(String id, String objectType, Map<String, String> fields) {
        Notification {
            fields = Map.copyOf(fields);
        }
    }

    SalesforceMessage {
        notifications = List.copyOf(notifications);
    }

    static SalesforceMessage parse(byte[] body) throws WebhookRejected {
        Element notifications = notificationsCall(document(body));
        String organizationId = text(requiredChild(notifications, OUTBOUND, "OrganizationId", "notifications"));
        if (!organizationId.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
            throw WebhookRejected.malformed("OrganizationId '" + organizationId + "' is not a 15- or 18-character Salesforce ID");
        }
        List<Element> items = children(notifications, OUTBOUND, "Notification");
        if (items.size() > MAX_NOTIFICATIONS) {
            throw WebhookRejected.malformed("an Outbound Message holds at most " + MAX_NOTIFICATIONS + " notifications; this one has " + items.size());
        }
        List<Notification> read = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            read.add(notification(items.get(i), "Notification[" + (i + 1) + "]"));
        }
        return new SalesforceMessage(organizationId, read);
    }

    /**
     * The body comes from the internet before anything about it is trusted, so the parser refuses any DOCTYPE:
     * that alone rules out external entities (XXE) and entity expansion bombs; the other settings keep it refused
     * should the DOCTYPE feature ever be dropped.
     */
    private static Document document(byte[] body) throws WebhookRejected {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // throws on fatal errors instead of printing to stderr
            return builder.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("this JVM's XML parser cannot be hardened against XXE", e);
        } catch (SAXException e) {
            throw WebhookRejected.malformed("body is not an acceptable XML document (" + e.getMessage()
                    + "); an Outbound Message is a SOAP envelope without DOCTYPE or entity declarations");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Element notificationsCall(Document document) throws WebhookRejected {
        Element envelope = document.getDocumentElement();
        if (!is(envelope, SOAP_ENVELOPE, "Envelope")) {
            throw WebhookRejected.malformed("the root element must be a SOAP 1.1 Envelope in " + SOAP_ENVELOPE + "; was " + name(envelope));
        }
        Element body = requiredChild(envelope, SOAP_ENVELOPE, "Body", "Envelope");
        Element call = firstElement(body);
        if (call == null || !is(call, OUTBOUND, "notifications")) {
            throw WebhookRejected.malformed("the SOAP Body must hold a notifications element in " + OUTBOUND
                    + " (a Salesforce Outbound Message); was " + (call == null ? "empty" : name(call)));
        }
        return call;
    }

    private static Notification notification(Element item, String where) throws WebhookRejected {
        String id = text(requiredChild(item, OUTBOUND, "Id", where));
        if (id.isEmpty()) throw WebhookRejected.malformed(where + " has an empty Id");
        Element record = requiredChild(item, OUTBOUND, "sObject", where);
        String type = record.getAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "type");
        if (type.isEmpty()) throw WebhookRejected.malformed(where + " has an sObject without xsi:type, so its object type is unknown");
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element field : children(record, SOBJECT, null)) {
            String value = text(field);
            if (!isNil(field) && !value.isEmpty()) fields.put(field.getLocalName(), value);
        }
        return new Notification(id, type.substring(type.indexOf(':') + 1), fields);
    }

    private static boolean isNil(Element element) {
        return "true".equals(element.getAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "nil"));
    }

    private static Element requiredChild(Element parent, String namespace, String localName, String where) throws WebhookRejected {
        List<Element> found = children(parent, namespace, localName);
        if (found.isEmpty()) throw WebhookRejected.malformed(where + " has no " + localName + " element");
        return found.get(0);
    }

    /** Child elements in {@code namespace}, all of them when {@code localName} is null. */
    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI())
                    && (localName == null || localName.equals(e.getLocalName()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) return e;
        }
        return null;
    }

    private static boolean is(Element element, String namespace, String localName) {
        return namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static String name(Element element) {
        return "{" + (element.getNamespaceURI() == null ? "" : element.getNamespaceURI()) + "}" + element.getLocalName();
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }
}
