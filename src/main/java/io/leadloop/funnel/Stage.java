package io.leadloop.funnel;

import java.util.Locale;
import java.util.Optional;

/** The one funnel every CRM is mapped onto, in order: reaching a stage implies every earlier one. */
public enum Stage {
    LEAD, MQL, SQL, OPPORTUNITY, CUSTOMER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Stage> fromWireName(String name) {
        for (Stage stage : values()) {
            if (stage.wireName().equals(name)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }
}
