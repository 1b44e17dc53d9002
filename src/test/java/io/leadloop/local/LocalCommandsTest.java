package io.leadloop.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.json.Json;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Laptop;
import io.leadloop.testing.Laptop.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local commands as a user runs them: {@code LocalMain} in a process of its own (as {@code ./leadloop} starts it),
 * the README's recipe sending the sample to {@code serve}, SIGTERM, and {@code report} on the data left behind.
 */
@EndToEnd
class LocalCommandsTest {

    @TempDir
    Path data;

    private Run run(Map<String, String> environment, String... args) throws Exception {
        return Laptop.run(data, environment, args);
    }

    @Test
    void serveTakesTheReadmeRecipeAndLeavesNothingRunningAfterSigterm_thenReportHintsAtTheSamplesWeek() throws Exception {
        Process serve = Laptop.command(Map.of(), "serve", "--port", "0", "--data", data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String serving = out.readLine();
        String engines = out.readLine();
        Matcher base = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/webhooks/").matcher(String.valueOf(serving));
        Matcher ses = Pattern.compile("SES emulator: (http://\\S+)").matcher(String.valueOf(engines));
        assertTrue(base.find() && ses.find(), serving + " / " + engines);
        URI sesEndpoint = URI.create(ses.group(1));
        List<ProcessHandle> children = serve.descendants().toList();
        assertFalse(children.isEmpty(), "the SES emulator runs as a child process");
        try {
            postTheSampleAndStop(serve, base.group(1), children, sesEndpoint);
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            serve.destroyForcibly();
        }

        Run lastWeek = run(Map.of(), "report", "--data", data.toString());
        assertEquals(0, lastWeek.exit(), lastWeek.stderr());
        Period reported = Period.lastComplete(PeriodKind.WEEK, Instant.now(), ZoneOffset.UTC);
        if (!reported.equals(Period.parse("2026-W47"))) {
            assertTrue(lastWeek.stderr().contains("no event occurred in " + reported.label())
                    && lastWeek.stderr().contains("try --period 2026-W47"), lastWeek.stderr());
        }
        Run sampleWeek = run(Map.of(), "report", "--period", "2026-W47", "--data", data.toString());
        assertEquals(0, sampleWeek.exit(), sampleWeek.stderr());
        assertEquals(4, ((Number) ((Map<?, ?>) ((Map<?, ?>) Json.parse(sampleWeek.stdout())).get("counts")).get("leads")).intValue());
        assertFalse(sampleWeek.stderr().contains("try --period"), sampleWeek.stderr());

        // The delivery serve stored, replayed from the same data: each of its events was applied already.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Run replay = run(Map.of(), "replay", "--source", "generic", "--from", today.minusDays(1).toString(),
                "--to", today.plusDays(1).toString(), "--data", data.toString());
        assertEquals(0, replay.exit(), replay.stderr());
        Map<?, ?> summary = (Map<?, ?>) Json.parse(replay.stdout());
        assertEquals(List.of(1, 0, 14, true), List.of(((Number) summary.get("deliveries")).intValue(),
                ((Number) summary.get("applied")).intValue(), ((Number) summary.get("already_applied")).intValue(),
                summary.get("complete")), replay.stdout());
        Run afterReplay = run(Map.of(), "report", "--period", "2026-W47", "--data", data.toString());
        assertEquals(Json.parse(sampleWeek.stdout()), Json.parse(afterReplay.stdout()), "a replay of applied events changes no number");
    }

