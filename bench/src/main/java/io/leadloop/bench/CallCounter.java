package io.leadloop.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK calls (and time) by operation in the benchmark drivers and report probes (never in the cold-start
 * children): registered as a
 * global interceptor through bench/src/main/interceptors/software/amazon/awssdk/global/handlers/execution.interceptors,
 * which bench/run puts on the drivers' classpath only. Lets the ingest benchmark report DynamoDB calls per event.
 */
public final class CallCounter implements ExecutionInterceptor {

    private static final Map<String, LongAdder> OK = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> FAILED = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("leadloop-bench-started");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        OK.computeIfAbsent(operation, k -> new LongAdder()).increment();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) NANOS.computeIfAbsent(operation, k -> new LongAdder()).add(System.nanoTime() - started);
    }

    /** Milliseconds spent in each operation so far (successful calls). */
    static Map<String, Long> millis() {
        Map<String, Long> out = new TreeMap<>();
        NANOS.forEach((k, v) -> out.put(k, v.sum() / 1_000_000));
        return out;
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        FAILED.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).increment();
    }

    /** Calls so far: {@code Operation} for successes, {@code Operation!failed} for failures (e.g. cancelled transactions). */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        OK.forEach((k, v) -> out.put(k, v.sum()));
        FAILED.forEach((k, v) -> out.put(k + "!failed", v.sum()));
        return out;
    }

    static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> now = snapshot();
        Map<String, Long> out = new TreeMap<>();
        now.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) out.put(k, d);
        });
        return out;
    }
}
