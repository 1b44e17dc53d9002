package io.leadloop.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Re-applies a source's stored raw deliveries, by the time they were received, through the mapping configured now
 * (docs/webhooks.md, "Replay"). Each delivery is mapped again without re-checking its signature (it was verified on
 * receipt, and its credentials were never stored); its events go through the same once-per-event-id apply as on
 * receipt, so a replay applies what the old mapping left unmapped and skips, reporting them, the events already
 * applied, even where the new mapping would now read them differently.
 */
public final class Replay {

    /** Enough deliveries per page that a replay progresses, few enough that one page fits any invocation's time. */
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 1000;
    /** Refused deliveries listed in the answer; the count covers them all. */
    private static final int LISTED_REFUSALS = 20;

    private final Function<String, DeliveryMapper> mappers;
    private final DeliveryArchive deliveries;
    private final EventLedger store;

    /** @param mappers the current mapping of a source; throws a config error naming what to set when it is not configured */
    public Replay(Function<String, DeliveryMapper> mappers, DeliveryArchive deliveries, EventLedger store) {
        this.mappers = mappers;
        this.deliveries = deliveries;
        this.store = store;
    }

    /** What to replay: a source's deliveries received in [from, until), continuing after {@code cursor} when given. */
    public record Request(String source, Instant from, Instant until, String cursor, int page) {

        /**
         * From the ops input or the command line: {@code from} and {@code to} are UTC days ({@code 2026-11-01}, {@code to}
         * included) or instants ({@code 2026-11-01T08:00:00Z}).
         */
        public static Request of(Map<String, ?> input) {
            String source = text(input, "source");
            Instant from = instant(text(input, "from"), "from", false);
            Instant until = instant(text(input, "to"), "to", true);
            if (!from.isBefore(until)) {
                throw new IllegalArgumentException("replay \"from\" (" + input.get("from") + ") must be before \"to\" (" + input.get("to") + ")");
            }
            Object cursor = input.get("cursor");
            int page = DEFAULT_PAGE;
            if (input.get("limit") != null) {
                try {
                    page = Integer.parseInt(input.get("limit").toString().strip());
                } catch (NumberFormatException e) {
                    page = 0;
                }
                if (page < 1 || page > MAX_PAGE) {
                    throw new IllegalArgumentException("replay \"limit\" must be a number of deliveries from 1 to " + MAX_PAGE
                            + "; was " + input.get("limit"));
                }
            }
            return new Request(source, from, until, cursor == null || cursor.toString().isBlank() ? null : cursor.toString(), page);
        }

        private static String text(Map<String, ?> input, String key) {
            Object value = input.get(key);
            if (value == null || value.toString().isBlank()) {
                throw new IllegalArgumentException("replay needs \"" + key + "\", e.g. {\"replay\": {\"source\": \"hubspot\","
                        + " \"from\": \"2026-11-01\", \"to\": \"2026-11-30\"}}");
            }
            return value.toString().strip();
        }

        private static Instant instant(String text, String key, boolean end) {
            try {
                if (text.length() == 10) {
                    LocalDate day = LocalDate.parse(text);
                    return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                Instant instant = Instant.parse(text);
                return end ? instant.plusNanos(1) : instant;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("replay \"" + key + "\" '" + text + "' is neither a UTC day (2026-11-01) nor an"
                        + " instant (2026-11-01T08:00:00Z)");
            }
        }
    }

    /**
     * What one invocation did. {@code cursor} is null when the range is done; otherwise pass it back with the same
     * source, from and to to go on.
     */
    public record Summary(String source, int deliveries, int applied, int alreadyApplied, int unmapped, int expired,
                          int refusedCount, List<Map<String, Object>> refused, String cursor) {

        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", source);
            out.put("deliveries", deliveries);
            out.put("applied", applied);
            out.put("already_applied", alreadyApplied);
            out.put("unmapped", unmapped);
            out.put("expired", expired);
            out.put("refused", refusedCount);
            out.put("refusals", refused);
            out.put("complete", cursor == null);
            out.put("cursor", cursor);
            return out;
        }

        /** This page followed by {@code next}: the totals of both, and where {@code next} stopped. */
        public Summary then(Summary next) {
            List<Map<String, Object>> listed = new ArrayList<>(refused);
            next.refused.stream().limit(Math.max(0, LISTED_REFUSALS - listed.size())).forEach(listed::add);
            return new Summary(source, deliveries + next.deliveries, applied + next.applied, alreadyApplied + next.alreadyApplied,
                    unmapped + next.unmapped, expired + next.expired, refusedCount + next.refusedCount, listed, next.cursor);
        }
    }

    /** One bounded page of the range; {@code more} is asked before each day's index is read (time left in Lambda). */
    public Summary run(Request request, BooleanSupplier more) {
        DeliveryMapper mapper = mappers.apply(request.source());
        DeliveryArchive.Page page = deliveries.received(request.source(), request.from(), request.until(), request.cursor(),
                request.page(), more);
        int applied = 0;
        int alreadyApplied = 0;
        int unmapped = 0;
        List<Map<String, Object>> refused = new ArrayList<>();
        int refusedCount = 0;
        for (DeliveryArchive.Stored stored : page.deliveries()) {
            WebhookRequest webhook = new WebhookRequest("POST", null, "/webhooks/" + stored.source(), "", stored.headers(), stored.body());
            Batch batch;
            try {
                batch = mapper.map(webhook, stored.receivedAt());
            } catch (WebhookRejected rejected) {
                if (refusedCount++ < LISTED_REFUSALS) refused.add(refusal(stored, rejected.problem().detail()));
                continue;
            }
            List<EventLedger.Violation> violations = store.violations(batch.events());
            if (!violations.isEmpty()) {
                if (refusedCount++ < LISTED_REFUSALS) {
                    refused.add(refusal(stored, violations.size() + " event(s) exceed the storage bounds, the first: " + violations.get(0).detail()));
                }
                continue;
            }
            List<EventLedger.Applied> outcomes = store.applyAll(batch.events(), stored.reference());
            int newly = (int) outcomes.stream().filter(o -> o == EventLedger.Applied.APPLIED).count();
            applied += newly;
            alreadyApplied += outcomes.size() - newly;
            unmapped += batch.unmapped().size();
            deliveries.replayed(stored, new DeliveryArchive.Outcome(newly, outcomes.size() - newly, batch.unmapped().size()));
        }
        return new Summary(request.source(), page.deliveries().size(), applied, alreadyApplied, unmapped, page.expired(),
                refusedCount, refused, page.cursor());
    }

    private static Map<String, Object> refusal(DeliveryArchive.Stored stored, String detail) {
        return Map.of("delivery", stored.reference(), "received_at", stored.receivedAt().toString(), "detail", detail);
    }
}
