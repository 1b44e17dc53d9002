package io.leadloop.funnel;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** The qualified-lead definitions over time; the one in force on a lead's creation day judges it. */
public record Qualification(List<QualifiedLeadDefinition> definitions) {

    public static final Qualification NONE = new Qualification(List.of());

    public Qualification {
        definitions = definitions.stream().sorted(Comparator.comparing(QualifiedLeadDefinition::effectiveFrom)).toList();
    }

    public QualifiedLeadDefinition inForceOn(LocalDate day) {
        QualifiedLeadDefinition current = QualifiedLeadDefinition.EVERY_LEAD;
        for (QualifiedLeadDefinition d : definitions) {
            if (!d.effectiveFrom().isAfter(day)) current = d;
        }
        return current;
    }

    public boolean qualifies(LeadProfile profile, LocalDate createdOn) {
        return inForceOn(createdOn).qualifies(profile);
    }
}
