package io.leadloop.funnel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is known about who a lead is and where it came from: the dimensions the report breaks ratios down by.
 * Absent values are null. {@link LeadState} keeps when each field was last set, so that the latest occurrence of
 * each field wins on its own.
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

    /** Attributes among {@link #fields()}: {@code attributes.industry} is the attribute {@code industry}. */
    public static final String ATTRIBUTE_PREFIX = "attributes.";

    /** Every known value by field name ({@code source}, …, {@code attributes.<name>}): what changes one field at a time. */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        putIfKnown(out, "source", source);
        putIfKnown(out, "campaign", campaign);
        putIfKnown(out, "form", form);
        putIfKnown(out, "owner", owner);
        attributes.forEach((name, value) -> out.put(ATTRIBUTE_PREFIX + name, value));
        return out;
    }

    /** The profile {@link #fields()} describes. */
    public static LeadProfile ofFields(Map<String, String> fields) {
        Map<String, String> attributes = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(ATTRIBUTE_PREFIX)) attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), value);
        });
        return new LeadProfile(fields.get("source"), fields.get("campaign"), fields.get("form"), fields.get("owner"), attributes);
    }

    private static void putIfKnown(Map<String, String> out, String field, String value) {
        if (value != null) out.put(field, value);
    }
}
