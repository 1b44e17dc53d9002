package io.leadloop.store.dynamodb;

import io.leadloop.funnel.FunnelEvent;
import io.leadloop.funnel.FunnelEvent.ActivityLogged;
import io.leadloop.funnel.FunnelEvent.CustomerChurned;
import io.leadloop.funnel.FunnelEvent.DealCreated;
import io.leadloop.funnel.FunnelEvent.DealLost;
import io.leadloop.funnel.FunnelEvent.DealStageChanged;
import io.leadloop.funnel.FunnelEvent.DealUpdated;
import io.leadloop.funnel.FunnelEvent.DealWon;
import io.leadloop.funnel.FunnelEvent.LeadCreated;
import io.leadloop.funnel.FunnelEvent.LeadDisqualified;
import io.leadloop.funnel.FunnelEvent.LeadErased;
import io.leadloop.funnel.FunnelEvent.LeadStageReached;
import io.leadloop.funnel.FunnelEvent.Money;
import io.leadloop.funnel.LeadProfile;
import io.leadloop.ingest.EventLedger.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bounds every mapped event must keep so that applying it can succeed in DynamoDB, whichever sender it came
 * from: a delivery that breaks one would fail on every retry, so it is refused whole before anything is stored.
 * Lengths are in characters (Unicode code points, as JSON Schema's {@code maxLength} counts them) and small enough
 * that even four UTF-8 bytes a character keep the composed keys within DynamoDB's limits (partition key 2048 bytes,
 * sort key 1024): {@code EVENT#{eventId}}, {@code LEAD#{leadId}}, {@code DEAL#{dealId}}, and the follow-up index's
 * sort key {@code {since}#{leadId}} (docs/data-model.md). Texts become breakdown counter names, which share one item
 * per day, so they are kept short too. Amounts are summed into counters, so they stay far within DynamoDB's 38
 * significant digits however many are added up.
 */
public final class StoreLimits {
    private StoreLimits() {}

    /** An event id as the adapter composed it, source prefix included: 6 + 4 × 500 bytes ≤ 2048. */
    public static final int MAX_EVENT_ID_CHARS = 500;
    /** Lead and deal ids: the follow-up sort key is {@code 2026-11-18T09:00:00Z#} + 4 × 250 bytes ≤ 1024. */
    public static final int MAX_ID_CHARS = 250;
    /** Any other text (source, campaign, owner, reason, stage, rep, currency, attribute names and values). */
    public static final int MAX_TEXT_CHARS = 500;
    /** Amounts are below 10^15 in magnitude with at most 6 decimals: at most 21 significant digits. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1E15");
    public static final int MAX_AMOUNT_DECIMALS = 6;
    /** Occurrence times have four-digit years (RFC 3339), on or after the Unix epoch. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** DynamoDB's item size limit, in bytes as it counts them ({@link ItemSize}). */
    public static final int MAX_ITEM_BYTES = 400 * 1024;


    /** Every field bound each event breaks, in the events' order. */
    public static List<Violation> fieldViolations(List<FunnelEvent> events) {
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            FunnelEvent event = events.get(i);
            int index = i;
            text(event.id(), MAX_EVENT_ID_CHARS).ifPresent(d -> out.add(new Violation(index, "id", "the event id, with its source prefix, " + d)));
            Instant at = event.occurredAt();
            if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
                out.add(new Violation(i, "occurred_at", "must be from " + EARLIEST + " to 9999-12-31 (a four-digit year); was " + at));
            }
            texts(event).forEach((field, value) -> {
                int max = field.equals("lead_id") || field.equals("deal_id") ? MAX_ID_CHARS : MAX_TEXT_CHARS;
                text(value, max).ifPresent(d -> out.add(new Violation(index, field, d)));
            });
            if (event instanceof LeadCreated created) {
                created.profile().attributes().forEach((name, value) -> {
                    Optional<String> longName = text(name, MAX_TEXT_CHARS);
                    if (longName.isPresent()) out.add(new Violation(index, "attributes", "has an attribute name that " + longName.get()));
                    else text(value, MAX_TEXT_CHARS).ifPresent(d -> out.add(new Violation(index, "attributes/" + pointerSegment(name), d)));
                });
            }
            BigDecimal amount = money(event).amount();
            if (amount != null) amountProblem(amount).ifPresent(d -> out.add(new Violation(index, "amount", d)));
        }
        return out;
    }

    private static Optional<String> text(String value, int max) {
        if (value == null) return Optional.empty();
        int length = value.codePointCount(0, value.length());
        return length <= max ? Optional.empty()
                : Optional.of("is " + length + " characters long; at most " + max + " are stored");
    }

    private static Optional<String> amountProblem(BigDecimal amount) {
        if (amount.abs().compareTo(MAX_AMOUNT) >= 0) {
            return Optional.of("must be below 10^15 in magnitude; was " + shortened(amount));
        }
        if (amount.stripTrailingZeros().scale() > MAX_AMOUNT_DECIMALS) {
            return Optional.of("has more than " + MAX_AMOUNT_DECIMALS + " decimals; was " + shortened(amount));
        }
        return Optional.empty();
    }

    private static String shortened(BigDecimal amount) {
        String text = amount.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** The event's text fields, named as the generic format names them. */
    private static Map<String, String> texts(FunnelEvent event) {
        Map<String, String> out = new LinkedHashMap<>();
        if (event instanceof LeadCreated e) {
            out.put("lead_id", e.leadId());
            profile(e.profile(), out);
        } else if (event instanceof LeadStageReached e) {
            out.put("lead_id", e.leadId());
        } else if (event instanceof LeadDisqualified e) {
            out.put("lead_id", e.leadId());
            out.put("reason", e.reason());
        } else if (event instanceof CustomerChurned e) {
            out.put("lead_id", e.leadId());
            out.put("reason", e.reason());
        } else if (event instanceof DealStageChanged e) {
            deal(e.dealId(), e.leadId(), null, out);
            out.put("stage", e.stage());
        } else if (event instanceof DealCreated e) {
            deal(e.dealId(), e.leadId(), e.owner(), out);
        } else if (event instanceof DealUpdated e) {
            deal(e.dealId(), e.leadId(), e.owner(), out);
        } else if (event instanceof DealWon e) {
            deal(e.dealId(), e.leadId(), e.owner(), out);
        } else if (event instanceof DealLost e) {
            deal(e.dealId(), e.leadId(), e.owner(), out);
            out.put("reason", e.reason());
        } else if (event instanceof LeadErased e) {
            out.put("lead_id", e.leadId());
        } else if (event instanceof ActivityLogged e) {
            out.put("rep", e.rep());
            out.put("activity_type", e.activityType());
            out.put("lead_id", e.leadId());
        }
        out.put("currency", money(event).currency());
        return out;
    }

    private static void deal(String dealId, String leadId, String owner, Map<String, String> out) {
        out.put("deal_id", dealId);
        out.put("lead_id", leadId);
        out.put("owner", owner);
    }

    private static void profile(LeadProfile profile, Map<String, String> out) {
        out.put("source", profile.source());
        out.put("campaign", profile.campaign());
        out.put("form", profile.form());
        out.put("owner", profile.owner());
    }

    /** RFC 6901: a name inside a JSON pointer escapes '~' and '/'. */
    private static String pointerSegment(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static Money money(FunnelEvent event) {
        if (event instanceof DealCreated e) return e.amount();
        if (event instanceof DealUpdated e) return e.amount();
        if (event instanceof DealWon e) return e.amount();
        if (event instanceof DealLost e) return e.amount();
        return Money.UNKNOWN;
    }
}
