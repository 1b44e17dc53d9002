package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.QualificationRule.OneOf;
import io.leadloop.funnel.QualifiedLeadDefinition.Match;
import io.leadloop.testing.Unit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A qualified lead waits for follow-up from its creation until someone works it. */
@Unit
class FollowUpTest {

    private final FunnelRules rules = new FunnelRules(ZoneId.of("Europe/Madrid"), new Qualification(List.of(
            new QualifiedLeadDefinition(LocalDate.of(2026, 1, 1), Match.ALL, List.of(new OneOf("form", Set.of("demo-request")))))),
            Segmentation.DEFAULT);

    private static final Instant CREATED = Instant.parse("2026-11-16T09:00:00Z");

    private LeadState created(String form) {
        return rules.apply(new LeadCreated("e1", CREATED, "L1", new LeadProfile("webinar", "q4", form, "ana", Map.of())),
                LeadState.unknown("L1"), null).lead();
    }

    @Test
    void aQualifiedLeadWaitsFromItsCreation() {
        FollowUp waiting = rules.awaitingFollowUp(created("demo-request"));

        assertNotNull(waiting);
        assertEquals(new FollowUp("L1", CREATED, "ana", "webinar", "q4", "demo-request"), waiting);
        assertEquals(4, waiting.daysWaiting(Instant.parse("2026-11-20T10:00:00Z")));
    }

    @Test
    void aLeadThatDoesNotQualifyNeverWaits() {
        assertNull(rules.awaitingFollowUp(created("newsletter")));
    }

    @Test
    void anyWorkEndsTheWait() {
        LeadState lead = created("demo-request");
        Instant later = CREATED.plusSeconds(86_400);

        assertNull(rules.awaitingFollowUp(rules.apply(new ActivityLogged("e2", later, "ana", "call", "L1"), lead, null).lead()), "an activity");
        assertNull(rules.awaitingFollowUp(rules.apply(new LeadDisqualified("e3", later, "L1", "no budget"), lead, null).lead()), "a disqualification");
        assertNull(rules.awaitingFollowUp(rules.apply(new LeadStageReached("e4", later, "L1", Stage.SQL), lead, null).lead()), "acceptance as SQL");
        assertNotNull(rules.awaitingFollowUp(rules.apply(new LeadStageReached("e5", later, "L1", Stage.MQL), lead, null).lead()),
                "becoming an MQL is marketing's doing: the lead still waits for sales");
    }
}
