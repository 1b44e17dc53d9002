package io.leadloop.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.concurrent.atomic.AtomicLong;

/** Lambda contexts as the runtime passes them to the backfill function, whose runs watch the time they have left. */
public final class LambdaContexts {
    private LambdaContexts() {}

    /** The backfill function's generated name, as a stack gives it. */
    public static final String BACKFILL_FUNCTION = "leadloop-BackfillFunction-Xk2P9qR7mZ1a";

    /** A context whose remaining time stays ample for {@code ampleChecks} checks, then drops under a minute. */
    public static Context backfill(int ampleChecks) {
        AtomicLong checks = new AtomicLong();
        return new Context() {
            @Override public String getAwsRequestId() { return "c0ffee00-0000-4000-8000-000000000001"; }
            @Override public String getLogGroupName() { return "/aws/lambda/" + BACKFILL_FUNCTION; }
            @Override public String getLogStreamName() { return "2026/11/23/[$LATEST]0123456789abcdef"; }
            @Override public String getFunctionName() { return BACKFILL_FUNCTION; }
            @Override public String getFunctionVersion() { return "7"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + BACKFILL_FUNCTION + ":live"; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return checks.incrementAndGet() <= ampleChecks ? 600_000 : 45_000; }
            @Override public int getMemoryLimitInMB() { return 1024; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }

    /** A context with time for a whole history. */
    public static Context backfill() {
        return backfill(Integer.MAX_VALUE);
    }
}
