package io.leadloop.ingest.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A HubSpot account's two years, generated from a seed: every change to its contacts and deals with the time it
 * happened, from which both the records the CRM search API answers with ({@link #contactRecords}, {@link #dealRecords},
 * as {@link HubSpotFake} serves them) and the webhooks HubSpot would have sent for the same changes ({@link #webhooks})
 * are written.
 *
 * <p>Each contact is created with an original source (and a campaign for paid traffic), a first conversion form, an owner
 * and lifecycle stage {@code lead}; about half become MQLs, half of those SQLs, some skip MQL, some are disqualified
 * (lead status UNQUALIFIED, nothing happens to them afterwards but HubSpot's own touches) and some are reassigned. Most
 * SQLs get a deal in the default pipeline, created in appointmentscheduled with an amount and the contact's owner, linked
 * to the contact (HubSpot moves the contact to {@code opportunity}); deals move along and are won (the contact becomes a
 * {@code customer}), lost or left open; some amounts are renegotiated and some deals handed to another rep. As in HubSpot,
 * a record's last modification is its last change or, for many records, a later touch by HubSpot itself (an email open,
 * an analytics update) that no subscribed webhook reports. Nothing happens after {@link #END}.
 */
final class TwoYearHubSpotAccount {

    static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    /** Monday of 2024-W48, the account's first week. */
    static final LocalDate FIRST_MONDAY = LocalDate.of(2024, 11, 25);
    static final int WEEKS = 104;
    /** The last change: Sunday evening of 2026-W47, before the webhooks are signed (2026-11-23T07:59:30Z). */
    static final Instant END = Instant.parse("2026-11-22T20:00:00Z");
    /** HubSpot's v2 "date entered" properties are filled for contacts created from then on; older ones have the legacy dates only. */
    private static final Instant V2_DATES_FROM = Instant.parse("2025-06-01T00:00:00Z");

    private static final List<String> SOURCES = List.of("ORGANIC_SEARCH", "PAID_SEARCH", "PAID_SOCIAL", "EMAIL_MARKETING",
            "SOCIAL_MEDIA", "REFERRALS", "DIRECT_TRAFFIC", "OFFLINE");
    private static final List<String> FORMS = List.of("Demo request", "Pricing page contact", "Ebook: Funnel metrics", "Webinar signup");
    private static final List<String> OWNERS = List.of("71234567", "71234568", "71234569", "71234570", "71234571");
    private static final List<String> OPEN_STAGES = List.of("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
            "decisionmakerboughtin", "contractsent");
    private static final DateTimeFormatter HUBSPOT_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    /** Subscription ids of the app's webhook subscriptions (docs/webhooks/hubspot.md), by subscription type and property. */
    private static final Map<String, Integer> SUBSCRIPTIONS = Map.ofEntries(
            Map.entry("contact.creation", 2510001), Map.entry("contact.propertyChange:lifecyclestage", 2510002),
            Map.entry("contact.propertyChange:hs_lead_status", 2510003), Map.entry("contact.propertyChange:hs_analytics_source", 2510004),
            Map.entry("deal.creation", 2510005), Map.entry("deal.propertyChange:dealstage", 2510006),
            Map.entry("deal.propertyChange:amount", 2510007), Map.entry("deal.associationChange", 2510008),
            Map.entry("contact.propertyChange:hubspot_owner_id", 2510009), Map.entry("contact.associationChange", 2510010),
            Map.entry("contact.propertyChange:hs_analytics_source_data_1", 2510012),
            Map.entry("contact.propertyChange:first_conversion_event_name", 2510013),
            Map.entry("deal.propertyChange:hubspot_owner_id", 2510014));

    /** One property of a record taking a value at a time. */
    record Change(Instant at, String property, String value) {}

    /** A contact or deal: its id, creation, property changes in time order, HubSpot's own last touch (or null), deal's contact. */
    record CrmObject(String id, Instant created, List<Change> changes, Instant touched, String contactId) {
        Instant lastModified() {
            Instant last = changes.isEmpty() ? created : changes.get(changes.size() - 1).at();
            return touched != null && touched.isAfter(last) ? touched : last;
        }

        /** The value a property has now. */
        String current(String property) {
            String value = null;
            for (Change c : changes) if (c.property().equals(property)) value = c.value();
            return value;
        }
    }

    final List<CrmObject> contacts = new ArrayList<>();
    final List<CrmObject> deals = new ArrayList<>();

    /** {@code perWeek} contacts created in each of the {@link #WEEKS} weeks, drawn from {@code seed}. */
    TwoYearHubSpotAccount(long seed, int perWeek) {
        Random random = new Random(seed);
        long contactId = 1001;
        long dealId = 5_000_001;
        for (int week = 0; week < WEEKS; week++) {
            LocalDate monday = FIRST_MONDAY.plusWeeks(week);
            for (int i = 0; i < perWeek; i++) {
                Instant created = monday.plusDays(random.nextInt(7)).atTime(7 + random.nextInt(13), random.nextInt(60), random.nextInt(60))
                        .atZone(MADRID).toInstant().plusMillis(random.nextInt(1000));
                Builder contact = new Builder(Long.toString(contactId++), created);
                String source = SOURCES.get(random.nextInt(SOURCES.size()));
                contact.set(created, "lifecyclestage", "lead");
                contact.set(created.plusMillis(250), "hs_analytics_source", source);
                if (source.startsWith("PAID_")) contact.set(created.plusMillis(250), "hs_analytics_source_data_1", "campaign-" + monday.getYear() + "-" + (1 + random.nextInt(4)));
                contact.set(created.plusSeconds(1), "first_conversion_event_name", FORMS.get(random.nextInt(FORMS.size())));
                String owner = OWNERS.get(random.nextInt(OWNERS.size()));
                contact.set(created.plus(minutes(random, 1, 240)), "hubspot_owner_id", owner);
                Instant at = created;
                boolean mql = random.nextInt(100) < 55;
                boolean skipsMql = !mql && random.nextInt(100) < 6;
                if (mql) {
                    at = at.plus(hours(random, 1, 240));
                    contact.set(at, "lifecyclestage", "marketingqualifiedlead");
                }
                int next = random.nextInt(100);
                if ((mql && next < 50) || skipsMql) {
                    at = at.plus(hours(random, 4, 480));
                    contact.set(at, "lifecyclestage", "salesqualifiedlead");
                    if (random.nextInt(100) < 65) {
                        at = at.plus(hours(random, 1, 160));
                        deal(random, contact, Long.toString(dealId++), at, owner);
                    }
                } else if ((mql && next < 75) || (!mql && next < 10)) {
                    at = at.plus(hours(random, 2, 360));
                    contact.set(at, "hs_lead_status", "UNQUALIFIED");
                } else if (mql && next < 85) {
                    contact.set(at.plus(hours(random, 1, 48)), "hs_lead_status", "IN_PROGRESS");
                }
                if (random.nextInt(100) < 12) {
                    String other = OWNERS.get(random.nextInt(OWNERS.size()));
                    contact.set(contact.last().plus(hours(random, 1, 600)), "hubspot_owner_id", other);
                }
                contacts.add(contact.build(random, null));
            }
        }
    }

    /** A deal of {@code contact}'s, created at {@code at} in the default pipeline; the contact reaches opportunity, and customer if it is won. */
    private void deal(Random random, Builder contact, String id, Instant at, String owner) {
        if (at.isAfter(END)) return;
        Builder deal = new Builder(id, at);
        deal.set(at, "dealstage", OPEN_STAGES.get(0));
        deal.set(at.plusSeconds(5), "amount", Integer.toString(100 * (30 + random.nextInt(600))));
        deal.set(at.plusSeconds(5), "hubspot_owner_id", owner);
        deal.set(at.plusSeconds(5), "pipeline", "default");
        contact.set(at.plusSeconds(2), "lifecyclestage", "opportunity");
        Instant when = at;
        for (int stage = 1; stage < 1 + random.nextInt(OPEN_STAGES.size()); stage++) {
            when = when.plus(hours(random, 6, 240));
            deal.set(when, "dealstage", OPEN_STAGES.get(stage));
        }
        if (random.nextInt(100) < 30) deal.set(when.plus(hours(random, 1, 72)), "amount", Integer.toString(100 * (30 + random.nextInt(600))));
        if (random.nextInt(100) < 15) deal.set(when.plus(hours(random, 1, 72)), "hubspot_owner_id", OWNERS.get(random.nextInt(OWNERS.size())));
        int outcome = random.nextInt(100);
        if (outcome < 80) {
            Instant closed = deal.last().plus(hours(random, 12, 500));
            boolean won = outcome < 40;
            deal.set(closed, "dealstage", won ? "closedwon" : "closedlost");
            deal.set(closed, "closedate", HUBSPOT_DATETIME.format(closed));
            if (won) contact.set(closed.plusSeconds(30), "lifecyclestage", "customer");
        } else {
            // HubSpot fills an open deal's close date with the expected one, which the funnel does not read.
            deal.set(at.plusSeconds(5), "closedate", HUBSPOT_DATETIME.format(at.plus(Duration.ofDays(45))));
        }
        deals.add(deal.build(random, contact.id));
    }

    /** The contacts as the search API stores them: current values, lifecycle entry dates, creation and last modification. */
    List<Map<String, Object>> contactRecords() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CrmObject c : contacts) {
            Map<String, Object> p = properties(c, "lastmodifieddate");
            for (Change change : c.changes()) {
                if (!change.property().equals("lifecyclestage")) continue;
                p.putIfAbsent("hs_lifecyclestage_" + change.value() + "_date", HUBSPOT_DATETIME.format(change.at()));
                if (!c.created().isBefore(V2_DATES_FROM)) p.putIfAbsent("hs_v2_date_entered_" + change.value(), HUBSPOT_DATETIME.format(change.at()));
            }
            out.add(record(c, p));
        }
        return out;
    }

    /** The deals, with their contact as the v4 associations API links it. */
    List<Map<String, Object>> dealRecords() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CrmObject d : deals) {
            Map<String, Object> p = properties(d, "hs_lastmodifieddate");
            String stage = d.current("dealstage");
            p.put("hs_is_closed_won", Boolean.toString(stage.equals("closedwon")));
            p.put("hs_is_closed", Boolean.toString(stage.startsWith("closed")));
            p.put("dealname", "Deal " + d.id());
            Map<String, Object> record = record(d, p);
            record.put("associations", List.of(d.contactId()));
            out.add(record);
        }
        return out;
    }

    private static Map<String, Object> properties(CrmObject r, String modifiedProperty) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("hs_object_id", r.id());
        p.put("createdate", HUBSPOT_DATETIME.format(r.created()));
        p.put(modifiedProperty, HUBSPOT_DATETIME.format(r.lastModified()));
        for (Change c : r.changes()) p.put(c.property(), c.value());
        return p;
    }

    private static Map<String, Object> record(CrmObject r, Map<String, Object> properties) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", r.id());
        record.put("properties", properties);
        record.put("createdAt", HUBSPOT_DATETIME.format(r.created()));
        record.put("updatedAt", HUBSPOT_DATETIME.format(r.lastModified()));
        record.put("archived", false);
        return record;
    }

    /**
     * What HubSpot sent the app's subscriptions (docs/webhooks/hubspot.md) for the same changes, in the order they
     * happened: each creation, each change of a subscribed property, and each deal–contact link from both sides (HubSpot
     * notifies the deal's and the contact's association subscriptions). HubSpot's own touches and unsubscribed
     * properties ({@code closedate}, {@code pipeline}) send nothing.
     */
    List<Map<String, Object>> webhooks() {
        List<Map<String, Object>> out = new ArrayList<>();
        long[] eventId = {7_000_000};
        for (CrmObject c : contacts) {
            out.add(event(eventId, "contact.creation", c.created(), c.id(), Map.of("changeFlag", "NEW")));
            c.changes().forEach(change -> propertyChange(out, eventId, "contact", c.id(), change));
        }
        for (CrmObject d : deals) {
            out.add(event(eventId, "deal.creation", d.created(), d.id(), Map.of("changeFlag", "NEW")));
            Instant linked = d.created().plusSeconds(1);
            out.add(event(eventId, "deal.associationChange", linked, d.id(), Map.of("associationType", "DEAL_TO_CONTACT",
                    "fromObjectId", Long.parseLong(d.id()), "toObjectId", Long.parseLong(d.contactId()), "associationRemoved", false,
                    "isPrimaryAssociation", true)));
            out.add(event(eventId, "contact.associationChange", linked, d.contactId(), Map.of("associationType", "CONTACT_TO_DEAL",
                    "fromObjectId", Long.parseLong(d.contactId()), "toObjectId", Long.parseLong(d.id()), "associationRemoved", false,
                    "isPrimaryAssociation", true)));
            d.changes().forEach(change -> propertyChange(out, eventId, "deal", d.id(), change));
        }
        out.sort(Comparator.comparing(e -> (Long) e.get("occurredAt")));
        return out;
    }

    private static void propertyChange(List<Map<String, Object>> out, long[] eventId, String object, String id, Change change) {
        String type = object + ".propertyChange";
        if (!SUBSCRIPTIONS.containsKey(type + ":" + change.property())) return;
        out.add(event(eventId, type, change.at(), id, Map.of("propertyName", change.property(), "propertyValue", change.value())));
    }

    private static Map<String, Object> event(long[] eventId, String type, Instant at, String objectId, Map<String, Object> details) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", ++eventId[0]);
        String property = (String) details.get("propertyName");
        e.put("subscriptionId", SUBSCRIPTIONS.get(property == null ? type : type + ":" + property));
        e.put("portalId", Long.parseLong(HubSpotWebhookHandlerTest.PORTAL));
        e.put("appId", 1234567);
        e.put("occurredAt", at.toEpochMilli());
        e.put("subscriptionType", type);
        e.put("attemptNumber", 0);
        e.put("objectId", Long.parseLong(objectId));
        e.put("changeSource", "CRM_UI");
        e.put("sourceId", "userId:71234567");
        e.putAll(details);
        return e;
    }

    private static Duration minutes(Random random, int from, int to) {
        return Duration.ofSeconds(60L * from + random.nextInt(60 * (to - from)));
    }

    private static Duration hours(Random random, int from, int to) {
        return Duration.ofSeconds(3600L * from + random.nextInt(3600 * (to - from)));
    }

    /** A record's changes as they are made; those after {@link #END} never happened. */
    private static final class Builder {
        final String id;
        final Instant created;
        final List<Change> changes = new ArrayList<>();

        Builder(String id, Instant created) {
            this.id = id;
            this.created = created;
        }

        void set(Instant at, String property, String value) {
            if (!at.isAfter(END)) changes.add(new Change(at, property, value));
        }

        Instant last() {
            return changes.stream().map(Change::at).max(Instant::compareTo).orElse(created);
        }

        /** Half the records are touched by HubSpot itself after their last change, moving their last modification. */
        CrmObject build(Random random, String contactId) {
            changes.sort(Comparator.comparing(Change::at));
            Instant touched = random.nextBoolean() ? last().plus(hours(random, 1, 900)) : null;
            return new CrmObject(id, created, List.copyOf(changes), touched != null && touched.isAfter(END) ? END : touched, contactId);
        }
    }
}
