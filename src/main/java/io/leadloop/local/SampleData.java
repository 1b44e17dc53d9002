package io.leadloop.local;

import io.leadloop.funnel.Period;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic, reproducible stream of generic-format events for two consecutive periods: leads from several
 * sources, some qualified through demo requests or buying guides, handed to three reps, worked, disqualified,
 * converted to deals that are won or lost. It also knows the counts a correct report must show.
 */
public final class SampleData {

    private static final String[] SOURCES = {"webinar", "paid-search", "organic", "referral", "partner"};
    private static final String[] FORMS = {"demo-request", "buying-guide", "newsletter", "contact-us"};
    private static final String[] REPS = {"ana.garcia", "ben.okafor", "chloe.martin"};
    private static final String[] INDUSTRIES = {"software", "manufacturing", "retail", "healthcare", "finance"};
    private static final String[] COUNTRIES = {"ES", "US", "DE", "MX", "GB"};
    private static final String[] DISQUALIFY_REASONS = {"no budget", "wrong persona", "just researching", "competitor customer"};
    private static final String[] LOSS_REASONS = {"price", "chose competitor", "no decision"};

    /** The events, oldest first, and how many of each kind fall in the reported period. */
    public record Sample(List<Map<String, Object>> events, Map<String, Long> expectedCounts) {}

    public static Sample generate(Period period, ZoneId zone, Instant now, long seed) {
        return generate(period, zone, now, seed, 2);
    }

    /**
     * @param periods how many periods up to and including {@code period} get events (the report's trend shows 13).
     * The sample tells a story: in the reported period paid-search leads reach SQL less often, and some qualified
     * leads wait without anyone working them.
     */
    public static Sample generate(Period period, ZoneId zone, Instant now, long seed, int periods) {
        Random random = new Random(seed);
        List<Map<String, Object>> events = new ArrayList<>();
        int serial = 0;
        List<Period> span = new ArrayList<>();
        for (int back = periods - 1; back >= 0; back--) span.add(period.shifted(-back));
        for (Period p : span) {
            boolean reported = p.equals(period);
            int leads = reported ? 48 : span.size() == 2 ? 40 : span.indexOf(p) >= span.size() - 2 ? 45 : 26 + random.nextInt(12);
            Instant start = p.start().atStartOfDay(zone).toInstant();
            long periodSeconds = Duration.between(start, p.end().atStartOfDay(zone).toInstant()).getSeconds();
            for (int i = 0; i < leads; i++) {
                String leadId = "lead-" + p.label() + "-" + i;
                String form = FORMS[random.nextInt(FORMS.length)];
                String owner = REPS[random.nextInt(REPS.length)];
                Instant created = start.plusSeconds((long) (random.nextDouble() * periodSeconds));
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("industry", INDUSTRIES[random.nextInt(INDUSTRIES.length)]);
                attributes.put("employees", 10 + random.nextInt(2000));
                attributes.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
                Map<String, Object> lead = event(++serial, "lead.created", created);
                lead.put("lead_id", leadId);
                lead.put("source", reported && random.nextDouble() < 0.3 ? "paid-search" : SOURCES[random.nextInt(SOURCES.length)]);
                lead.put("campaign", "q4-" + SOURCES[random.nextInt(SOURCES.length)]);
                lead.put("form", form);
                lead.put("owner", owner);
                lead.put("attributes", attributes);
                events.add(lead);

                boolean highIntent = form.equals("demo-request") || form.equals("buying-guide");
                if (highIntent && reported && random.nextDouble() < 0.15) {
                    continue; // qualified, and nobody has touched it yet
                }
                if (!(highIntent || random.nextDouble() < 0.25)) {
                    if (random.nextDouble() < 0.3) {
                        events.add(leadEvent(++serial, "lead.disqualified", later(created, random, 2), leadId,
                                "reason", DISQUALIFY_REASONS[random.nextInt(DISQUALIFY_REASONS.length)]));
                    }
                    continue;
                }
                Instant mql = later(created, random, 1);
                events.add(leadEvent(++serial, "lead.stage_reached", mql, leadId, "stage", "mql"));
                events.add(activity(++serial, later(mql, random, 1), owner, "call", leadId));
                boolean weakSource = reported && "paid-search".equals(lead.get("source"));
                if (random.nextDouble() < (weakSource ? 0.9 : 0.3)) {
                    events.add(leadEvent(++serial, "lead.disqualified", later(mql, random, 2), leadId, "reason",
                            DISQUALIFY_REASONS[random.nextInt(DISQUALIFY_REASONS.length)]));
                    continue;
                }
                Instant sql = later(mql, random, 2);
                events.add(leadEvent(++serial, "lead.stage_reached", sql, leadId, "stage", "sql"));
                events.add(activity(++serial, later(sql, random, 1), owner, "meeting", leadId));
                if (random.nextDouble() < 0.15) continue;
                String dealId = "deal-" + leadId;
                Instant opened = later(sql, random, 1);
                BigDecimal amount = BigDecimal.valueOf(2_000 + random.nextInt(28) * 1_000L);
                Map<String, Object> deal = event(++serial, "deal.created", opened);
                deal.put("deal_id", dealId);
                deal.put("lead_id", leadId);
                deal.put("amount", amount);
                deal.put("currency", "EUR");
                deal.put("owner", owner);
                events.add(deal);
                Instant closed = later(opened, random, 3);
                boolean won = random.nextDouble() < 0.6;
                Map<String, Object> close = event(++serial, won ? "deal.won" : "deal.lost", closed);
                close.put("deal_id", dealId);
                close.put("lead_id", leadId);
                close.put("amount", amount);
                close.put("currency", "EUR");
                close.put("owner", owner);
                if (!won) close.put("reason", LOSS_REASONS[random.nextInt(LOSS_REASONS.length)]);
                events.add(close);
            }
        }
        events.removeIf(e -> Instant.parse((String) e.get("occurred_at")).isAfter(now));
        events.sort(Comparator.comparing(e -> Instant.parse((String) e.get("occurred_at"))));
        return new Sample(events, expected(events, period, zone));
    }

