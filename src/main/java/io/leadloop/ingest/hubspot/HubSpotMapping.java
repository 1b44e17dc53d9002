package io.leadloop.ingest.hubspot;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.funnel.Stage;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * How HubSpot events become funnel events: HubSpot's own defaults (lifecycle stages, the UNQUALIFIED lead status,
 * the default sales pipeline's deal stages, the standard source and firmographic properties), extended or
 * overridden by {@code LEADLOOP_CONFIG.hubspot}. An event it cannot map gets a reason naming the setting that would.
 */
final class HubSpotMapping {

    static final String LIFECYCLE_STAGES = "lifecycle_stages";
    static final String DISQUALIFIED_LEAD_STATUSES = "disqualified_lead_statuses";
    static final String DEAL_STAGES = "deal_stages";
    static final String CONTACT_PROPERTIES = "contact_properties";
    static final String CURRENCY = "currency";
    static final Set<String> SETTINGS = Set.of(LIFECYCLE_STAGES, DISQUALIFIED_LEAD_STATUSES, DEAL_STAGES, CONTACT_PROPERTIES, CURRENCY);

    /** Where a deal stage leaves the deal: stage ids are per pipeline and per account, so only configuration knows. */
    enum DealStage { OPEN, WON, LOST }

    static final Map<String, Stage> DEFAULT_LIFECYCLE_STAGES = Map.of(
            "subscriber", Stage.LEAD, "lead", Stage.LEAD, "marketingqualifiedlead", Stage.MQL,
            "salesqualifiedlead", Stage.SQL, "opportunity", Stage.OPPORTUNITY, "customer", Stage.CUSTOMER,
            "evangelist", Stage.CUSTOMER);
    static final Map<String, String> DEFAULT_DISQUALIFIED_LEAD_STATUSES = Map.of("UNQUALIFIED", "UNQUALIFIED");
    /** The stages of the default pipeline every HubSpot account starts with. */
    static final Map<String, DealStage> DEFAULT_DEAL_STAGES = Map.of(
            "appointmentscheduled", DealStage.OPEN, "qualifiedtobuy", DealStage.OPEN,
            "presentationscheduled", DealStage.OPEN, "decisionmakerboughtin", DealStage.OPEN,
            "contractsent", DealStage.OPEN, "closedwon", DealStage.WON, "closedlost", DealStage.LOST);
    /** Original traffic source and its first drill-down (the campaign for paid and "other campaigns" traffic). */
    static final Map<String, String> DEFAULT_CONTACT_PROPERTIES = Map.of(
            "hs_analytics_source", "source", "hs_analytics_source_data_1", "campaign",
            "first_conversion_event_name", "form", "hubspot_owner_id", "owner", "industry", "attributes.industry",
            "numemployees", "attributes.employees", "country", "attributes.country");

    private static final String LIFECYCLE_STAGE = "lifecyclestage";
    private static final String LEAD_STATUS = "hs_lead_status";
    private static final String ATTRIBUTE = "attributes.";
    private static final Set<String> PROFILE_FIELDS = Set.of("source", "campaign", "form", "owner");

    /** A funnel event, or why a HubSpot event has none. */
    record Outcome(FunnelEvent event, String unmappedReason) {
        static Outcome of(FunnelEvent event) {
            return new Outcome(event, null);
        }

        static Outcome unmapped(String reason) {
            return new Outcome(null, reason);
        }
    }

    private final String settingsPath;
    private final Map<String, Stage> lifecycleStages;
    private final Map<String, String> disqualifiedLeadStatuses;
    private final Map<String, DealStage> dealStages;
    private final Map<String, String> contactProperties;
    private final String currency;
    private final Set<String> configuredDealStages;

    private HubSpotMapping(String settingsPath, Map<String, Stage> lifecycleStages, Map<String, String> disqualifiedLeadStatuses,
                           Map<String, DealStage> dealStages, Map<String, String> contactProperties, String currency,
                           Set<String> configuredDealStages) {
        this.settingsPath = settingsPath;
        this.configuredDealStages = Set.copyOf(configuredDealStages);
        this.lifecycleStages = lifecycleStages;
        this.disqualifiedLeadStatuses = disqualifiedLeadStatuses;
        this.dealStages = dealStages;
        this.contactProperties = contactProperties;
        this.currency = currency;
    }

