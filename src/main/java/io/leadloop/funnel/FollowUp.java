package io.leadloop.funnel;

import java.time.Duration;
import java.time.Instant;

/**
 * A qualified lead nobody has worked yet: no activity logged, not disqualified, not accepted as an SQL and without
 * a deal. The store keeps one index item per such lead (docs/data-model.md), so the report lists them without
 * reading every lead; the item disappears with the lead's first activity.
 *
 * @param since when the lead was created (and, by the definition in force that day, qualified)
 */
public record FollowUp(String leadId, Instant since, String owner, String source, String campaign, String form) {

    /** Whole days the lead has waited at {@code now}. */
    public long daysWaiting(Instant now) {
        return Math.max(0, Duration.between(since, now).toDays());
    }
}
