package io.leadloop.funnel;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** One condition on a lead attribute; a qualified-lead definition combines several with all/any. */
public sealed interface QualificationRule {

    String attribute();

    boolean test(LeadProfile profile);

    /** How the rule reads in the report ("form is one of demo-request, buying-guide"). */
    String describe();

    record OneOf(String attribute, Set<String> values) implements QualificationRule {
        public OneOf {
            values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        public boolean test(LeadProfile profile) {
            String value = profile.value(attribute);
            return value != null && values.contains(value.toLowerCase(Locale.ROOT));
        }

        public String describe() {
            return attribute + " is one of " + String.join(", ", values.stream().sorted().toList());
        }
    }

    record NoneOf(String attribute, Set<String> values) implements QualificationRule {
        public NoneOf {
            values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        public boolean test(LeadProfile profile) {
            String value = profile.value(attribute);
            return value == null || !values.contains(value.toLowerCase(Locale.ROOT));
        }

        public String describe() {
            return attribute + " is none of " + String.join(", ", values.stream().sorted().toList());
        }
    }

    /** An unknown or non-numeric value does not satisfy a numeric bound. */
    record AtLeast(String attribute, BigDecimal bound) implements QualificationRule {
        public boolean test(LeadProfile profile) {
            BigDecimal value = profile.number(attribute);
            return value != null && value.compareTo(bound) >= 0;
        }

        public String describe() {
            return attribute + " ≥ " + bound.toPlainString();
        }
    }

    record AtMost(String attribute, BigDecimal bound) implements QualificationRule {
        public boolean test(LeadProfile profile) {
            BigDecimal value = profile.number(attribute);
            return value != null && value.compareTo(bound) <= 0;
        }

        public String describe() {
            return attribute + " ≤ " + bound.toPlainString();
        }
    }
}
