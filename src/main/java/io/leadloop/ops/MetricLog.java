package io.leadloop.ops;

import io.leadloop.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes one JSON object per line: a structured log record that CloudWatch Logs also reads as metrics, in the
 * embedded metric format (EMF), so that no metrics client or API call is needed. Lambda passes a line that is
 * already JSON through unchanged, also with its JSON log format. Every metric counts (unit Count) and is split by the
 * function's name, so that two stacks in one account never add up in one series.
 */
public final class MetricLog {

    public static final String NAMESPACE = "leadloop";
    public static final String FUNCTION_DIMENSION = "FunctionName";

    private final Consumer<String> out;
    private final Clock clock;
    private final String functionName;

    public MetricLog(Consumer<String> out, Clock clock, String functionName) {
        this.out = out;
        this.clock = clock;
        this.functionName = functionName;
    }

    /** Standard output, as Lambda's runtime sends it to CloudWatch Logs; "local" outside Lambda. */
    public static MetricLog standardOutput() {
        // Looked up at each line: the local runner redirects System.out after the handlers may have been built.
        return new MetricLog(line -> System.out.println(line), Clock.systemUTC(),
                Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_NAME")).orElse("local"));
    }

    /**
     * @param fields what the line says (no secret, no personal data: callers choose them)
     * @param dimensions the names of {@code fields} the metrics are split by, besides the function
     * @param metrics counts by metric name
     */
    public void write(Map<String, Object> fields, List<String> dimensions, Map<String, Long> metrics) {
        List<String> dimensionSet = new ArrayList<>(List.of(FUNCTION_DIMENSION));
        dimensionSet.addAll(dimensions);
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(dimensionSet));
        directive.put("Metrics", metrics.keySet().stream().map(name -> Map.of("Name", name, "Unit", "Count")).toList());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(directive)));
        line.put(FUNCTION_DIMENSION, functionName);
        line.putAll(fields);
        line.putAll(metrics);
        out.accept(Json.compact(line));
    }
}
