package io.leadloop.funnel;

import java.util.List;
import java.util.Locale;

/**
 * Whom a rep line credits, for teams where one person owns the lead (an SDR) and another the deal (an AE): the lead's
 * owner ("sourced by"), the deal's owner ("closed by"), or both, one line each. Every ratio of a line counts the same
 * people above and below the line, so no rate mixes the leads of one rep with the deals of another.
 */
public enum RepAttribution {
    LEAD_OWNER(List.of(Role.SOURCED_BY)),
    DEAL_OWNER(List.of(Role.CLOSED_BY)),
    BOTH(List.of(Role.SOURCED_BY, Role.CLOSED_BY));

    /** What a rep line counts: deals from the leads the rep owns, or the deals the rep owns. */
    public enum Role {
        SOURCED_BY(Dimension.LEAD_OWNER),
        CLOSED_BY(Dimension.OWNER);

        private final String dealDimension;

        Role(String dealDimension) {
            this.dealDimension = dealDimension;
        }

        /** The dimension of the deal counters (won, lost, won value) this role reads a rep from. */
        public String dealDimension() {
            return dealDimension;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final List<Role> roles;

    RepAttribution(List<Role> roles) {
        this.roles = roles;
    }

    public List<Role> roles() {
        return roles;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
