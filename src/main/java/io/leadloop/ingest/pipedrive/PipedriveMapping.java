package io.leadloop.ingest.pipedrive;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipedrive's objects on the funnel (docs/webhooks/pipedrive.md). A person is a lead, keyed
 * {@code pipedrive:<company>:person:<id>}, so its deals and activities meet it; a Leads inbox lead is its person's
 * lead, or a lead of its own when it has no person. Events are keyed {@code pipedrive:<company>:<meta.id>:<part>},
 * the part naming which fact of the webhook it is: a redelivery yields the same keys, and so does re-applying a
 * stored delivery after a mapping change adds or drops other parts.
 */
final class PipedriveMapping {

    /** Why an authentic webhook yields no funnel event; the delivery is stored and reported unmapped. */
    static final class Unmappable extends Exception {
        private static final long serialVersionUID = 1L;

        Unmappable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final PipedriveSettings settings;

    PipedriveMapping(PipedriveSettings settings) {
        this.settings = settings;
    }

    List<FunnelEvent> translate(PipedriveWebhook webhook) throws Unmappable {
        if (PipedriveWebhook.DELETE.equals(webhook.action())) return deletion(webhook);
        if (!webhook.isCreate() && !PipedriveWebhook.CHANGE.equals(webhook.action())) {
            throw new Unmappable("action '" + webhook.action() + "' is none of create, change, delete");
        }
        return switch (webhook.entity()) {
            case "person" -> contact(webhook, webhook.scoped("person", webhook.entityId()));
            case "lead" -> contact(webhook, inboxLead(webhook));
            case "deal" -> deal(webhook);
            case "activity" -> activity(webhook);
            default -> throw new Unmappable(webhook.entity() + " events are not part of the funnel; "
                    + "the webhooks leadloop needs are for person, lead, deal and activity");
        };
    }

    /**
     * A deleted person is erased: leadloop keeps no copy of someone the CRM no longer holds. Deleting a Leads inbox lead
     * leaves its person, and deleted deals keep what they counted.
     */
    private static List<FunnelEvent> deletion(PipedriveWebhook webhook) throws Unmappable {
        if (!"person".equals(webhook.entity())) throw new Unmappable("deletions are not part of the funnel");
        return List.of(new LeadErased(eventId(webhook, "erased"), webhook.timestamp(), webhook.scoped("person", webhook.entityId())));
    }

    /**
     * A person or a Leads inbox lead: created, described again when its owner or a mapped custom field changes
     * ({@code data} is the whole object as of {@code meta.timestamp}, and each field keeps its latest occurrence),
     * and moved along the funnel by the labels it is given.
     */
    private List<FunnelEvent> contact(PipedriveWebhook webhook, String leadId) throws Unmappable {
        PipedriveObject contact = webhook.data();
        Instant at = occurredAt(webhook);
        List<FunnelEvent> events = new ArrayList<>();
        if (webhook.isCreate()) {
            events.add(new LeadCreated(eventId(webhook, "created"), at, leadId, profile(contact)));
        } else if (webhook.changed("owner_id") || webhook.previous().hasAnyCustomField(settings.profileFields().values())
                || webhook.previous().hasAnyCustomField(settings.attributeFields().keySet())) {
            events.add(new LeadCreated(eventId(webhook, "profile"), at, leadId, profile(contact)));
        }
        if (webhook.changed("label_ids")) {
            List<String> before = webhook.previous().ids("label_ids");
            for (String label : contact.ids("label_ids")) {
                Stage stage = settings.leadLabels().get(label);
                if (stage != null && !before.contains(label)) {
                    events.add(new LeadStageReached(eventId(webhook, "label:" + label), at, leadId, stage));
                }
            }
        }
        return someOf(events, "a " + webhook.entity() + " change that adds no label listed in pipedrive.lead_labels and changes"
                + " neither owner_id nor a custom field in pipedrive.profile_fields or pipedrive.attribute_fields");
    }

    /** A Leads inbox lead about a person is that person's lead; one about an organization only stands alone. */
    private static String inboxLead(PipedriveWebhook webhook) throws Unmappable {
        String personId = webhook.data().text("person_id");
        return personId != null ? webhook.scoped("person", personId) : webhook.scoped("lead", webhook.entityId());
    }

