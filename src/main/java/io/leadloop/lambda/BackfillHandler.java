package io.leadloop.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.leadloop.ingest.backfill.Backfill;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.CrmHttp;
import io.leadloop.ingest.backfill.JdkCrmHttp;
import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Reads a CRM's history into the funnel (docs/backfill.md). Input: {@code {"source": "hubspot", "kind": "backfill"}}
 * or {@code "reconcile"} (the nightly schedule's). A run stops a minute before the function's timeout and, if the
 * history is not read to its end, invokes the function again with the same input: the cursor in the table carries on.
 */
public final class BackfillHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** One page (a search and its associations, a few seconds even when rate-limited) and the cursor's write fit in it. */
    static final long STOP_BEFORE_TIMEOUT_MILLIS = 60_000;

    private final Config config;
    private final Backfill backfill;
    private final CrmHttp http;
    private final SelfInvocation continuation;

    /** The Lambda runtime's constructor. */
    public BackfillHandler() {
        this(Wiring.environment(), Clock.systemUTC());
    }

    private BackfillHandler(Config config, Clock clock) {
        this(config, AwsClients.dynamoDb(config), clock, JdkCrmHttp.sleeping());
    }

    public BackfillHandler(Config config, DynamoDbClient dynamo, Clock clock, CrmHttp http) {
        this.config = config;
        this.backfill = Wiring.backfill(config, dynamo, clock);
        this.http = http;
        this.continuation = new SelfInvocation(config);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Object source = input.get("source");
        if (!(source instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("input needs \"source\", e.g. {\"source\": \"hubspot\", \"kind\": \"backfill\"}");
        }
        Kind kind = kind(input.get("kind"));
        Backfill.Summary summary = backfill.run(Wiring.history(config, name, http), kind,
                () -> context.getRemainingTimeInMillis() > STOP_BEFORE_TIMEOUT_MILLIS,
                progress -> System.out.println(Json.compact(progress.toJson())));
        Map<String, Object> out = new LinkedHashMap<>(summary.toJson());
        out.put("continued", !summary.done());
        if (!summary.done()) continuation.invokeAsync(context.getFunctionName(), Map.of("source", name, "kind", kind.wireName()));
        return out;
    }

    private static Kind kind(Object kind) {
        if (kind == null) return Kind.BACKFILL;
        return Arrays.stream(Kind.values()).filter(k -> k.wireName().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"kind\" must be \"backfill\" or \"reconcile\"; was " + Json.compact(kind)));
    }
}
