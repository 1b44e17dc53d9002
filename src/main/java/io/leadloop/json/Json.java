package io.leadloop.json;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One configured JSON codec: decimals stay exact, output is stable. */
public final class Json {
    private Json() {}

    private static final JSON CODEC = JSON.builder()
            .enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JSON.Feature.PRETTY_PRINT_OUTPUT)
            .build();

    private static final JSON COMPACT = JSON.builder().enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** Documents with a documented key set (the report JSON): a null value is written as null, not left out. */
    private static final JSON DOCUMENT = JSON.builder().enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JSON.Feature.PRETTY_PRINT_OUTPUT).enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    private static final JSON COMPACT_DOCUMENT = JSON.builder().enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    /** Parses any JSON value: maps, lists, strings, numbers, booleans or null. */
    public static Object parse(String text) throws IOException {
        return CODEC.anyFrom(text);
    }

    public static String pretty(Object value) {
        return write(CODEC, value);
    }

    public static String compact(Object value) {
        return write(COMPACT, value);
    }

    /** Pretty-printed, keeping null values: every documented key is present. */
    public static String document(Object value) {
        return write(DOCUMENT, value);
    }

    /** {@link #document} on one line, for storing. */
    public static String compactDocument(Object value) {
        return write(COMPACT_DOCUMENT, value);
    }

    private static String write(JSON codec, Object value) {
        try {
            return codec.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
