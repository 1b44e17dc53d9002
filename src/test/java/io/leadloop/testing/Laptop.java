package io.leadloop.testing;

import io.leadloop.local.LocalMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The laptop runner as a user starts it: {@code ./leadloop ARGS} in a JVM of its own, on the test classpath. */
public final class Laptop {
    private Laptop() {}

    /** A finished command: its exit code and what it wrote. */
    public record Run(int exit, String stdout, String stderr) {}

    /** The command, with no LEADLOOP_* setting of the test's own environment (only {@code environment}'s). */
    public static ProcessBuilder command(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), LocalMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("LEADLOOP_") && !k.equals("LEADLOOP_SES_EMULATOR"));
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * Runs a command to its end, its output kept in {@code dir}; one still running after a minute (a serve that ignored
     * its error) fails the test.
     */
    public static Run run(Path dir, Map<String, String> environment, String... args) throws Exception {
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = command(environment, args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " was still running after 60 s: " + Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
