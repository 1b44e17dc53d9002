package io.leadloop.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reproducible lead lifecycles in the generic webhook format (docs/webhooks.md): a lead is created with a profile;
 * about 40% become MQLs and get worked (calls, meetings); half of those reach SQL, the rest are often disqualified;
 * 60% of SQLs open a deal, 80% of deals close (45% won). About 2.6 events per lead on average. Lead {@code i} of a
 * given prefix and seed is always the same lead, whatever else is generated.
 */
final class Leads {
    private Leads() {}

    static final String[] SOURCES = {"webinar", "paid-search", "organic", "referral", "partner"};
    static final String[] CAMPAIGNS = {"brand", "ai-webinar", "retargeting", "q1-launch", "q2-promo", "q3-events",
            "q4-push", "partner-mdf", "newsletter", "seo", "review-sites", "outbound"};
    static final String[] FORMS = {"demo-request", "buying-guide", "newsletter", "contact-us"};
    static final String[] OWNERS = {"ana.garcia", "ben.okafor", "chloe.martin", "dmitri.ivanov", "eva.lopez", "farid.haddad"};
    static final String[] INDUSTRIES = {"software", "manufacturing", "retail", "healthcare", "finance"};
    static final String[] COUNTRIES = {"ES", "US", "DE", "MX", "GB"};
    static final String[] DISQUALIFY_REASONS = {"no budget", "wrong persona", "just researching", "competitor customer"};
    static final String[] LOSS_REASONS = {"price", "chose competitor", "no decision"};

    static String leadId(String prefix, long i) {
        return prefix + "-L" + i;
    }

    /** Lead {@code i}'s events, oldest first, created uniformly in [from, until) and none after {@code until}. */
    static List<Map<String, Object>> lifecycle(String prefix, long i, Instant from, Instant until, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L);
        List<Map<String, Object>> events = new ArrayList<>(6);
        String leadId = leadId(prefix, i);
        String dealId = prefix + "-D" + i;
        String owner = pick(r, OWNERS);
        int[] serial = {0};
        long span = Duration.between(from, until).getSeconds();
        Instant created = from.plusSeconds((long) (r.nextDouble() * span));

        Map<String, Object> lead = event(prefix, i, serial, "lead.created", created);
        lead.put("lead_id", leadId);
        lead.put("source", pick(r, SOURCES));
        lead.put("campaign", pick(r, CAMPAIGNS));
        lead.put("form", pick(r, FORMS));
        lead.put("owner", owner);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("industry", pick(r, INDUSTRIES));
        attributes.put("employees", 10 + r.nextInt(5000));
        attributes.put("country", pick(r, COUNTRIES));
        lead.put("attributes", attributes);
        events.add(lead);

        if (r.nextDouble() < 0.4) {
            Instant mql = later(r, created, 3600, 3 * 86400);
            events.add(leadEvent(prefix, i, serial, "lead.stage_reached", mql, leadId, "stage", "mql"));
            Instant worked = mql;
            int activities = 1 + r.nextInt(2);
            for (int a = 0; a < activities; a++) {
                worked = later(r, worked, 600, 2 * 86400);
                Map<String, Object> activity = event(prefix, i, serial, "activity.logged", worked);
                activity.put("rep", owner);
                activity.put("activity_type", a == 0 ? "call" : "meeting");
                activity.put("lead_id", leadId);
                events.add(activity);
            }
            if (r.nextDouble() < 0.5) {
                Instant sql = later(r, mql, 3600, 5 * 86400);
                events.add(leadEvent(prefix, i, serial, "lead.stage_reached", sql, leadId, "stage", "sql"));
                if (r.nextDouble() < 0.6) {
                    Instant opened = later(r, sql, 3600, 7 * 86400);
                    BigDecimal amount = BigDecimal.valueOf(2_000 + r.nextInt(29) * 1_000L);
                    Map<String, Object> deal = event(prefix, i, serial, "deal.created", opened);
                    deal.put("deal_id", dealId);
                    deal.put("lead_id", leadId);
                    deal.put("amount", amount);
                    deal.put("currency", "EUR");
                    deal.put("owner", owner);
                    events.add(deal);
                    if (r.nextDouble() < 0.8) {
                        boolean won = r.nextDouble() < 0.45;
                        Map<String, Object> close = event(prefix, i, serial, won ? "deal.won" : "deal.lost",
                                later(r, opened, 86400, 45 * 86400));
                        close.put("deal_id", dealId);
                        close.put("lead_id", leadId);
                        close.put("amount", amount);
                        close.put("currency", "EUR");
                        close.put("owner", owner);
                        if (!won) close.put("reason", pick(r, LOSS_REASONS));
                        events.add(close);
                    }
                }
            } else if (r.nextDouble() < 0.4) {
                events.add(leadEvent(prefix, i, serial, "lead.disqualified", later(r, mql, 3600, 5 * 86400), leadId,
                        "reason", pick(r, DISQUALIFY_REASONS)));
            }
        } else if (r.nextDouble() < 0.2) {
            events.add(leadEvent(prefix, i, serial, "lead.disqualified", later(r, created, 3600, 10 * 86400), leadId,
                    "reason", pick(r, DISQUALIFY_REASONS)));
        }
        events.removeIf(e -> Instant.parse((String) e.get("occurred_at")).isAfter(until));
        return events;
    }

    /** Deliveries of {@code size} events in occurrence order, leads interleaved as a CRM streams them. */
    static List<List<Map<String, Object>>> deliveries(String prefix, int count, int size, Instant from, Instant until, long seed) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (long i = 0; all.size() < (long) count * size + size * 3; i++) {
            all.addAll(lifecycle(prefix, i, from, until, seed));
        }
        all.sort((a, b) -> ((String) a.get("occurred_at")).compareTo((String) b.get("occurred_at")));
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (int d = 0; d < count; d++) out.add(new ArrayList<>(all.subList(d * size, (d + 1) * size)));
        return out;
    }

    private static Instant later(SplittableRandom r, Instant from, long minSeconds, long maxSeconds) {
        return from.plusSeconds(minSeconds + (long) (r.nextDouble() * (maxSeconds - minSeconds)));
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static Map<String, Object> event(String prefix, long lead, int[] serial, String type, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", prefix + "-" + lead + "-" + (serial[0]++));
        e.put("type", type);
        e.put("occurred_at", at.toString());
        return e;
    }

    private static Map<String, Object> leadEvent(String prefix, long lead, int[] serial, String type, Instant at,
                                                 String leadId, String field, String value) {
        Map<String, Object> e = event(prefix, lead, serial, type, at);
        e.put("lead_id", leadId);
        e.put(field, value);
        return e;
    }
}