    private List<FunnelEvent> deal(PipedriveWebhook webhook) throws Unmappable {
        PipedriveObject deal = webhook.data();
        String status = deal.text("status");
        if ("deleted".equals(status) || deal.isTrue("is_deleted")) throw new Unmappable("deletions are not part of the funnel");
        Instant at = occurredAt(webhook);
        String dealId = webhook.scoped("deal", webhook.entityId());
        String leadId = personLead(webhook, deal.text("person_id"));
        Money amount = new Money(deal.decimal("value"), deal.text("currency"));
        String owner = owner(deal);
        List<FunnelEvent> events = new ArrayList<>();
        if (webhook.isCreate()) {
            events.add(new DealCreated(eventId(webhook, "created"), at, dealId, leadId, amount, owner));
        }
        String stageId = deal.text("stage_id");
        if (webhook.changed("stage_id") && "open".equals(status) && stageId != null) {
            events.add(new DealStageChanged(eventId(webhook, "stage"), at, dealId, leadId, settings.stageNames().getOrDefault(stageId, stageId)));
            Stage reached = settings.stageFunnel().get(stageId);
            if (reached != null && leadId != null) {
                events.add(new LeadStageReached(eventId(webhook, "stage-funnel"), at, leadId, reached));
            }
        }
        if (webhook.changed("status") && "won".equals(status)) {
            Instant wonAt = deal.instant("won_time", deal.instant("close_time", webhook.timestamp()));
            events.add(new DealWon(eventId(webhook, "won"), wonAt, dealId, leadId, amount, owner));
        } else if (webhook.changed("status") && "lost".equals(status)) {
            Instant lostAt = deal.instant("lost_time", deal.instant("close_time", webhook.timestamp()));
            events.add(new DealLost(eventId(webhook, "lost"), lostAt, dealId, leadId, amount, owner, deal.text("lost_reason")));
        }
        if (!webhook.isCreate() && changedAny(webhook, "value", "currency", "owner_id", "user_id", "person_id")) {
            events.add(new DealUpdated(eventId(webhook, "updated"), at, dealId, leadId, amount, owner));
        }
        return someOf(events, "open".equals(status) && webhook.changed("status")
                ? "reopening a closed deal is not part of the funnel; it stays counted as it closed"
                : "a deal change that touches none of stage, status, value, currency, owner or person");
    }

    /**
     * A done activity counts; a planned one counts once it is marked done, at that time. Keyed by the activity
     * rather than the webhook, so one marked done, undone and done again is still counted once.
     */
    private List<FunnelEvent> activity(PipedriveWebhook webhook) throws Unmappable {
        PipedriveObject activity = webhook.data();
        if (!activity.isTrue("done")) throw new Unmappable("a planned activity counts once it is marked done");
        if (!webhook.isCreate() && !webhook.changed("done")) {
            throw new Unmappable("an edit of a done activity; it counted when it was marked done");
        }
        String rep = owner(activity);
        String type = activity.text("type");
        if (rep == null || type == null) throw new Unmappable("an activity without owner_id (or user_id) or type");
        // Whenever a person is known it is the lead's key (see inboxLead), so person_id wins over lead_id.
        String leadId = personLead(webhook, activity.text("person_id"));
        String inboxLeadId = activity.text("lead_id");
        if (leadId == null && inboxLeadId != null) leadId = webhook.scoped("lead", inboxLeadId);
        Instant doneAt = activity.instant("marked_as_done_time", occurredAt(webhook));
        return List.of(new ActivityLogged(webhook.scoped("activity", webhook.entityId()) + ":done", doneAt, rep, type, leadId));
    }

    /** Who a person or lead is as {@code contact} describes it; the history of persons reads them the same way. */
    LeadProfile profile(PipedriveObject contact) throws Unmappable {
        String source = customField(contact, "source");
        if (source == null) source = contact.text("source_name");
        if (source == null) source = contact.text("origin");
        Map<String, String> attributes = new LinkedHashMap<>();
        settings.attributeFields().forEach((key, name) -> {
            String value = contact.customField(key);
            if (value != null) attributes.put(name, value);
        });
        return new LeadProfile(source, customField(contact, "campaign"), customField(contact, "form"), owner(contact), attributes);
    }

    private String customField(PipedriveObject object, String role) {
        String key = settings.profileFields().get(role);
        return key == null ? null : object.customField(key);
    }

    /** Webhooks v2 name the owner {@code owner_id}; older objects {@code user_id}. */
    String owner(PipedriveObject object) throws Unmappable {
        String userId = object.text("owner_id");
        if (userId == null) userId = object.text("user_id");
        return userId == null ? null : settings.users().getOrDefault(userId, userId);
    }

    private static String personLead(PipedriveWebhook webhook, String personId) {
        return personId == null ? null : webhook.scoped("person", personId);
    }

    /** When a creation happened is the object's add_time; a change happened when Pipedrive notified it. */
    private static Instant occurredAt(PipedriveWebhook webhook) throws Unmappable {
        return webhook.isCreate() ? webhook.data().instant("add_time", webhook.timestamp()) : webhook.timestamp();
    }

    private static boolean changedAny(PipedriveWebhook webhook, String... fields) {
        for (String field : fields) {
            if (webhook.changed(field)) return true;
        }
        return false;
    }

    private static String eventId(PipedriveWebhook webhook, String part) {
        return webhook.reference() + ":" + part;
    }

    private static List<FunnelEvent> someOf(List<FunnelEvent> events, String reasonWhenNone) throws Unmappable {
        if (events.isEmpty()) throw new Unmappable(reasonWhenNone);
        return events;
    }
}
