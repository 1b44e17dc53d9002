package io.leadloop.ingest.pipedrive;

import io.leadloop.ingest.pipedrive.PipedriveMapping.Unmappable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} or {@code previous} object of a Pipedrive webhook, read leniently: ids come as numbers or
 * strings, times as epoch seconds, epoch milliseconds or ISO text. A field that still makes no sense makes the
 * webhook unmapped (stored for re-application), never the delivery refused.
 */
final class PipedriveObject {

    /** {@code data} of a deletion, {@code previous} of a creation. */
    static final PipedriveObject ABSENT = new PipedriveObject(Map.of());

    /** At or above this an epoch number is milliseconds: as seconds it would be after the year 5000. */
    private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;

    private final Map<?, ?> fields;

    PipedriveObject(Map<?, ?> fields) {
        this.fields = fields;
    }

    /** Whether the field is there at all, even as null: in {@code previous} that means it changed. */
    boolean has(String field) {
        return fields.containsKey(field);
    }

    String text(String field) throws Unmappable {
        Object value = fields.get(field);
        String text = scalar(value);
        if (value != null && text == null && !(value instanceof String)) {
            throw new Unmappable("field '" + field + "' should be text or a number, was " + value);
        }
        return text;
    }

    BigDecimal decimal(String field) throws Unmappable {
        String text = text(field);
        if (text == null) return null;
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new Unmappable("field '" + field + "' should be a number, was '" + text + "'");
        }
    }

    boolean isTrue(String field) {
        return Boolean.TRUE.equals(fields.get(field));
    }

    /** A list of ids as text; empty when absent or null. */
    List<String> ids(String field) throws Unmappable {
        Object value = fields.get(field);
        if (value == null) return List.of();
        if (!(value instanceof List<?> items)) throw new Unmappable("field '" + field + "' should be a list of ids, was " + value);
        return scalars(items);
    }

    /** The field's time, or {@code absent} when the field is missing or null. */
    Instant instant(String field, Instant absent) throws Unmappable {
        Object value = fields.get(field);
        if (value == null) return absent;
        Instant at = instantOf(value);
        if (at == null) throw new Unmappable("field '" + field + "' should be a time, was '" + value + "'");
        return at;
    }

    /**
     * A custom field's value as text. Webhooks v2 keep custom fields in {@code custom_fields} by their 40-character
     * key, each as a typed object: text and numbers {@code {"type": "varchar", "value": "webinar"}}, a single option
     * {@code {"type": "enum", "id": 37}}, several options {@code {"type": "set", "values": [{"id": 37}, {"id": 38}]}},
     * money {@code {"type": "monetary", "value": 100, "currency": "EUR"}}. Bare values (text, a number, a list of
     * option ids), as the REST API v2 writes them, read the same. Options read as their ids ({@code "37,38"}).
     */
    String customField(String key) {
        if (!(fields.get("custom_fields") instanceof Map<?, ?> custom)) return null;
        Object value = custom.get(key);
        if (value instanceof Map<?, ?> typed) {
            if (typed.get("values") instanceof List<?> options) return joined(options);
            return scalar(typed.containsKey("value") ? typed.get("value") : typed.get("id"));
        }
        if (value instanceof List<?> options) return joined(options);
        return scalar(value);
    }

    /** Whether {@code custom_fields} names any of {@code keys}: in {@code previous}, that those fields changed. */
    boolean hasAnyCustomField(Collection<String> keys) {
        return fields.get("custom_fields") instanceof Map<?, ?> custom && keys.stream().anyMatch(custom::containsKey);
    }

    private static String joined(List<?> options) {
        List<String> chosen = new ArrayList<>();
        for (Object option : options) {
            String id = scalar(option instanceof Map<?, ?> typed ? typed.get("id") : option);
            if (id != null) chosen.add(id);
        }
        return chosen.isEmpty() ? null : String.join(",", chosen);
    }

    /**
     * A time as Pipedrive writes it: epoch seconds or milliseconds (number or digits), RFC 3339 text, or the
     * {@code 2026-11-16 08:12:00} UTC form of older payloads. Null when it is none of those.
     */
    static Instant instantOf(Object value) {
        if (value instanceof Number n) return epoch(n.longValue());
        if (!(value instanceof String s) || s.isBlank()) return null;
        String text = s.strip();
        try {
            if (text.chars().allMatch(Character::isDigit)) return epoch(Long.parseLong(text));
            return OffsetDateTime.parse(text).toInstant();
        } catch (NumberFormatException tooLong) {
            return null;
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
    }

    private static Instant epoch(long value) {
        return Math.abs(value) >= EPOCH_MILLIS_FROM ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    private static List<String> scalars(List<?> items) {
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            String text = scalar(item);
            if (text != null) texts.add(text);
        }
        return texts;
    }

    /** A string, number or boolean as text; null for null, blank text, objects and lists. */
    static String scalar(Object value) {
        if (value instanceof String s) return s.isBlank() ? null : s;
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        return null;
    }
}
