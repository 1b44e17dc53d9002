package io.leadloop.ingest.hubspot;

import io.leadloop.ingest.Fields;
import io.leadloop.ingest.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of a HubSpot webhook batch, in either subscription format: the legacy one names the object in the type
 * ({@code contact.propertyChange}), the generic one in {@code objectTypeId} ({@code object.propertyChange}, "0-1").
 * Association events name both ends instead of {@code objectId}.
 */
record HubSpotEvent(String portalId, String subscriptionId, String eventId, Instant occurredAt, String subscriptionType,
                    String objectTypeId, String objectId, String propertyName, String propertyValue,
                    String associationType, String fromObjectTypeId, String fromObjectId, String toObjectTypeId,
                    String toObjectId, boolean associationRemoved) {

    static final String CONTACT = "0-1";
    static final String DEAL = "0-3";

    /** Null when the event lacks what identifies it, with {@code errors} saying what. */
    static HubSpotEvent read(Object item, String pointer, List<Problem.FieldError> errors) {
        Fields f = Fields.of(item, pointer, errors);
        if (f == null) return null;
        String portalId = f.requiredText("portalId");
        String subscriptionId = f.requiredText("subscriptionId");
        String eventId = f.requiredText("eventId");
        String subscriptionType = f.requiredText("subscriptionType");
        Instant occurredAt = epochMillis(f, "occurredAt");
        Object removed = ((Map<?, ?>) item).get("associationRemoved");
        HubSpotEvent event = new HubSpotEvent(portalId, subscriptionId, eventId, occurredAt, subscriptionType,
                f.text("objectTypeId"), f.text("objectId"), f.text("propertyName"), f.text("propertyValue"),
                f.text("associationType"), f.text("fromObjectTypeId"), f.text("fromObjectId"), f.text("toObjectTypeId"),
                f.text("toObjectId"), Boolean.TRUE.equals(removed) || "true".equals(removed));
        return f.failed() ? null : event;
    }

    private static Instant epochMillis(Fields f, String field) {
        String text = f.requiredText(field);
        if (text == null) return null;
        try {
            return Instant.ofEpochMilli(Long.parseLong(text));
        } catch (NumberFormatException e) {
            f.reject(field, "must be a Unix time in milliseconds; was '" + text + "'");
            return null;
        }
    }

    /**
     * The funnel event id, hence the deduplication key. HubSpot documents {@code eventId} as not guaranteed unique,
     * so the portal, the subscription and the time are part of it; {@code attemptNumber} is not, so a retry of the
     * same change has the same key.
     */
    String key() {
        return "hubspot:" + portalId + ":" + subscriptionId + ":" + eventId + ":" + occurredAt.toEpochMilli();
    }

    /** "contact", "deal", or how HubSpot names any other object type. */
    String objectType() {
        if (!subscriptionType.startsWith("object.")) {
            int dot = subscriptionType.indexOf('.');
            return dot < 0 ? subscriptionType : subscriptionType.substring(0, dot);
        }
        if (CONTACT.equals(objectTypeId)) return "contact";
        if (DEAL.equals(objectTypeId)) return "deal";
        return "object type " + objectTypeId;
    }

    /** "creation", "propertyChange", "associationChange", "deletion", … */
    String change() {
        return subscriptionType.substring(subscriptionType.indexOf('.') + 1);
    }
}
