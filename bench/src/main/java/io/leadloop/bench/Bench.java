package io.leadloop.bench;

import io.leadloop.json.Json;
import io.leadloop.settings.Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Shared helpers of the benchmark drivers: options, engines, statistics, child JVMs and result files. */
final class Bench {
    private Bench() {}

    static final Path OUT = Path.of("bench/target");
    static final Path RESULTS = OUT.resolve("results");

    /** {@code --name value} pairs and bare {@code --flag}s. */
    static final class Options {
        private final Map<String, String> values = new HashMap<>();

        Options(String[] args) {
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                String name = args[i].substring(2);
                int eq = name.indexOf('=');
                if (eq > 0) {
                    values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.put(name, args[++i]);
                } else {
                    values.put(name, "true");
                }
            }
        }

        String get(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            return Integer.parseInt(get(name, Integer.toString(fallback)).replace("_", ""));
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(get(name, "false"));
        }

        List<String> list(String name, String fallback) {
            List<String> out = new ArrayList<>();
            for (String s : get(name, fallback).split(",")) if (!s.isBlank()) out.add(s.strip());
            return out;
        }
    }

    /** The endpoints the long-lived engines JVM (EnginesMain) wrote. */
    static Map<String, String> engines(Options options) {
        Path file = Path.of(options.get("engines", OUT.resolve("engines.properties").toString()));
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("no engines file at " + file + "; start the benchmark through bench/run", e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    static Config config(Map<String, String> values) {
        return new Config(values, name -> {
            throw new IllegalStateException("the benchmark passes secrets inline, not through SSM: " + name);
        });
    }

    /** The flags template.yaml deploys in JAVA_TOOL_OPTIONS, read from the template so the two cannot drift. */
    static String templateToolOptions() {
        try {
            for (String line : Files.readAllLines(Path.of("template.yaml"))) {
                String t = line.strip();
                if (t.startsWith("JAVA_TOOL_OPTIONS:")) {
                    return t.substring("JAVA_TOOL_OPTIONS:".length()).strip().replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("template.yaml sets no JAVA_TOOL_OPTIONS");
    }

    static String lambdaJar() {
        String jar = System.getProperty("bench.lambdaJar", "target/leadloop-lambda.jar");
        if (!Files.exists(Path.of(jar))) throw new IllegalStateException("no deployed jar at " + jar + "; build with mvn -B -DskipTests package");
        return jar;
    }

    static String benchJar() {
        return System.getProperty("bench.jar", OUT.resolve("leadloop-bench.jar").toString());
    }

    /** The classpath a Lambda function sees (the deployed jar) plus the benchmark's own small entry points. */
    static String deployedClasspath() {
        return benchJar() + ":" + lambdaJar();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child environment without inherited AWS or leadloop settings, plus {@code extra}. */
    static Map<String, String> childEnv(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("AWS_") && !k.startsWith("LEADLOOP_") && !k.equals("JAVA_TOOL_OPTIONS")
                    && !k.equals("JDK_JAVA_OPTIONS") && !k.equals("_JAVA_OPTIONS")) {
                env.put(k, v);
            }
        });
        env.putAll(extra);
        return env;
    }

    static Process start(List<String> command, Map<String, String> env, Path stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectError(stderr == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return pb.start();
    }

    static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    // ---- statistics -------------------------------------------------------------------------------------------

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile, p in (0, 100]. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    // ---- results ----------------------------------------------------------------------------------------------

    static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** Machine facts printed with every result, because these numbers only mean something next to them. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) m.put("memory", line.substring(9).strip());
            }
            m.put("loadavg_at_start", Files.readString(Path.of("/proc/loadavg")).strip());
        } catch (IOException ignored) {
            // not Linux: leave it out
        }
        return m;
    }

    /** Which code was measured: git HEAD, how many files differ from it, and the deployed jar's time. */
    static Map<String, Object> build() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("git_head", command("git", "rev-parse", "--short", "HEAD").strip());
        b.put("uncommitted_files", command("git", "status", "--porcelain").lines().filter(l -> !l.contains("bench/")).count());
        try {
            b.put("deployed_jar", System.getProperty("bench.deployedName", lambdaJar()));
            b.put("jar_built_at", Files.getLastModifiedTime(Path.of(lambdaJar())).toInstant().toString());
        } catch (IOException | IllegalStateException e) {
            b.put("deployed_jar", "missing");
        }
        return b;
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Writes {@code results/NAME.json} and {@code results/NAME.md} and prints the markdown. */
    static void publish(String name, Map<String, Object> json, String markdown) {
        try {
            Files.createDirectories(RESULTS);
            Files.writeString(RESULTS.resolve(name + ".json"), Json.pretty(json) + "\n");
            Files.writeString(RESULTS.resolve(name + ".md"), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println();
        System.out.println(markdown);
        System.out.println("(written to " + RESULTS.resolve(name + ".json") + " and .md)");
    }

    static String met(boolean ok) {
        return ok ? "**met**" : "**missed**";
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %tT] " + format + "%n", prepend(System.currentTimeMillis(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
