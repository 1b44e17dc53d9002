package io.leadloop.ingest.salesforce;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.ingest.Batch;
import io.leadloop.ingest.Fields;
import io.leadloop.ingest.salesforce.SalesforceMessage.Notification;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one org's Lead and Opportunity notifications become funnel events. An Outbound Message carries a record's
 * latest state, not the change that triggered it, so each notification states what the record has reached by
 * now; the funnel keeps the earliest time of each stage and lets a later stage imply the earlier ones, which
 * makes repeated, reordered or skipped states (a lead going straight to Closed - Converted) count correctly. The
 * values it carries (owner, source, amount, …) are the record's as of its last modification, so that is their time:
 * of two notifications delivered out of order, the later-modified record's values stand.
 */
final class SalesforceMapping {

    private static final String LEAD_STATUSES = "lead_statuses";
    private static final String LEAD_ATTRIBUTES = "lead_attributes";
    private static final String CAMPAIGN_FIELD = "campaign_field";
    private static final String FORM_FIELD = "form_field";
    private static final String OPPORTUNITY_LEAD_FIELD = "opportunity_lead_field";
    private static final String LOSS_REASON_FIELD = "loss_reason_field";
    static final Set<String> SETTINGS = Set.of(LEAD_STATUSES, LEAD_ATTRIBUTES, CAMPAIGN_FIELD, FORM_FIELD,
            OPPORTUNITY_LEAD_FIELD, LOSS_REASON_FIELD);

    private static final String DISQUALIFIED = "disqualified";
    private static final String TARGETS = "lead, mql, sql, opportunity, customer or disqualified";

    /** The Lead Status values a new Salesforce org ships with; an org's own are added to (or override) these. */
    private static final Map<String, String> DEFAULT_LEAD_STATUSES = defaultLeadStatuses();

    /** Standard Lead fields kept on the profile, named as the generic format names them. */
    private static final Map<String, String> STANDARD_ATTRIBUTES = Map.of(
            "Industry", "industry", "NumberOfEmployees", "employees", "Country", "country", "Company", "company");

    private final Map<String, Stage> stageByStatus;
    private final Set<String> disqualifyingStatuses;
    private final String statusesKey;
    private final Map<String, String> attributeByField;
    private final String campaignField;
    private final String formField;
    private final String opportunityLeadField;
    private final String lossReasonField;
    private final ZoneId zone;

    private SalesforceMapping(Map<String, Stage> stageByStatus, Set<String> disqualifyingStatuses, String statusesKey,
                              Map<String, String> attributeByField, String campaignField, String formField,
                              String opportunityLeadField, String lossReasonField, ZoneId zone) {
        this.stageByStatus = Map.copyOf(stageByStatus);
        this.disqualifyingStatuses = Set.copyOf(disqualifyingStatuses);
        this.statusesKey = statusesKey;
        this.attributeByField = attributeByField;
        this.campaignField = campaignField;
        this.formField = formField;
        this.opportunityLeadField = opportunityLeadField;
        this.lossReasonField = lossReasonField;
        this.zone = zone;
    }

    /** @param zone the reporting timezone, which decides on which day a Close Date (a date without a time) falls */
    static SalesforceMapping fromConfig(Section settings, ZoneId zone) {
        Map<String, String> statuses = new LinkedHashMap<>(DEFAULT_LEAD_STATUSES);
        statuses.putAll(settings.stringMap(LEAD_STATUSES));
        Section statusSection = settings.section(LEAD_STATUSES);
        Map<String, Stage> stages = new HashMap<>();
        Set<String> disqualifying = new HashSet<>();
        statuses.forEach((status, target) -> {
            String key = key(status);
            String wireName = target.strip().toLowerCase(Locale.ROOT);
            stages.remove(key);
            disqualifying.remove(key);
            if (wireName.equals(DISQUALIFIED)) {
                disqualifying.add(key);
            } else {
                stages.put(key, Stage.fromWireName(wireName).orElseThrow(() -> new ConfigException(statusSection.pathOf(status),
                        "must be one of " + TARGETS + "; was '" + target + "'")));
            }
        });
        Map<String, String> attributes = new LinkedHashMap<>(STANDARD_ATTRIBUTES);
        Section attributeSection = settings.section(LEAD_ATTRIBUTES);
        settings.stringMap(LEAD_ATTRIBUTES).forEach((field, name) -> attributes.put(apiName(attributeSection, field, field), name));
        return new SalesforceMapping(stages, disqualifying, settings.pathOf(LEAD_STATUSES), Map.copyOf(attributes),
                fieldSetting(settings, CAMPAIGN_FIELD), fieldSetting(settings, FORM_FIELD),
                fieldSetting(settings, OPPORTUNITY_LEAD_FIELD), fieldSetting(settings, LOSS_REASON_FIELD), zone);
    }