    private static void postTheSampleAndStop(Process serve, String baseUrl, List<ProcessHandle> children, URI sesEndpoint) throws Exception {
        // The README's recipe, as written there.
        Process recipe = new ProcessBuilder("python3", "bin/sign-generic-event.py", "--post", baseUrl + "/webhooks/generic")
                .redirectErrorStream(true).start();
        String answer = new String(recipe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, recipe.waitFor(), answer);
        assertTrue(answer.startsWith("200 ") && answer.contains("\"applied\":14"), answer);

        serve.destroy(); // SIGTERM
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
        for (ProcessHandle child : children) {
            assertFalse(child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).get().isAlive(),
                    "child process " + child.pid() + " (" + child.info().command().orElse("?") + ") is gone");
        }
        try (Socket socket = new Socket(sesEndpoint.getHost(), sesEndpoint.getPort())) {
            throw new AssertionError("the SES emulator still accepts connections on " + sesEndpoint);
        } catch (ConnectException expected) {
            // nothing listens there any more
        }
    }

    @Test
    void serveStoppedWhileItStartsLeavesNoEmulatorBehind() throws Exception {
        Process serve = Laptop.command(Map.of(), "serve", "--port", "0", "--data", data.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> children = List.of();
        boolean emulatorListens = false;
        try {
            // SIGTERM as soon as the emulator listens, while serve is still starting up (Ctrl-C during startup). What was
            // seen is kept: looking again could miss a socket the emulator's start-up wrapper held only for a moment.
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !emulatorListens && System.nanoTime() < deadline; Thread.sleep(10)) {
                children = serve.descendants().toList();
                emulatorListens = children.stream().anyMatch(LocalCommandsTest::listens);
            }
            assertTrue(emulatorListens, "serve started the SES emulator");
            serve.destroy();

            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
            for (ProcessHandle child : children) {
                assertFalse(child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).get().isAlive(),
                        "child process " + child.pid() + " (" + child.info().command().orElse("?") + ") is gone");
            }
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            serve.destroyForcibly();
        }
    }

    /** Whether the process holds a listening TCP socket: one of its /proc/PID/fd links is a socket LISTEN in /proc/net/tcp{,6}. */
    private static boolean listens(ProcessHandle process) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            List<String> inodes = fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(link -> link.startsWith("socket:[")).map(link -> link.substring(8, link.length() - 1)).toList();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void anUnknownOptionIsAnErrorNamingTheKnownOnes() throws Exception {
        Run run = run(Map.of(), "serve", "--port", "0", "--data", data.toString(), "--prot", "8080");

        assertEquals(2, run.exit());
        assertTrue(run.stderr().contains("unknown option --prot for serve; its options are [--data, --port, --timezone]"), run.stderr());
    }

    @Test
    void serveChecksTheReportSettingsItShipsWithAtStart() throws Exception {
        Run run = run(Map.of("LEADLOOP_CONFIG", "{\"audiences\": {\"sales\": {\"language\": \"fr\"}}}"),
                "serve", "--port", "0", "--data", data.toString());

        assertEquals(2, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("LEADLOOP_CONFIG.audiences.sales.language"), run.stderr());
    }

    @Test
    void aGenericSecretThatIsNotBase64NamesTheKeyAndTheFix() throws Exception {
        Run run = run(Map.of("LEADLOOP_GENERIC_SECRET", "not-a-secret"), "serve", "--port", "0", "--data", data.toString());

        assertEquals(2, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("LEADLOOP_GENERIC_SECRET") && run.stderr().contains("openssl rand -base64 32"), run.stderr());
        assertFalse(run.stderr().contains("Illegal base64 character"), run.stderr());
    }

    /** What a user sees listening after `serve` started: DynamoDB Local on loopback only. */
    @Test
    void dynamoDbLocalListensOnLoopbackOnly() throws Exception {
        try (LocalEngines engines = LocalEngines.start(null)) {
            int port = engines.dynamoEndpoint().getPort();
            List<String> listening = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path file = Path.of(table);
                if (!Files.exists(file)) continue;
                for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                    String[] f = line.trim().split("\\s+");
                    String[] local = f[1].split(":");
                    if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) listening.add(address(local[0]));
                }
            }
            assertFalse(listening.isEmpty(), "DynamoDB Local listens on " + port + " (read from /proc/net/tcp)");
            // All interfaces would be 0.0.0.0 or ::
            assertEquals(List.of("127.0.0.1"), listening);
        }
    }

    /** An address as /proc/net/tcp{,6} writes it: hex, in 32-bit words of host (little-endian) byte order. */
    private static String address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = (byte) Integer.parseInt(hex.substring(2 * (word + 3 - i), 2 * (word + 3 - i) + 2), 16);
            }
        }
        return java.net.InetAddress.getByAddress(bytes).getHostAddress();
    }

    @Test
    void unknownTopLevelConfigKeysAreNamedWithTheKnownOnes() throws IOException {
        // LocalMain merges the document into its own; the check is Section's, as in AWS.
        var config = new io.leadloop.settings.Config(LocalMain.settings(Map.of(), Map.of("LEADLOOP_CONFIG", "{\"audience\": {\"sales\": {}}}")), name -> null);
        io.leadloop.settings.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(io.leadloop.settings.ConfigException.class,
                () -> io.leadloop.settings.Section.root(config));
        assertTrue(e.getMessage().contains("LEADLOOP_CONFIG.audience") && e.getMessage().contains("audiences"), e.getMessage());
    }

    @Test
    void aConfigDocumentForOneSectionKeepsTheLocalDefaultsOfTheOthers() throws IOException {
        String document = "{\"audiences\": {\"marketing\": {\"language\": \"es\"}}}";
        Path file = Files.writeString(data.resolve("leadloop-config.json"), document);
        for (Map<String, String> environment : List.of(Map.of("LEADLOOP_CONFIG", document), Map.of("LEADLOOP_CONFIG_FILE", file.toString()))) {
            var config = new io.leadloop.settings.Config(LocalMain.settings(Map.of(), environment), name -> null);
            var root = io.leadloop.settings.Section.root(config);

            assertEquals("es", root.section("audiences").section("marketing").string("language").orElseThrow(), environment.toString());
            assertEquals(List.of("24681357"), root.section("hubspot").strings("portal_ids"), "the HubSpot sample's portal is still accepted");
            assertEquals(List.of("00D5g000004XyZa"), root.section("salesforce").strings("organization_ids"));
            assertTrue(root.has("qualified_lead") && root.has("goals"), "the sample company's definition and goals stay");
        }
    }
}
