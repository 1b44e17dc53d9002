package io.leadloop.report;

/** Where a rendered email goes out, as a complete MIME message ({@link MimeMessage}). */
public interface MailSender {

    /** Sending failed; {@code permanent} when retrying the same message cannot help. */
    final class SendFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;
        private final int attempts;

        public SendFailed(String message, boolean permanent, int attempts, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
            this.attempts = attempts;
        }

        public boolean permanent() {
            return permanent;
        }

        public int attempts() {
            return attempts;
        }
    }

    /**
     * Sends the message, retrying what may pass on a retry.
     *
     * @return the provider's message id
     * @throws SendFailed when the message was not accepted
     */
    String send(byte[] mime);
}
