package io.leadloop.testing.memory;

import io.leadloop.report.ReportLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link ReportLedger} in memory, with the claim rules of the DynamoDB one (io.leadloop.store.dynamodb.DynamoReportLedger),
 * whose conditional writes it replaces by one lock: a report is claimed when never claimed, left unsent, or claimed
 * longer than the lease ago; a re-send also when sent, unless under the same re-send id.
 */
public final class InMemoryReportLedger implements ReportLedger {

    private static final class Report {
        Status status;
        String subject;
        String messageId;
        Instant sentAt;
        int attempts;
        String lastError;
        Instant claimedAt;
        String claimId;
        int sends;
        final Set<String> resendIds = new HashSet<>();
        String snapshotJson;
        Map<String, long[]> ratios;
    }

    private final Clock clock;
    private final Map<List<String>, Report> reports = new HashMap<>();
    private final Map<List<String>, String> alerts = new HashMap<>();

    public InMemoryReportLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Entry> get(String audience, String period) {
        return Optional.ofNullable(reports.get(List.of(audience, period))).map(r -> entry(audience, period, r));
    }

    @Override
    public synchronized Claim claim(String audience, String period, String resendId, Duration lease, Contents contents) {
        Instant now = clock.instant();
        Report r = reports.get(List.of(audience, period));
        boolean free = r == null || r.status == Status.UNSENT || (r.status == Status.SENDING && r.claimedAt.isBefore(now.minus(lease)))
                || (resendId != null && r.status == Status.SENT && !r.resendIds.contains(resendId));
        if (!free) return r.status == Status.SENT ? new Claim.AlreadySent(entry(audience, period, r)) : new Claim.InProgress(entry(audience, period, r));
        if (r == null) reports.put(List.of(audience, period), r = new Report());
        r.status = Status.SENDING;
        r.claimId = UUID.randomUUID().toString();
        r.claimedAt = now;
        r.subject = contents.subject();
        r.snapshotJson = contents.snapshotJson();
        r.ratios = contents.ratios();
        r.attempts++;
        return new Claim.Claimed(r.claimId, r.attempts);
    }

    @Override
    public synchronized boolean markSent(String audience, String period, String claimId, String messageId, String resendId) {
        Report r = claimed(audience, period, claimId);
        if (r == null) return false;
        r.status = Status.SENT;
        r.messageId = messageId;
        r.sentAt = clock.instant();
        r.sends++;
        r.claimId = null;
        r.lastError = null;
        if (resendId != null) r.resendIds.add(resendId);
        return true;
    }

    @Override
    public synchronized void markUnsent(String audience, String period, String claimId, String error) {
        Report r = claimed(audience, period, claimId);
        if (r == null) return;
        r.status = Status.UNSENT;
        r.lastError = error;
        r.claimId = null;
    }

    @Override
    public synchronized Optional<String> snapshot(String audience, String period) {
        return Optional.ofNullable(reports.get(List.of(audience, period))).map(r -> r.snapshotJson);
    }

    @Override
    public synchronized Map<String, Map<String, long[]>> sentRatios(String audience, List<String> periods) {
        Map<String, Map<String, long[]>> out = new LinkedHashMap<>();
        for (String period : periods) {
            Report r = reports.get(List.of(audience, period));
            if (r != null && r.status == Status.SENT) out.put(period, r.ratios);
        }
        return out;
    }

    @Override
    public synchronized boolean claimAlert(String audience, String ratio, String period, String summary) {
        return alerts.putIfAbsent(List.of(audience, ratio, period), Status.SENDING.name()) == null;
    }

    @Override
    public synchronized void markAlertSent(String audience, String ratio, String period, String messageId) {
        alerts.put(List.of(audience, ratio, period), Status.SENT.name());
    }

    @Override
    public synchronized void releaseAlert(String audience, String ratio, String period) {
        alerts.remove(List.of(audience, ratio, period));
    }

    @Override
    public synchronized Optional<String> alertStatus(String audience, String ratio, String period) {
        return Optional.ofNullable(alerts.get(List.of(audience, ratio, period)));
    }

    private Report claimed(String audience, String period, String claimId) {
        Report r = reports.get(List.of(audience, period));
        return r != null && claimId.equals(r.claimId) ? r : null;
    }

    private static Entry entry(String audience, String period, Report r) {
        return new Entry(audience, period, r.status, r.subject, r.messageId, r.sentAt, r.attempts, r.lastError, r.claimedAt,
                r.sends, Set.copyOf(r.resendIds));
    }
}
