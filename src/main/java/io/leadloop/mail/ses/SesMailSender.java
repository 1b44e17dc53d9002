package io.leadloop.mail.ses;

import io.leadloop.report.MailSender;
import java.time.Duration;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * The {@link MailSender} of Amazon SES v2, which sends raw MIME messages. Throttling, 5xx answers and network errors
 * are retried with exponential backoff and jitter; anything else (a rejected message, an unverified sender, a paused account)
 * fails at once, since retrying cannot fix it. The client given here should not retry on its own
 * ({@code AwsClients.ses} turns the SDK's retries off) so that the attempts counted here are the real ones.
 */
public final class SesMailSender implements MailSender {

    /** Sleeps between attempts; tests pass one that does not. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final SesV2Client ses;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Sleeper sleeper;

    public SesMailSender(SesV2Client ses) {
        this(ses, 5, Duration.ofMillis(400), d -> Thread.sleep(d.toMillis()));
    }

    /** @param maxAttempts including the first; 5 attempts at base 400 ms wait at most about 6 s in all */
    public SesMailSender(SesV2Client ses, int maxAttempts, Duration baseDelay, Sleeper sleeper) {
        this.ses = ses;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
    }

    /** @return SES's message id */
    @Override
    public String send(byte[] mime) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ses.sendEmail(r -> r.content(c -> c.raw(raw -> raw.data(SdkBytes.fromByteArray(mime))))).messageId();
            } catch (SdkClientException | SesV2Exception e) {
                boolean transient_ = isTransient(e);
                if (!transient_ || attempt >= maxAttempts) {
                    throw new SendFailed("SES did not accept the email after " + attempt + " attempt(s): " + describe(e),
                            !transient_, attempt, e);
                }
                pause(attempt);
            }
        }
    }

    /** Throttling, server-side errors and connection problems may pass; the rest will not. */
    static boolean isTransient(RuntimeException e) {
        if (e instanceof SdkClientException) return true;
        if (e instanceof TooManyRequestsException) return true;
        if (e instanceof LimitExceededException) return false;
        if (e instanceof SesV2Exception ses) {
            return ses.isThrottlingException() || ses.statusCode() >= 500 || ses.statusCode() == 429;
        }
        return false;
    }

    private static String describe(RuntimeException e) {
        if (e instanceof SesV2Exception ses && ses.awsErrorDetails() != null) {
            return ses.awsErrorDetails().errorCode() + " (" + ses.statusCode() + "): " + ses.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void pause(int attempt) {
        long cap = baseDelay.toMillis() << Math.min(attempt - 1, 10);
        try {
            // Seeded from the clock at each retry: a generator seeded at init would be in the SnapStart snapshot, and
            // every container restored from it would then retry in step with the others.
            sleeper.sleep(Duration.ofMillis(new SplittableRandom(System.nanoTime()).nextLong(cap / 2, cap + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailed("interrupted while waiting to retry SES", false, attempt, e);
        }
    }
}
