package io.leadloop.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.QualificationRule.AtLeast;
import io.leadloop.funnel.QualificationRule.AtMost;
import io.leadloop.funnel.QualificationRule.NoneOf;
import io.leadloop.funnel.QualificationRule.OneOf;
import io.leadloop.funnel.QualifiedLeadDefinition.Match;
import io.leadloop.testing.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@Unit
class QualificationTest {

    // mql-to-sql-conversion.es.txt: only demo requests and buying guides should qualify.
    private static final QualifiedLeadDefinition FORMS_2026 = new QualifiedLeadDefinition(LocalDate.of(2026, 1, 1), Match.ALL,
            List.of(new OneOf("form", Set.of("demo-request", "buying-guide")), new AtLeast("employees", new BigDecimal("50"))));
    private static final QualifiedLeadDefinition FROM_DECEMBER = new QualifiedLeadDefinition(LocalDate.of(2026, 12, 1), Match.ANY,
            List.of(new OneOf("industry", Set.of("software"))));

    private static LeadProfile lead(String form, String employees, String industry) {
        return new LeadProfile("webinar", null, form, "ana", Map.of("employees", employees, "industry", industry));
    }

    @Test
    void allRulesMustHoldUnderAll() {
        assertTrue(FORMS_2026.qualifies(lead("Demo-Request", "1,200", "retail")), "case and thousands separators do not matter");
        assertFalse(FORMS_2026.qualifies(lead("newsletter", "1200", "retail")));
        assertFalse(FORMS_2026.qualifies(lead("demo-request", "12", "retail")));
        assertFalse(FORMS_2026.qualifies(lead("demo-request", "unknown", "retail")), "a non-numeric count fails a numeric rule");
    }

    @Test
    void aNewDefinitionAppliesFromItsDateWithoutRewritingEarlierLeads() {
        Qualification q = new Qualification(List.of(FROM_DECEMBER, FORMS_2026));
        LeadProfile softwareNewsletter = lead("newsletter", "10", "software");

        assertFalse(q.qualifies(softwareNewsletter, LocalDate.of(2026, 11, 30)), "judged by the form rule in November");
        assertTrue(q.qualifies(softwareNewsletter, LocalDate.of(2026, 12, 1)), "the December definition qualifies it");
        assertTrue(q.qualifies(softwareNewsletter, LocalDate.of(2025, 6, 1)), "before any definition every lead counts");
        assertEquals("industry is one of software", q.inForceOn(LocalDate.of(2026, 12, 5)).describe());
    }

    @Test
    void contradictoryRulesAreRefused() {
        IllegalArgumentException bounds = assertThrows(IllegalArgumentException.class, () -> new QualifiedLeadDefinition(
                LocalDate.of(2026, 1, 1), Match.ALL, List.of(new AtLeast("employees", BigDecimal.valueOf(500)), new AtMost("employees", BigDecimal.TEN))));
        assertTrue(bounds.getMessage().contains("employees"), bounds.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QualifiedLeadDefinition(LocalDate.of(2026, 1, 1), Match.ALL,
                List.of(new OneOf("country", Set.of("ES")), new NoneOf("country", Set.of("es")))));
        new QualifiedLeadDefinition(LocalDate.of(2026, 1, 1), Match.ANY,
                List.of(new OneOf("country", Set.of("ES")), new NoneOf("country", Set.of("ES"))));
    }

    @Test
    void qualificationAndSegmentsBecomeBreakdownCounters() {
        FunnelRules rules = new FunnelRules(ZoneId.of("UTC"), new Qualification(List.of(FORMS_2026)),
                new Segmentation(List.of(1, 50, 250, 1000), Set.of("Acme Corp"), "company", List.of("country")));
        LeadProfile profile = new LeadProfile("webinar", "q4", "demo-request", "ana",
                Map.of("employees", "300", "industry", "software", "company", "ACME corp"));

        var counters = rules.apply(new FunnelEvent.LeadCreated("e", Instant.parse("2026-11-17T10:00:00Z"), "L1", profile),
                LeadState.unknown("L1"), null).counterDeltas();

        LocalDate day = LocalDate.of(2026, 11, 17);
        for (String name : List.of("lead|icp_fit=yes", "lead|size=250-999", "lead|industry=software", "lead|target_account=yes",
                "lead|qualified_source=webinar")) {
            assertEquals(BigDecimal.ONE, counters.get(new Counter(day, name)), name);
        }
    }
}
