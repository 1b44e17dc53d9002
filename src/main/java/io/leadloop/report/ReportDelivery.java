package io.leadloop.report;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.Verdict;
import io.leadloop.json.Json;
import io.leadloop.report.ReportLedger.Claim;
import io.leadloop.settings.Audience;
import io.leadloop.settings.ReportOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends each audience's report of a period exactly once, although EventBridge Scheduler delivers at least once:
 * <ol>
 * <li>a report already recorded as sent is not sent again ("already sent", with its message id), unless a re-send is
 * asked for explicitly;</li>
 * <li>otherwise the report is built and rendered, then claimed in the {@link ReportLedger}, which stores it with the
 * claim (its subject and a snapshot of its numbers); a concurrent duplicate loses the claim;</li>
 * <li>the email goes to the {@link MailSender} (SES, with retries on throttling and transient errors);</li>
 * <li>success records the message id; a permanent failure marks the stored report unsent and fails the invocation,
 * so that Lambda's retries and the dead-letter queue catch it and a later invocation can claim it again.</li>
 * </ol>
 * An invocation that dies between the email being accepted and step 4 leaves a claim that expires after
 * {@link #LEASE}; the retry after that sends again. That window (milliseconds) is the only way to get two emails.
 */
public final class ReportDelivery {

    /** How long a claim protects a report being sent; longer than the function's timeout (120 s). */
    public static final Duration LEASE = Duration.ofSeconds(150);

    /** What happened to one report or alert. */
    public record Outcome(String audience, String period, Status status, String messageId, String subject, String detail,
                          Email email) {
        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("audience", audience);
            out.put("period", period);
            out.put("status", status.name().toLowerCase(Locale.ROOT));
            out.put("message_id", messageId);
            out.put("subject", subject);
            out.put("detail", detail);
            return out;
        }

        public boolean failed() {
            return status == Status.FAILED || status == Status.IN_PROGRESS;
        }
    }

    public enum Status { SENT, RESENT, ALREADY_SENT, IN_PROGRESS, FAILED, ALERT_SENT, ALREADY_ALERTED, WITHIN_BAND, TOO_FEW }

    /** One audience's report of one period, to be sent. */
    public record Due(Audience audience, Period period) {}

    private final ReportService reports;
    private final ReportLedger ledger;
    private final MailSender mail;
    private final Clock clock;

    public ReportDelivery(ReportService reports, ReportLedger ledger, MailSender mail, Clock clock) {
        this.reports = reports;
        this.ledger = ledger;
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * Sends each report unless it was sent, in their order; the reports of one period share one read of the
     * counters. With a {@code resendId}, sends them again, once per id: a retried or concurrent re-send with the same
     * id finds them sent and does nothing.
     *
     * @param resendId the idempotency key of a re-send (docs: README, "Schedules and delivery"), or null
     */
    public List<Outcome> deliver(List<Due> due, String resendId) {
        ReportService.Reads reads = reports.reads();
        return due.stream().map(report -> deliver(report.audience(), report.period(), resendId, reads)).toList();
    }

    /** {@link #deliver(List, String)} of one report. */
    public Outcome deliver(Audience audience, Period period, String resendId) {
        return deliver(audience, period, resendId, reports.reads());
    }

    private Outcome deliver(Audience audience, Period period, String resendId, ReportService.Reads reads) {
        boolean resend = resendId != null;
        String label = period.label();
        Optional<ReportLedger.Entry> before = ledger.get(audience.id(), label);
        if (before.isPresent() && before.get().status() == ReportLedger.Status.SENT && (!resend || before.get().resendIds().contains(resendId))) {
            return alreadySent(audience, before.get(), resendId);
        }
        AudienceReport report = reports.prepare(audience, reads.of(period), true);
        Email email = reports.render(report);
        Claim claim = ledger.claim(audience.id(), label, resendId, LEASE, new ReportLedger.Contents(email.subject(),
                Json.compactDocument(ReportJson.of(report, email.subject())), ReportService.ratiosOf(report.funnel())));
        if (claim instanceof Claim.AlreadySent sent) return alreadySent(audience, sent.entry(), resendId);
        if (claim instanceof Claim.InProgress busy) {
            return new Outcome(audience.id(), label, Status.IN_PROGRESS, null, busy.entry().subject(),
                    "another invocation claimed this report at " + busy.entry().claimedAt() + " and has not finished; "
                            + "retry after " + LEASE.toSeconds() + " s", email);
        }
        String claimId = ((Claim.Claimed) claim).id();
        String messageId;
        try {
            messageId = mail.send(MimeMessage.build(audience.sender(), audience.recipients(), email,
                    ZonedDateTime.now(clock.withZone(audience.zone())), Map.of("X-Leadloop-Report", audience.id() + " " + label)));
        } catch (MailSender.SendFailed e) {
            ledger.markUnsent(audience.id(), label, claimId, e.getMessage());
            return new Outcome(audience.id(), label, Status.FAILED, null, email.subject(),
                    e.getMessage() + "; the report is stored and marked unsent: the next invocation sends it", email);
        }
        boolean recorded = ledger.markSent(audience.id(), label, claimId, messageId, resendId);
        String detail = (resend ? "sent again on request" : "sent") + " to " + String.join(", ", audience.recipients())
                + (recorded ? "" : "; another invocation took the claim over meanwhile");
        return new Outcome(audience.id(), label, resend ? Status.RESENT : Status.SENT, messageId, email.subject(), detail, email);
    }

    private static Outcome alreadySent(Audience audience, ReportLedger.Entry entry, String resendId) {
        return new Outcome(audience.id(), entry.period(), Status.ALREADY_SENT, entry.messageId(), entry.subject(),
                (resendId == null ? "already sent at " : "re-send " + resendId + " already sent at ") + entry.sentAt()
                        + " as SES message " + entry.messageId() + "; nothing to do (invoke with \"resend\": true"
                        + (resendId == null ? "" : " and another \"resend_id\"") + " to send it again)", null);
    }

    /**
     * The off-cycle check: for each audience and each of its alert ratios, the period so far; a ratio outside its
     * band (with at least {@link ReportOptions#alertMinDenominator} in its denominator) is emailed to its side, at
     * most once per ratio and period.
     */
    public List<Outcome> checkAlerts(List<Audience> audiences, Instant at) {
        List<Outcome> outcomes = new ArrayList<>();
        ReportService.Reads reads = reports.reads();
        for (Audience audience : audiences) {
            if (audience.alertBands().isEmpty()) continue;
            Period period = reports.current(audience, at);
            ReportService.Read read = reads.of(period);
            AudienceReport report = null;
            for (Map.Entry<RatioKind, Band> e : audience.alertBands().entrySet()) {
                RatioKind kind = e.getKey();
                Band band = e.getValue();
                String ratioKey = kind.name().toLowerCase(Locale.ROOT);
                Ratio ratio = read.report().ratio(kind).current();
                Verdict verdict = band.verdict(ratio);
                if (ratio.denominator() < reports.options().alertMinDenominator()) {
                    outcomes.add(new Outcome(audience.id(), period.label(), Status.TOO_FEW, null, null, ratioKey + " has "
                            + ratio.denominator() + " in its denominator so far; alerts need " + reports.options().alertMinDenominator(), null));
                    continue;
                }
                if (verdict == Verdict.WITHIN) {
                    outcomes.add(new Outcome(audience.id(), period.label(), Status.WITHIN_BAND, null, null, ratioKey + " is within its band", null));
                    continue;
                }
                if (report == null) report = reports.prepare(audience, read, false);
                Email email = reports.renderAlert(report, kind, band);
                if (!ledger.claimAlert(audience.id(), ratioKey, period.label(), email.subject())) {
                    outcomes.add(new Outcome(audience.id(), period.label(), Status.ALREADY_ALERTED, null, email.subject(),
                            ratioKey + " already alerted for " + period.label() + " (status " + ledger.alertStatus(audience.id(), ratioKey, period.label()).orElse("?") + ")", null));
                    continue;
                }
                try {
                    String id = mail.send(MimeMessage.build(audience.sender(), audience.recipients(), email,
                            ZonedDateTime.now(clock.withZone(audience.zone())), Map.of("X-Leadloop-Alert", audience.id() + " " + ratioKey + " " + period.label())));
                    ledger.markAlertSent(audience.id(), ratioKey, period.label(), id);
                    outcomes.add(new Outcome(audience.id(), period.label(), Status.ALERT_SENT, id, email.subject(), ratioKey + " left its band", email));
                } catch (MailSender.SendFailed failed) {
                    ledger.releaseAlert(audience.id(), ratioKey, period.label());
                    outcomes.add(new Outcome(audience.id(), period.label(), Status.FAILED, null, email.subject(),
                            failed.getMessage() + "; the alert will be tried again by the next check", email));
                }
            }
        }
        return outcomes;
    }

    /** A past report as it was stored when sent: its snapshot JSON, with the send record. */
    public Optional<Map<String, Object>> fetch(Audience audience, Period period) {
        Optional<ReportLedger.Entry> entry = ledger.get(audience.id(), period.label());
        Optional<String> snapshot = ledger.snapshot(audience.id(), period.label());
        if (entry.isEmpty() || snapshot.isEmpty()) return Optional.empty();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audience", audience.id());
        out.put("period", period.label());
        out.put("status", entry.get().status().name().toLowerCase(Locale.ROOT));
        out.put("message_id", entry.get().messageId());
        out.put("sent_at", entry.get().sentAt() == null ? null : entry.get().sentAt().toString());
        out.put("sends", entry.get().sends());
        out.put("last_error", entry.get().lastError());
        try {
            out.put("snapshot", Json.parse(snapshot.get()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored snapshot of " + audience.id() + " " + period.label() + " is not JSON", e);
        }
        return Optional.of(out);
    }
}
