package io.leadloop.ingest;

/** A delivery refused before anything was stored, with the problem to answer. */
public final class WebhookRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public WebhookRejected(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static WebhookRejected unauthenticated(String detail) {
        return new WebhookRejected(Problem.of(401, "unauthenticated", "The sender could not be verified", detail));
    }

    public static WebhookRejected forbidden(String detail) {
        return new WebhookRejected(Problem.of(403, "forbidden-sender", "The sender is not configured for this deployment", detail));
    }

    public static WebhookRejected malformed(String detail) {
        return new WebhookRejected(Problem.of(400, "malformed-body", "The body could not be read", detail));
    }
}
