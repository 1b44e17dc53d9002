package io.leadloop.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which reports were sent, and what they said. EventBridge Scheduler delivers at least once, so each (audience,
 * period) is claimed before its email goes out and recorded as sent with the provider's message id after; a second
 * invocation finds it sent and does nothing. The report's numbers are kept with it (a JSON snapshot, and the main
 * ratios' counts for the trend), so a past report can be fetched as it was sent. Off-cycle alerts are claimed the
 * same way, once per audience, ratio and period.
 */
public interface ReportLedger {

    enum Status { SENDING, SENT, UNSENT }

    /** One audience's report of one period, as recorded. */
    record Entry(String audience, String period, Status status, String subject, String messageId, Instant sentAt,
                 int attempts, String lastError, Instant claimedAt, int sends, Set<String> resendIds) {}

    /** The outcome of trying to claim a report for sending. */
    sealed interface Claim {
        /** This invocation may send; {@code id} proves it when recording the outcome. */
        record Claimed(String id, int attempt) implements Claim {}

        /** Already sent: nothing to do unless a re-send was asked for. */
        record AlreadySent(Entry entry) implements Claim {}

        /** Another invocation claimed it moments ago and has not finished; try again after its lease. */
        record InProgress(Entry entry) implements Claim {}
    }

    /** What to store with a claim: the subject, the snapshot JSON and the main ratios as {kind: [numerator, denominator]}. */
    record Contents(String subject, String snapshotJson, Map<String, long[]> ratios) {}

    Optional<Entry> get(String audience, String period);

    /**
     * Claims the report for this invocation and stores its contents, at once: it succeeds when the report was never
     * claimed, was left unsent by a failure, or was claimed longer than {@code lease} ago by an invocation that died;
     * with a {@code resendId} also when it was sent, unless a re-send with that id was sent already (a retried or
     * concurrent re-send sends one email, not one per invocation).
     *
     * @param resendId the idempotency key of an explicit re-send, or null for a first send
     */
    Claim claim(String audience, String period, String resendId, Duration lease, Contents contents);

    /** Records the send; returns false when the claim was lost meanwhile (the email went out all the same). */
    boolean markSent(String audience, String period, String claimId, String messageId, String resendId);

    /** The email could not be sent: the report stays stored, marked unsent, so the next invocation may claim it. */
    void markUnsent(String audience, String period, String claimId, String error);

    /** The snapshot JSON stored with the report, as it was when last claimed for sending. */
    Optional<String> snapshot(String audience, String period);

    /**
     * The main ratios of the reports sent for {@code periods} ({period: {kind: [numerator, denominator]}}): the trend
     * takes them as they were sent. Periods without a sent report are absent.
     */
    Map<String, Map<String, long[]>> sentRatios(String audience, List<String> periods);

    /**
     * Claims the alert for a ratio of an audience in a period; false when it was already claimed (sent or being
     * sent): at most one alert per ratio and period, even if two checks run at once.
     */
    boolean claimAlert(String audience, String ratio, String period, String summary);

    void markAlertSent(String audience, String ratio, String period, String messageId);

    /** The alert could not be sent: forget the claim so that the next check tries again. */
    void releaseAlert(String audience, String ratio, String period);

    Optional<String> alertStatus(String audience, String ratio, String period);
}
