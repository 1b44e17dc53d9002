package io.leadloop.funnel;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything known about one lead, built from events that may arrive in any order or more than once:
 * each stage keeps the earliest time it was seen, and reaching a stage implies every earlier stage; each profile
 * field keeps the value of its latest occurrence, with that time in {@link #profileTimes} (by {@link LeadProfile#fields()}
 * name), so that a delayed older change of one field neither replaces a newer value of it nor is lost for another.
 */
public record LeadState(
        String leadId,
        Map<Stage, Instant> reached,
        Instant disqualifiedAt,
        String disqualificationReason,
        LeadProfile profile,
        Map<String, Instant> profileTimes,
        Instant lastActivityAt,
        Instant churnedAt,
        Set<String> dealIds) {

    public LeadState {
        EnumMap<Stage, Instant> copy = new EnumMap<>(Stage.class);
        copy.putAll(reached);
        reached = Collections.unmodifiableMap(copy);
        profile = profile == null ? LeadProfile.EMPTY : profile;
        profileTimes = profileTimes == null ? Map.of() : Map.copyOf(profileTimes);
        dealIds = dealIds == null ? Set.of() : Set.copyOf(dealIds);
    }

    public static LeadState unknown(String leadId) {
        return new LeadState(leadId, Map.of(), null, null, LeadProfile.EMPTY, Map.of(), null, null, Set.of());
    }

    public Instant reachedAt(Stage stage) {
        return reached.get(stage);
    }

    public LeadState reach(Stage stage, Instant at) {
        EnumMap<Stage, Instant> next = new EnumMap<>(Stage.class);
        next.putAll(reached);
        for (Stage implied : Stage.values()) {
            if (implied.compareTo(stage) <= 0) {
                next.merge(implied, at, Times::earliest);
            }
        }
        return new LeadState(leadId, next, disqualifiedAt, disqualificationReason, profile, profileTimes, lastActivityAt, churnedAt, dealIds);
    }

    /** The earliest disqualification stands, with its reason, so that replays and reordering agree. */
    public LeadState disqualify(Instant at, String reason) {
        if (disqualifiedAt != null && !at.isBefore(disqualifiedAt)) {
            return this;
        }
        return new LeadState(leadId, reached, at, reason, profile, profileTimes, lastActivityAt, churnedAt, dealIds);
    }

    /** Each field described takes the value unless the lead holds a later occurrence of that field. */
    public LeadState describe(LeadProfile described, Instant at) {
        Map<String, String> values = new HashMap<>(profile.fields());
        Map<String, Instant> times = new HashMap<>(profileTimes);
        described.fields().forEach((field, value) -> {
            if (Times.replaces(at, value, times.get(field), values.get(field))) {
                values.put(field, value);
                times.put(field, at);
            }
        });
        return new LeadState(leadId, reached, disqualifiedAt, disqualificationReason, LeadProfile.ofFields(values), times,
                lastActivityAt, churnedAt, dealIds);
    }

    /** The latest occurrence of any profile field, null while nothing is known. */
    public Instant profileAt() {
        return profileTimes.values().stream().max(Instant::compareTo).orElse(null);
    }

    public LeadState touchedBy(Instant activityAt) {
        return new LeadState(leadId, reached, disqualifiedAt, disqualificationReason, profile, profileTimes,
                Times.latest(lastActivityAt, activityAt), churnedAt, dealIds);
    }

    /** The latest churn stands: a customer who came back and left again churned when they last left. */
    public LeadState churned(Instant at) {
        return new LeadState(leadId, reached, disqualifiedAt, disqualificationReason, profile, profileTimes, lastActivityAt,
                Times.latest(churnedAt, at), dealIds);
    }

    /** The lead remembers its deals, so that a later change to the lead can re-attribute them. */
    public LeadState withDeal(String dealId) {
        if (dealIds.contains(dealId)) return this;
        Set<String> ids = new TreeSet<>(dealIds);
        ids.add(dealId);
        return new LeadState(leadId, reached, disqualifiedAt, disqualificationReason, profile, profileTimes, lastActivityAt,
                churnedAt, ids);
    }
}
