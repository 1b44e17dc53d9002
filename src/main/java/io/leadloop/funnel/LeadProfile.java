package io.leadloop.funnel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is known about who a lead is and where it came from: the dimensions the report breaks ratios down by.
 * Absent values are null; {@link #mergedWith} lets a later or richer event fill them in.
 */
public record LeadProfile(String source, String campaign, String form, String owner, Map<String, String> attributes) {

    public static final LeadProfile EMPTY = new LeadProfile(null, null, null, null, Map.of());

    public LeadProfile {
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** The profile fields every lead has; any other name is looked up in {@link #attributes}. */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("source", "campaign", "form", "owner");

    /** A field or attribute by name, or null when unknown. */
    public String value(String name) {
        return switch (name) {
            case "source" -> source;
            case "campaign" -> campaign;
            case "form" -> form;
            case "owner" -> owner;
            default -> attributes.get(name);
        };
    }

    /** A numeric attribute ("1,200" and "1200.0" read as numbers), or null when absent or not a number. */
    public java.math.BigDecimal number(String name) {
        String text = value(name);
        if (text == null) return null;
        try {
            return new java.math.BigDecimal(text.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Values from {@code newer} win where present; everything else is kept. */
    public LeadProfile mergedWith(LeadProfile newer) {
        Map<String, String> merged = new LinkedHashMap<>(attributes);
        merged.putAll(newer.attributes);
        return new LeadProfile(
                firstNonNull(newer.source, source),
                firstNonNull(newer.campaign, campaign),
                firstNonNull(newer.form, form),
                firstNonNull(newer.owner, owner),
                merged);
    }

    /** Values from {@code older} only fill what this profile lacks. */
    public LeadProfile filledFrom(LeadProfile older) {
        return older.mergedWith(this);
    }

    private static String firstNonNull(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }
}