    private static Map<String, Long> expected(List<Map<String, Object>> events, Period period, ZoneId zone) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String key : List.of("leads", "mqls", "sqls", "opportunities", "won", "lost")) counts.put(key, 0L);
        for (Map<String, Object> e : events) {
            LocalDate day = LocalDate.ofInstant(Instant.parse((String) e.get("occurred_at")), zone);
            if (!period.contains(day)) continue;
            String key = switch ((String) e.get("type")) {
                case "lead.created" -> "leads";
                case "lead.stage_reached" -> "mql".equals(e.get("stage")) ? "mqls" : "sqls";
                case "deal.created" -> "opportunities";
                case "deal.won" -> "won";
                case "deal.lost" -> "lost";
                default -> null;
            };
            if (key != null) counts.merge(key, 1L, Long::sum);
        }
        return counts;
    }

    private static Instant later(Instant from, Random random, int maxDays) {
        return from.plusSeconds(600 + (long) (random.nextDouble() * maxDays * 86_400));
    }

    private static Map<String, Object> event(int serial, String type, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", String.format("evt-%05d", serial));
        e.put("type", type);
        e.put("occurred_at", at.toString());
        return e;
    }

    private static Map<String, Object> leadEvent(int serial, String type, Instant at, String leadId, String field, String value) {
        Map<String, Object> e = event(serial, type, at);
        e.put("lead_id", leadId);
        e.put(field, value);
        return e;
    }

    private static Map<String, Object> activity(int serial, Instant at, String rep, String type, String leadId) {
        Map<String, Object> e = event(serial, "activity.logged", at);
        e.put("rep", rep);
        e.put("activity_type", type);
        e.put("lead_id", leadId);
        return e;
    }
}
