package io.leadloop.store.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it against its 400 KB limit: attribute names and strings in UTF-8 bytes, a number
 * as about one byte per two digits plus one (counted here as one byte per character, which is never less), binary as
 * its length, and three bytes plus one per element for each map or list.
 */
final class ItemSize {
    private ItemSize() {}

    static long of(Map<String, AttributeValue> attributes) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) n += utf8(e.getKey()) + of(e.getValue());
        return n;
    }

    static long of(AttributeValue v) {
        if (v.s() != null) return utf8(v.s());
        if (v.n() != null) return v.n().length();
        if (v.b() != null) return v.b().asByteArray().length;
        if (v.hasSs()) return v.ss().stream().mapToLong(ItemSize::utf8).sum();
        if (v.hasNs()) return v.ns().stream().mapToLong(String::length).sum();
        if (v.hasM()) return 3 + v.m().size() + of(v.m());
        if (v.hasL()) return 3 + v.l().size() + v.l().stream().mapToLong(ItemSize::of).sum();
        return 1;
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