    /**
     * Adds the events one notification implies to {@code events}; what cannot be mapped goes to {@code unmapped}
     * with the reason and the fix. A notification whose fields do not read adds no event at all.
     */
    void translate(String organization, Notification notification, Instant receivedAt, List<FunnelEvent> events,
                   List<Batch.Unmapped> unmapped) {
        String eventId = SalesforceAdapter.SOURCE + ":" + organization + ":" + notification.id();
        SObject record = new SObject(notification, receivedAt);
        List<FunnelEvent> implied = new ArrayList<>();
        try {
            switch (notification.objectType()) {
                case "Lead" -> lead(organization, eventId, record, implied, unmapped);
                case "Opportunity" -> opportunity(organization, eventId, record, implied);
                default -> throw new Unmappable("sObject type '" + notification.objectType() + "' is not read; only Lead and "
                        + "Opportunity feed the funnel, so point only their Outbound Messages at /webhooks/salesforce");
            }
            events.addAll(implied);
        } catch (Unmappable e) {
            unmapped.add(new Batch.Unmapped(eventId, e.getMessage()));
        }
    }

    /** The Lead fields {@link #translate} reads, as a query selects them: standard ones and the configured ones. */
    List<String> leadFields() {
        List<String> fields = new ArrayList<>(List.of("Id", "CreatedDate", "LastModifiedDate", "SystemModstamp", "Status",
                "IsConverted", "ConvertedOpportunityId", "LeadSource", "OwnerId"));
        fields.addAll(new TreeSet<>(attributeByField.keySet())); // in one order, so that each read sends the same query
        addConfigured(fields, campaignField);
        addConfigured(fields, formField);
        return List.copyOf(fields);
    }

    /** The Opportunity fields {@link #translate} reads; {@code CurrencyIsoCode} only exists in multi-currency orgs. */
    List<String> opportunityFields(boolean multiCurrency) {
        List<String> fields = new ArrayList<>(List.of("Id", "CreatedDate", "LastModifiedDate", "SystemModstamp", "StageName",
                "IsClosed", "IsWon", "CloseDate", "Amount", "OwnerId"));
        if (multiCurrency) fields.add("CurrencyIsoCode");
        addConfigured(fields, opportunityLeadField);
        addConfigured(fields, lossReasonField);
        return List.copyOf(fields);
    }

    /**
     * What a lead's being in {@code status} at {@code at} implies, by the same Lead Status mapping as notifications:
     * the stage reached, or a disqualification; nothing for an unmapped status or the lead stage itself.
     */
    List<FunnelEvent> statusHeld(String organization, String eventId, String leadRecordId, String status, Instant at) {
        String leadId = leadId(organization, leadRecordId);
        if (disqualifyingStatuses.contains(key(status))) return List.of(new LeadDisqualified(eventId, at, leadId, status));
        Stage stage = stageByStatus.get(key(status));
        return stage == null || stage == Stage.LEAD ? List.of() : List.of(new LeadStageReached(eventId, at, leadId, stage));
    }

    private static void addConfigured(List<String> fields, String field) {
        if (field != null && !fields.contains(field)) fields.add(field);
    }

