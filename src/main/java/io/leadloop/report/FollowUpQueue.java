package io.leadloop.report;

import io.leadloop.funnel.FollowUp;
import java.time.Instant;
import java.util.List;

/** The qualified leads nobody has worked yet ({@link io.leadloop.funnel.FunnelRules#awaitingFollowUp}). */
public interface FollowUpQueue {

    /** Qualified leads nobody has worked, created before a time, oldest first; at most a given number of them. */
    record FollowUps(List<FollowUp> leads, boolean truncated) {
        public FollowUps {
            leads = List.copyOf(leads);
        }
    }

    /**
     * @param before only leads created before this
     * @param max at most this many are read; {@link FollowUps#truncated} says more were waiting
     */
    FollowUps awaitingFollowUp(Instant before, int max);
}