    static HubSpotMapping from(Section hubspot) {
        return new HubSpotMapping(hubspot.path(),
                merged(DEFAULT_LIFECYCLE_STAGES, hubspot, LIFECYCLE_STAGES, (key, value) -> Stage.fromWireName(value)
                        .orElseThrow(() -> new ConfigException(key, "must be one of lead, mql, sql, opportunity, customer; was '" + value + "'"))),
                merged(DEFAULT_DISQUALIFIED_LEAD_STATUSES, hubspot, DISQUALIFIED_LEAD_STATUSES, (key, reason) -> reason),
                merged(DEFAULT_DEAL_STAGES, hubspot, DEAL_STAGES, HubSpotMapping::dealStage),
                merged(DEFAULT_CONTACT_PROPERTIES, hubspot, CONTACT_PROPERTIES, HubSpotMapping::profileField),
                hubspot.string(CURRENCY).map(code -> {
                    if (code.matches("[A-Z]{3}")) return code;
                    throw new ConfigException(hubspot.pathOf(CURRENCY), "must be an ISO 4217 code such as EUR or USD; was '" + code + "'");
                }).orElse(null),
                hubspot.stringMap(DEAL_STAGES).keySet());
    }

    /** HubSpot lifecycle stage ids and the funnel stage each stands for. */
    Map<String, Stage> lifecycleStages() {
        return lifecycleStages;
    }

    /** Why a lead with this lead status is disqualified, or null when the status does not disqualify. */
    String disqualificationReason(String leadStatus) {
        return disqualifiedLeadStatuses.get(leadStatus);
    }

    /** HubSpot contact properties and the profile field ({@code source}, {@code attributes.industry}, …) each fills. */
    Map<String, String> contactProperties() {
        return contactProperties;
    }

    /** The currency of amounts that name none, or null. */
    String currency() {
        return currency;
    }

    /**
     * Where a deal stage leaves a deal: as configured, else as the account's pipelines say ({@code learned}), else as
     * HubSpot's default pipeline does; null when none knows the stage.
     */
    DealStage dealStage(String stageId, Map<String, DealStage> learned) {
        if (configuredDealStages.contains(stageId)) return dealStages.get(stageId);
        DealStage fromPipelines = learned.get(stageId);
        return fromPipelines != null ? fromPipelines : dealStages.get(stageId);
    }

    /** The defaults with the configured entries added, a configured entry replacing a default one. */
    private static <T> Map<String, T> merged(Map<String, T> defaults, Section hubspot, String setting,
                                             BiFunction<String, String, T> parse) {
        Map<String, T> out = new HashMap<>(defaults);
        hubspot.stringMap(setting).forEach((key, value) -> out.put(key, parse.apply(hubspot.pathOf(setting) + "." + key, value)));
        return Map.copyOf(out);
    }

