package io.leadloop.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one JSON object's fields, recording each problem with its JSON pointer instead of stopping at the first. */
public final class Fields {

    private final Map<?, ?> object;
    private final String pointer;
    private final List<Problem.FieldError> errors;
    private boolean failed;

    private Fields(Map<?, ?> object, String pointer, List<Problem.FieldError> errors) {
        this.object = object;
        this.pointer = pointer;
        this.errors = errors;
    }

    /** Null (with the error recorded) when {@code value} is not an object. */
    public static Fields of(Object value, String pointer, List<Problem.FieldError> errors) {
        if (value instanceof Map<?, ?> map) {
            return new Fields(map, pointer, errors);
        }
        errors.add(new Problem.FieldError(pointer, "must be a JSON object"));
        return null;
    }

    public boolean failed() {
        return failed;
    }

    public void reject(String field, String detail) {
        failed = true;
        errors.add(new Problem.FieldError(pointer + "/" + field, detail));
    }

    public String text(String field) {
        Object value = object.get(field);
        if (value == null) return null;
        if (value instanceof String s) return s.isBlank() ? null : s;
        if (value instanceof Number n) return n.toString();
        reject(field, "must be a string");
        return null;
    }

    public String requiredText(String field) {
        Object raw = object.get(field);
        if (raw == null) {
            reject(field, object.containsKey(field) ? "must not be null" : "is required");
            return null;
        }
        String value = text(field);
        if (value == null && raw instanceof String) reject(field, "must not be empty");
        return value;
    }

    public Instant requiredInstant(String field) {
        String value = requiredText(field);
        if (value == null) return null;
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            reject(field, "must be an RFC 3339 date-time with an offset, e.g. 2026-11-16T09:30:00Z; was '" + value + "'");
            return null;
        }
    }

    /** A JSON number, or a string in plain decimal notation: "18,000" or "1e3" would be guesses, so they are refused. */
    public BigDecimal decimal(String field) {
        Object value = object.get(field);
        if (value == null) return null;
        if (value instanceof BigDecimal d) return d;
        if (value instanceof Number n) return new BigDecimal(n.toString());
        if (value instanceof String s && PLAIN_DECIMAL.matcher(s).matches()) return new BigDecimal(s);
        reject(field, "must be a number, or a string of digits with an optional '.' and decimals (no thousands separators); was "
                + (value instanceof String s ? "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'" : "a " + value.getClass().getSimpleName()));
        return null;
    }

    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    public Map<String, String> attributes(String field) {
        Object value = object.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) return out;
        if (!(value instanceof Map<?, ?> map)) {
            reject(field, "must be an object of attribute names to values");
            return out;
        }
        map.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) out.put(k.toString(), v.toString());
            else if (v != null) reject(field + "/" + k, "must be a string, number or boolean");
        });
        return out;
    }
}
