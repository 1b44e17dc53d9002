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

    /** Parses any JSON value: maps, lists, strings, numbers, booleans or null. */
    public static Object parse(String text) throws IOException {
        return CODEC.anyFrom(text);
    }

    public static String pretty(Object value) {
        try {
            return CODEC.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String compact(Object value) {
        try {
            return COMPACT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