    private static DealStage dealStage(String key, String value) {
        try {
            return DealStage.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "must be open, won or lost; was '" + value + "'");
        }
    }

    private static String profileField(String key, String value) {
        if (PROFILE_FIELDS.contains(value) || (value.startsWith(ATTRIBUTE) && value.length() > ATTRIBUTE.length())) return value;
        throw new ConfigException(key, "must be source, campaign, form, owner or attributes.<name>; was '" + value + "'");
    }

    Outcome translate(HubSpotEvent e) {
        return switch (e.change()) {
            case "creation" -> creation(e);
            case "propertyChange" -> propertyChange(e);
            case "associationChange" -> association(e);
            case "deletion", "privacyDeletion" -> deletion(e);
            default -> Outcome.unmapped("'" + e.subscriptionType() + "' events are not part of the funnel");
        };
    }

    /**
     * A deleted contact is erased, whether deleted for privacy or not: HubSpot sends {@code contact.privacyDeletion} and
     * {@code contact.deletion} for a GDPR delete, and leadloop keeps no copy of a person the CRM no longer holds.
     */
    private Outcome deletion(HubSpotEvent e) {
        if (!"contact".equals(e.objectType())) return Outcome.unmapped("deletions are not part of the funnel");
        if (e.objectId() == null) return Outcome.unmapped("objectId is missing");
        return Outcome.of(new LeadErased(e.key(), e.occurredAt(), leadId(e.portalId(), e.objectId())));
    }

    private Outcome creation(HubSpotEvent e) {
        if (e.objectId() == null) return Outcome.unmapped("objectId is missing");
        return switch (e.objectType()) {
            case "contact" -> Outcome.of(new LeadCreated(e.key(), e.occurredAt(), leadId(e.portalId(), e.objectId()), LeadProfile.EMPTY));
            case "deal" -> Outcome.of(new DealCreated(e.key(), e.occurredAt(), dealId(e.portalId(), e.objectId()), null, Money.UNKNOWN, null));
            default -> notInFunnel(e);
        };
    }

    private Outcome propertyChange(HubSpotEvent e) {
        if (e.objectId() == null || e.propertyName() == null) return Outcome.unmapped("objectId or propertyName is missing");
        if (e.propertyValue() == null) {
            return Outcome.unmapped(e.propertyName() + " was cleared; clearing a value does not move the funnel");
        }
        return switch (e.objectType()) {
            case "contact" -> contactProperty(e, leadId(e.portalId(), e.objectId()));
            case "deal" -> dealProperty(e, dealId(e.portalId(), e.objectId()));
            default -> notInFunnel(e);
        };
    }

    private Outcome contactProperty(HubSpotEvent e, String leadId) {
        String value = e.propertyValue();
        if (LIFECYCLE_STAGE.equals(e.propertyName())) {
            Stage stage = lifecycleStages.get(value);
            return stage == null
                    ? Outcome.unmapped("lifecycle stage '" + value + "' is not mapped; set " + setting(LIFECYCLE_STAGES) + "."
                            + value + " to lead, mql, sql, opportunity or customer")
                    : Outcome.of(new LeadStageReached(e.key(), e.occurredAt(), leadId, stage));
        }
        if (LEAD_STATUS.equals(e.propertyName())) {
            String reason = disqualifiedLeadStatuses.get(value);
            return reason == null
                    ? Outcome.unmapped("lead status '" + value + "' does not disqualify a lead; if it should, add it to "
                            + setting(DISQUALIFIED_LEAD_STATUSES))
                    : Outcome.of(new LeadDisqualified(e.key(), e.occurredAt(), leadId, reason));
        }
        String field = contactProperties.get(e.propertyName());
        return field == null
                ? Outcome.unmapped("contact property '" + e.propertyName() + "' is not mapped; map it in "
                        + setting(CONTACT_PROPERTIES) + " or delete its subscription")
                : Outcome.of(new LeadCreated(e.key(), e.occurredAt(), leadId, profileWith(field, value)));
    }

    private static LeadProfile profileWith(String field, String value) {
        return switch (field) {
            case "source" -> new LeadProfile(value, null, null, null, Map.of());
            case "campaign" -> new LeadProfile(null, value, null, null, Map.of());
            case "form" -> new LeadProfile(null, null, value, null, Map.of());
            case "owner" -> new LeadProfile(null, null, null, value, Map.of());
            default -> new LeadProfile(null, null, null, null, Map.of(field.substring(ATTRIBUTE.length()), value));
        };
    }

    private Outcome dealProperty(HubSpotEvent e, String dealId) {
        String value = e.propertyValue();
        return switch (e.propertyName()) {
            case "dealstage" -> dealStageChange(e, dealId);
            case "hs_is_closed_won" -> "true".equals(value)
                    ? Outcome.of(new DealWon(e.key(), e.occurredAt(), dealId, null, Money.UNKNOWN, null))
                    : notAnOutcome(e);
            case "hs_is_closed_lost" -> "true".equals(value)
                    ? Outcome.of(new DealLost(e.key(), e.occurredAt(), dealId, null, Money.UNKNOWN, null, null))
                    : notAnOutcome(e);
            case "amount" -> amount(e, dealId);
            case "hubspot_owner_id" -> Outcome.of(new DealUpdated(e.key(), e.occurredAt(), dealId, null, Money.UNKNOWN, value));
            case "closed_lost_reason" -> Outcome.unmapped("a lost reason can only be recorded with the loss itself, which"
                    + " arrives as a separate dealstage change; the reason is kept in the stored delivery");
            default -> Outcome.unmapped("deal property '" + e.propertyName() + "' is not part of the funnel; delete its subscription");
        };
    }

    private Outcome dealStageChange(HubSpotEvent e, String dealId) {
        String stageId = e.propertyValue();
        DealStage stage = dealStages.get(stageId);
        if (stage == null) {
            return Outcome.unmapped("deal stage '" + stageId + "' is not mapped; stage ids differ per pipeline and account:"
                    + " set " + setting(DEAL_STAGES) + "." + stageId + " to open, won or lost");
        }
        return Outcome.of(switch (stage) {
            case WON -> new DealWon(e.key(), e.occurredAt(), dealId, null, Money.UNKNOWN, null);
            case LOST -> new DealLost(e.key(), e.occurredAt(), dealId, null, Money.UNKNOWN, null, null);
            case OPEN -> new DealStageChanged(e.key(), e.occurredAt(), dealId, null, stageId);
        });
    }

    private Outcome notAnOutcome(HubSpotEvent e) {
        return Outcome.unmapped(e.propertyName() + " '" + e.propertyValue() + "' alone does not say where the deal stands;"
                + " dealstage changes (mapped in " + setting(DEAL_STAGES) + ") do");
    }

    private Outcome amount(HubSpotEvent e, String dealId) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(e.propertyValue().strip());
        } catch (NumberFormatException ex) {
            return Outcome.unmapped("amount '" + e.propertyValue() + "' is not a number");
        }
        return Outcome.of(new DealUpdated(e.key(), e.occurredAt(), dealId, null, new Money(amount, currency), null));
    }

    /** HubSpot links deals to contacts in separate events, from either side and in either subscription format. */
    private Outcome association(HubSpotEvent e) {
        boolean fromContact = "CONTACT_TO_DEAL".equals(e.associationType())
                || (HubSpotEvent.CONTACT.equals(e.fromObjectTypeId()) && HubSpotEvent.DEAL.equals(e.toObjectTypeId()));
        boolean fromDeal = "DEAL_TO_CONTACT".equals(e.associationType())
                || (HubSpotEvent.DEAL.equals(e.fromObjectTypeId()) && HubSpotEvent.CONTACT.equals(e.toObjectTypeId()));
        if (!fromContact && !fromDeal) {
            return Outcome.unmapped("only deal-contact associations are part of the funnel; this one is "
                    + (e.associationType() != null ? e.associationType() : e.fromObjectTypeId() + " to " + e.toObjectTypeId()));
        }
        if (e.associationRemoved()) {
            return Outcome.unmapped("a removed association does not unlink a deal from the lead it came from");
        }
        String contactId = fromContact ? e.fromObjectId() : e.toObjectId();
        String dealId = fromContact ? e.toObjectId() : e.fromObjectId();
        if (contactId == null || dealId == null) return Outcome.unmapped("fromObjectId or toObjectId is missing");
        return Outcome.of(new DealUpdated(e.key(), e.occurredAt(), dealId(e.portalId(), dealId),
                leadId(e.portalId(), contactId), Money.UNKNOWN, null));
    }

    private static Outcome notInFunnel(HubSpotEvent e) {
        return Outcome.unmapped(e.objectType() + " events are not part of the funnel; only contacts and deals are");
    }

    private String setting(String name) {
        return settingsPath + "." + name;
    }

    static String leadId(String portalId, String contactId) {
        return "hubspot:" + portalId + ":contact:" + contactId;
    }

    static String dealId(String portalId, String dealId) {
        return "hubspot:" + portalId + ":deal:" + dealId;
    }
}