    private void lead(String organization, String eventId, SObject record, List<FunnelEvent> implied,
                      List<Batch.Unmapped> unmapped) throws Unmappable {
        String leadId = leadId(organization, record.required("Id"));
        String status = record.required("Status");
        boolean converted = record.flag("IsConverted");
        String convertedOpportunity = record.text("ConvertedOpportunityId");
        Instant createdAt = record.instant("CreatedDate");
        Instant modifiedAt = record.instant("LastModifiedDate");

        implied.add(new LeadCreated(eventId + ":created", createdAt, leadId, LeadProfile.EMPTY));
        LeadProfile profile = profile(record);
        if (!profile.fields().isEmpty()) implied.add(new LeadCreated(eventId + ":profile", stateAt(record), leadId, profile));
        Stage mapped = stageByStatus.get(key(status));
        // Conversion is Salesforce's own statement that sales accepted the lead, whatever the org calls the status.
        Stage reached = converted && (mapped == null || mapped.compareTo(Stage.SQL) < 0) ? Stage.SQL : mapped;
        if (reached != null && reached != Stage.LEAD) {
            implied.add(new LeadStageReached(eventId + ":stage", modifiedAt, leadId, reached));
        }
        if (converted && convertedOpportunity != null) {
            implied.add(new DealUpdated(eventId + ":converted", modifiedAt, dealId(organization, convertedOpportunity), leadId,
                    Money.UNKNOWN, null));
        }
        if (!converted && disqualifyingStatuses.contains(key(status))) {
            implied.add(new LeadDisqualified(eventId + ":disqualified", modifiedAt, leadId, status));
        } else if (reached == null) {
            unmapped.add(new Batch.Unmapped(eventId + ":stage", "Lead Status '" + status + "' is not mapped, so only the lead "
                    + "itself was counted; add it to " + statusesKey + " as one of " + TARGETS));
        }
    }

    private void opportunity(String organization, String eventId, SObject record, List<FunnelEvent> implied) throws Unmappable {
        String dealId = dealId(organization, record.required("Id"));
        boolean closed = record.requiredFlag("IsClosed");
        boolean won = record.requiredFlag("IsWon");
        String leadReference = record.text(opportunityLeadField);
        String leadId = leadReference == null ? null : leadId(organization, leadReference);
        Money amount = new Money(record.decimal("Amount"), record.text("CurrencyIsoCode"));
        String owner = record.text("OwnerId");
        Instant createdAt = record.instant("CreatedDate");

        Instant stateAt = stateAt(record);

        implied.add(new DealCreated(eventId + ":created", createdAt, dealId, leadId, Money.UNKNOWN, null));
        if (amount.amount() != null || amount.currency() != null || owner != null) {
            implied.add(new DealUpdated(eventId + ":values", stateAt, dealId, leadId, amount, owner));
        }
        if (!closed) {
            String stage = record.text("StageName");
            if (stage != null) {
                implied.add(new DealStageChanged(eventId + ":stage", stateAt, dealId, leadId, stage));
            }
        } else if (won) {
            implied.add(new DealWon(eventId + ":closed", closedAt(record), dealId, leadId, Money.UNKNOWN, null));
        } else {
            implied.add(new DealLost(eventId + ":closed", closedAt(record), dealId, leadId, Money.UNKNOWN, null,
                    record.text(lossReasonField)));
        }
    }

    /**
     * When the record was in the state the notification carries: its SystemModstamp where sent (never earlier than
     * LastModifiedDate, as system changes move it too), else its LastModifiedDate, else the time of receipt.
     */
    private static Instant stateAt(SObject record) throws Unmappable {
        Instant modified = record.instant("LastModifiedDate");
        if (record.text("SystemModstamp") == null) return modified;
        Instant stamped = record.instant("SystemModstamp");
        return stamped.isAfter(modified) ? stamped : modified;
    }

