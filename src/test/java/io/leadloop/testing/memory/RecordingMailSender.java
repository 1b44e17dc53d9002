package io.leadloop.testing.memory;

import io.leadloop.report.MailSender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MailSender} that keeps what it accepts, as MIME text, and can be told to refuse: permanently, as SES refuses
 * a rejected message, or as a transient failure that outlasted its retries.
 */
public final class RecordingMailSender implements MailSender {

    private final List<String> accepted = new ArrayList<>();
    private Boolean refusing;

    /** Refuses every message from now on, permanently or not; {@link #accept} ends it. */
    public synchronized void refuse(boolean permanent) {
        refusing = permanent;
    }

    public synchronized void accept() {
        refusing = null;
    }

    @Override
    public synchronized String send(byte[] mime) {
        if (refusing != null) {
            throw refusing ? new SendFailed("MessageRejected (400): Email address is not verified", true, 1, null)
                    : new SendFailed("TooManyRequestsException (429): Maximum sending rate exceeded, after 5 attempts", false, 5, null);
        }
        accepted.add(new String(mime, StandardCharsets.UTF_8));
        return "recorded-" + accepted.size();
    }

    /** The messages accepted, in order. */
    public synchronized List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** The messages accepted with this header line, e.g. {@code X-Leadloop-Report: sales 2026-W47}. */
    public synchronized List<String> withHeader(String line) {
        return accepted.stream().filter(m -> m.lines().anyMatch(line::equals)).toList();
    }
}
