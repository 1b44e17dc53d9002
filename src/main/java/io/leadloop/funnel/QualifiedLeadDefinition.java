package io.leadloop.funnel;

import io.leadloop.funnel.QualificationRule.AtLeast;
import io.leadloop.funnel.QualificationRule.AtMost;
import io.leadloop.funnel.QualificationRule.NoneOf;
import io.leadloop.funnel.QualificationRule.OneOf;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The formal definition of a qualified lead that marketing and sales share (qualified-lead-definition.txt), in
 * force from a date. A lead is judged by the definition in force on the day it was created, so changing the
 * definition never rewrites what earlier periods reported.
 */
public record QualifiedLeadDefinition(LocalDate effectiveFrom, Match match, List<QualificationRule> rules) {

    public enum Match { ALL, ANY }

    /** Every lead is qualified: the default until a company writes its definition down. */
    public static final QualifiedLeadDefinition EVERY_LEAD = new QualifiedLeadDefinition(LocalDate.MIN, Match.ALL, List.of());

    public QualifiedLeadDefinition {
        rules = List.copyOf(rules);
        if (match == Match.ALL) {
            String contradiction = contradiction(rules);
            if (contradiction != null) throw new IllegalArgumentException(contradiction);
        }
    }

    public boolean qualifies(LeadProfile profile) {
        if (rules.isEmpty()) return true;
        return match == Match.ALL ? rules.stream().allMatch(r -> r.test(profile)) : rules.stream().anyMatch(r -> r.test(profile));
    }

    public String describe() {
        if (rules.isEmpty()) return "every lead counts as qualified (no definition configured)";
        return rules.stream().map(QualificationRule::describe)
                .collect(Collectors.joining(match == Match.ALL ? " and " : " or "));
    }

    /** Under "all", rules on one attribute that no value can satisfy together; null when there are none. */
    private static String contradiction(List<QualificationRule> rules) {
        for (String attribute : rules.stream().map(QualificationRule::attribute).collect(Collectors.toSet())) {
            List<QualificationRule> on = rules.stream().filter(r -> r.attribute().equals(attribute)).toList();
            BigDecimal low = null;
            BigDecimal high = null;
            Set<String> allowed = null;
            Set<String> excluded = new HashSet<>();
            for (QualificationRule r : on) {
                if (r instanceof AtLeast a) low = low == null || a.bound().compareTo(low) > 0 ? a.bound() : low;
                if (r instanceof AtMost a) high = high == null || a.bound().compareTo(high) < 0 ? a.bound() : high;
                if (r instanceof OneOf o) {
                    if (allowed == null) allowed = new HashSet<>(o.values());
                    else allowed.retainAll(o.values());
                }
                if (r instanceof NoneOf n) excluded.addAll(n.values());
            }
            if (low != null && high != null && low.compareTo(high) > 0) {
                return attribute + " must be ≥ " + low.toPlainString() + " and ≤ " + high.toPlainString() + " at once";
            }
            if (allowed != null) {
                allowed.removeAll(excluded);
                if (allowed.isEmpty()) return attribute + " is required to be one of values that the other rules exclude";
            }
        }
        return null;
    }
}
