package io.leadloop.funnel;

import java.time.Instant;

final class Times {
    private Times() {}

    static Instant earliest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }

    static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    /**
     * Whether a value that occurred {@code at} replaces the one known since {@code knownAt}: the later occurrence
     * wins, and at the same instant the greater value does, so that no delivery order can decide between the two.
     * A value without a time (unknown, or read from an item older than per-field times) gives way to any.
     */
    static <T extends Comparable<? super T>> boolean replaces(Instant at, T value, Instant knownAt, T known) {
        if (value == null) return false;
        if (known == null || knownAt == null) return true;
        int order = at.compareTo(knownAt);
        return order > 0 || (order == 0 && value.compareTo(known) > 0);
    }
}
