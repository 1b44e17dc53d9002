package io.leadloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/architecture.md draws, checked on the sources: the domain is pure Java, the services and
 * their senders reach storage, mail and AWS only through ports they own, and no two packages depend on each other,
 * directly or round a longer loop.
 */
@Unit
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java");
    /** {@code import io.leadloop.report.Audience;}, a static import, or a qualified name in code. */
    private static final Pattern LEADLOOP_REFERENCE = Pattern.compile("\\bio\\.leadloop\\.((?:[a-z][a-z0-9]*\\.)*[a-z][a-z0-9]*)\\.[A-Z]");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.leadloop\\.([\\w.]+);", Pattern.MULTILINE);

    /** The packages of decisions: none of them may know how things are stored, sent or invoked. */
    private static final Set<String> CORE = Set.of("funnel", "settings", "json", "ops", "ingest", "ingest.backfill",
            "ingest.generic", "ingest.hubspot", "ingest.pipedrive", "ingest.salesforce", "report");
    /** Adapters and entry points, and the libraries only they may use. */
    private static final List<String> OUTER = List.of("io.leadloop.store.", "io.leadloop.mail.", "io.leadloop.lambda.",
            "io.leadloop.local.", "software.amazon.", "com.amazonaws.", "org.crac.");

    /** What one source file depends on: its package and every import (leadloop's and libraries'). */
    private record Source(Path file, String pkg, Set<String> leadloopPackages, Set<String> imports) {}

    private static List<Source> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(ArchitectureTest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Source read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pkg = PACKAGE.matcher(text);
        if (!pkg.find()) throw new AssertionError(file + " has no io.leadloop package");
        Set<String> packages = new TreeSet<>();
        Matcher ref = LEADLOOP_REFERENCE.matcher(text);
        while (ref.find()) packages.add(ref.group(1));
        packages.remove(pkg.group(1));
        Set<String> imports = new TreeSet<>();
        Matcher imp = IMPORT.matcher(text);
        while (imp.find()) imports.add(imp.group(1));
        return new Source(file, pkg.group(1), packages, imports);
    }

    private static Map<String, Set<String>> packageGraph(List<Source> sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source s : sources) graph.computeIfAbsent(s.pkg(), p -> new TreeSet<>()).addAll(s.leadloopPackages());
        return graph;
    }

    @Test
    void theFunnelUsesNothingButTheJavaLanguageAndItself() {
        List<String> foreign = new ArrayList<>();
        for (Source s : sources()) {
            if (!s.pkg().equals("funnel")) continue;
            s.imports().stream().filter(i -> !i.startsWith("java.") && !i.startsWith("io.leadloop.funnel."))
                    .forEach(i -> foreign.add(s.file().getFileName() + " imports " + i));
            s.leadloopPackages().forEach(p -> foreign.add(s.file().getFileName() + " uses io.leadloop." + p));
        }
        assertEquals(List.of(), foreign);
    }

    @Test
    void servicesAndSendersReachStorageMailAndAwsOnlyThroughTheirPorts() {
        List<String> leaks = new ArrayList<>();
        for (Source s : sources()) {
            if (!CORE.contains(s.pkg())) continue;
            for (String i : s.imports()) {
                if (OUTER.stream().anyMatch(i::startsWith)) leaks.add(s.pkg() + "/" + s.file().getFileName() + " imports " + i);
            }
            for (String p : s.leadloopPackages()) {
                if (OUTER.stream().anyMatch(("io.leadloop." + p + ".")::startsWith)) {
                    leaks.add(s.pkg() + "/" + s.file().getFileName() + " uses io.leadloop." + p);
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    /** An adapter implements ports; it knows neither the entry points nor another adapter. */
    @Test
    void adaptersKnowOnlyThePortsTheyImplementAndTheDomain() {
        List<String> leaks = new ArrayList<>();
        for (Source s : sources()) {
            String adapter = s.pkg().startsWith("store.") ? "store." : s.pkg().startsWith("mail.") ? "mail." : null;
            if (adapter == null) continue;
            for (String p : s.leadloopPackages()) {
                boolean entryPoint = p.equals("lambda") || p.equals("local");
                boolean otherAdapter = (p.startsWith("store.") || p.startsWith("mail.")) && !p.startsWith(adapter);
                if (entryPoint || otherAdapter) leaks.add(s.pkg() + "/" + s.file().getFileName() + " uses io.leadloop." + p);
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        assertEquals(List.of(), cycles(packageGraph(sources())));
    }

    /** A test class's layer says what it needs to run; one without a layer could not be selected or skipped by it. */
    @Test
    void everyTestClassBelongsToExactlyOneLayer() throws IOException {
        Pattern layer = Pattern.compile("^@(Unit|Contract|EndToEnd)$", Pattern.MULTILINE);
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                if (!text.contains("@Test") && !text.contains("@ParameterizedTest")) continue;
                long layers = layer.matcher(text).results().count();
                if (layers != 1) wrong.add(file.getFileName() + " has " + layers + " layers");
            }
        }
        assertEquals(List.of(), wrong, "annotate each test class with one of testing.Unit, testing.Contract, testing.EndToEnd");
    }

    @Test
    void aLoopIsFoundHoweverLongAndNamedInOrder() {
        Map<String, Set<String>> graph = Map.of(
                "ingest", Set.of("settings", "funnel"),
                "settings", Set.of("report"),
                "report", Set.of("ingest", "funnel"),
                "funnel", Set.of(),
                "lambda", Set.of("ingest", "report"));
        assertEquals(List.of(List.of("ingest", "settings", "report", "ingest")), cycles(graph));
        assertTrue(cycles(Map.of("a", Set.of("b"), "b", Set.of())).isEmpty());
    }

    /**
     * Every strongly connected group of packages (Tarjan), each as one loop through it, from its first package in
     * alphabetical order: empty when the graph has no cycle.
     */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> groups = new ArrayList<>();
        int[] next = {0};
        for (String start : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(start)) strongConnect(start, graph, index, low, stack, onStack, groups, next);
        }
        List<List<String>> loops = new ArrayList<>();
        for (Set<String> group : groups) {
            if (group.size() > 1 || graph.getOrDefault(group.iterator().next(), Set.of()).contains(group.iterator().next())) {
                loops.add(loopThrough(new TreeSet<>(group), graph));
            }
        }
        return loops;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                      Deque<String> stack, Set<String> onStack, List<Set<String>> groups, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : new TreeSet<>(graph.getOrDefault(v, Set.of()))) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, groups, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            groups.add(group);
        }
    }

    /** A shortest path from the group's first package back to itself, staying inside the group (breadth first). */
    private static List<String> loopThrough(TreeSet<String> group, Map<String, Set<String>> graph) {
        String first = group.first();
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(first));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String to : new TreeSet<>(graph.getOrDefault(at, Set.of()))) {
                if (!group.contains(to)) continue;
                if (to.equals(first)) {
                    List<String> loop = new ArrayList<>(List.of(first));
                    for (String back = at; !back.equals(first); back = cameFrom.get(back)) loop.add(1, back);
                    loop.add(first);
                    return loop;
                }
                if (cameFrom.putIfAbsent(to, at) == null) queue.add(to);
            }
        }
        throw new IllegalStateException("no loop through " + group);
    }
}