    /**
     * Salesforce's own reports count a closed deal on its Close Date, a date without a time, so leadloop does too;
     * the LastModifiedDate supplies the time of day when it falls on that date, so that closings stay ordered.
     */
    private Instant closedAt(SObject record) throws Unmappable {
        Instant modifiedAt = record.instant("LastModifiedDate");
        LocalDate closeDate = record.date("CloseDate");
        if (closeDate == null || LocalDate.ofInstant(modifiedAt, zone).equals(closeDate)) {
            return modifiedAt;
        }
        return closeDate.atStartOfDay(zone).toInstant();
    }

    private LeadProfile profile(SObject record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributeByField.forEach((field, name) -> {
            String value = record.text(field);
            if (value != null) attributes.put(name, value);
        });
        return new LeadProfile(record.text("LeadSource"), record.text(campaignField), record.text(formField),
                record.text("OwnerId"), attributes);
    }

    private static String leadId(String organization, String recordId) {
        return SalesforceAdapter.SOURCE + ":" + organization + ":lead:" + recordId;
    }

    private static String dealId(String organization, String recordId) {
        return SalesforceAdapter.SOURCE + ":" + organization + ":opportunity:" + recordId;
    }

    /** Picklist values are compared as an admin reads them: case and surrounding spaces do not matter. */
    private static String key(String status) {
        return status.strip().toLowerCase(Locale.ROOT);
    }

    private static String fieldSetting(Section settings, String key) {
        return settings.string(key).map(field -> apiName(settings, key, field)).orElse(null);
    }

    /** A field's label instead of its API name would silently match nothing, so it is refused at startup. */
    private static String apiName(Section section, String key, String field) {
        if (!field.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new ConfigException(section.pathOf(key), "'" + field + "' is not a field API name; use the API name "
                    + "shown in Setup → Object Manager → Fields & Relationships, e.g. Loss_Reason__c, not the field label");
        }
        return field;
    }

    private static Map<String, String> defaultLeadStatuses() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("Open - Not Contacted", "lead");
        defaults.put("Working - Contacted", "mql");
        defaults.put("Closed - Converted", "sql");
        defaults.put("Closed - Not Converted", DISQUALIFIED);
        return Collections.unmodifiableMap(defaults);
    }

    /** A notification's fields read as their SOAP types; {@code text(null)} is null so optional settings read naturally. */
    private record SObject(Notification notification, Instant receivedAt) {

        String text(String field) {
            return field == null ? null : notification.fields().get(field);
        }

        String required(String field) throws Unmappable {
            String value = text(field);
            if (value == null) {
                throw new Unmappable(notification.objectType() + " notification carries no " + field + "; add " + field
                        + " to the fields its Outbound Message sends");
            }
            return value;
        }

        /** A dateTime; when the Outbound Message does not send the field, the time leadloop received it. */
        Instant instant(String field) throws Unmappable {
            String value = text(field);
            if (value == null) return receivedAt;
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw unreadable(field, value, "an xsd:dateTime such as 2026-11-16T08:12:00.000Z");
            }
        }

        LocalDate date(String field) throws Unmappable {
            String value = text(field);
            if (value == null) return null;
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw unreadable(field, value, "an xsd:date such as 2026-11-20");
            }
        }

        BigDecimal decimal(String field) throws Unmappable {
            String value = text(field);
            if (value == null) return null;
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw unreadable(field, value, "a number");
            }
        }

        boolean flag(String field) throws Unmappable {
            String value = text(field);
            return value != null && bool(field, value);
        }

        boolean requiredFlag(String field) throws Unmappable {
            return bool(field, required(field));
        }

        private boolean bool(String field, String value) throws Unmappable {
            return switch (value) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw unreadable(field, value, "true or false");
            };
        }

        private Unmappable unreadable(String field, String value, String expected) {
            return new Unmappable(notification.objectType() + " field " + field + " is '" + value + "', not " + expected);
        }
    }

    /** Why a notification implies no event; it is kept unmapped in the stored delivery. */
    private static final class Unmappable extends Exception {
        private static final long serialVersionUID = 1L;

        Unmappable(String reason) {
            super(reason, null, false, false);
        }
    }
}
