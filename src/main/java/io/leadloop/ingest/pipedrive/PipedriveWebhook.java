package io.leadloop.ingest.pipedrive;

import io.leadloop.ingest.WebhookRejected;
import io.leadloop.ingest.WebhookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Pipedrive webhooks v2 notification: {@code {"meta": {…}, "data": {…}, "previous": {…}}}, one event per
 * request. {@code data} is null for a deletion, {@code previous} null for a creation and, for a change, holds
 * only the fields that changed, with their old values.
 */
record PipedriveWebhook(String action, String entity, String entityId, String eventId, String companyId,
                        Instant timestamp, PipedriveObject data, PipedriveObject previous) {

    static final String CREATE = "create";
    static final String CHANGE = "change";
    static final String DELETE = "delete";

    private static final List<String> REQUIRED_META = List.of("action", "entity", "entity_id", "id", "company_id", "timestamp");

    /** Refuses (400) only what is not a v2 webhook at all; anything shaped like one is left for the mapping to judge. */
    static PipedriveWebhook parse(WebhookRequest request) throws WebhookRejected {
        Object parsed = request.jsonBody();
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("meta") instanceof Map<?, ?> meta)) {
            throw WebhookRejected.malformed("not a Pipedrive webhook: the body must be a JSON object with a \"meta\" object");
        }
        String version = String.valueOf(meta.get("version"));
        if (!version.equals("2") && !version.startsWith("2.")) {
            throw WebhookRejected.malformed("meta.version is " + version + ", not 2.0: this route takes Pipedrive webhooks v2; "
                    + "recreate the webhook with version 2.0 (docs/webhooks/pipedrive.md)");
        }
        List<String> problems = new ArrayList<>();
        for (String field : REQUIRED_META) {
            if (metaText(meta, field) == null) problems.add("/meta/" + field + " is missing");
        }
        Instant timestamp = PipedriveObject.instantOf(meta.get("timestamp"));
        if (timestamp == null && meta.get("timestamp") != null) {
            problems.add("/meta/timestamp '" + meta.get("timestamp") + "' is neither epoch seconds, epoch milliseconds nor an ISO 8601 time");
        }
        PipedriveObject data = object(root, "data", problems);
        PipedriveObject previous = object(root, "previous", problems);
        if (!problems.isEmpty()) {
            throw WebhookRejected.malformed("not a Pipedrive webhooks v2 body: " + String.join("; ", problems));
        }
        return new PipedriveWebhook(metaText(meta, "action"), metaText(meta, "entity"), metaText(meta, "entity_id"),
                metaText(meta, "id"), metaText(meta, "company_id"), timestamp, data, previous);
    }

    boolean isCreate() {
        return CREATE.equals(action);
    }

    /** On a creation every field present is new; on a change Pipedrive lists exactly the changed ones in previous. */
    boolean changed(String field) {
        return isCreate() ? data.has(field) : previous.has(field);
    }

    /** This notification, as unmapped deliveries are reported: {@code pipedrive:<company>:<meta.id>}. */
    String reference() {
        return PipedriveAdapter.SOURCE + ":" + companyId + ":" + eventId;
    }

    /** An id of this company's account, e.g. {@code pipedrive:13052897:deal:301}; ids are only unique per company. */
    String scoped(String kind, String id) {
        return PipedriveAdapter.SOURCE + ":" + companyId + ":" + kind + ":" + id;
    }

    private static String metaText(Map<?, ?> meta, String field) {
        return PipedriveObject.scalar(meta.get(field));
    }

    private static PipedriveObject object(Map<?, ?> root, String field, List<String> problems) {
        Object value = root.get(field);
        if (value == null) return PipedriveObject.ABSENT;
        if (value instanceof Map<?, ?> map) return new PipedriveObject(map);
        problems.add("/" + field + " must be an object or null");
        return PipedriveObject.ABSENT;
    }

}
