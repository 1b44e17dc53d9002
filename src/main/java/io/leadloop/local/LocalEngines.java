package io.leadloop.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.leadloop.lambda.AwsClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The real engines leadloop talks to, on this machine: DynamoDB Local (in this JVM, over HTTP on a free port)
 * and the aws-ses-v2-local SES emulator (a Node process from node_modules, on a port it picks itself).
 */
public final class LocalEngines implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern SES_READY = Pattern.compile("server running at (http://\\S+)");

    private final DynamoDBProxyServer dynamo;
    private final URI dynamoEndpoint;
    private final Process ses;
    private final URI sesEndpoint;

    private LocalEngines(DynamoDBProxyServer dynamo, URI dynamoEndpoint, Process ses, URI sesEndpoint) {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.ses = ses;
        this.sesEndpoint = sesEndpoint;
    }

    /** @param dataDir where DynamoDB Local keeps its data across runs, or null to keep it in memory */
    public static LocalEngines start(Path dataDir) {
        DynamoDBProxyServer dynamo = null;
        try {
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
            if (dataDir == null) {
                args.add("-inMemory");
            } else {
                Files.createDirectories(dataDir);
                args.addAll(List.of("-sharedDb", "-dbPath", dataDir.toString()));
            }
            dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            onLoopbackOnly(dynamo);
            dynamo.start();
            URI dynamoEndpoint = URI.create("http://" + LOOPBACK + ":" + port);
            Process ses = startSesEmulator();
            return new LocalEngines(dynamo, dynamoEndpoint, ses, awaitSesEndpoint(ses));
        } catch (Exception e) {
            stopQuietly(dynamo);
            throw new IllegalStateException("could not start the local engines: " + e.getMessage(), e);
        }
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sesEndpoint() {
        return sesEndpoint;
    }

    /** Settings that point leadloop's clients at these engines. */
    public Map<String, String> endpoints() {
        return Map.of(AwsClients.DYNAMODB_ENDPOINT, dynamoEndpoint.toString(), AwsClients.SES_ENDPOINT, sesEndpoint.toString(),
                "AWS_REGION", "us-east-1");
    }

    @Override
    public void close() {
        ses.destroy();
        try {
            if (!ses.waitFor(5, TimeUnit.SECONDS)) ses.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly(dynamo);
    }

    /**
     * DynamoDB Local has no option for the address it listens on, and its Jetty server would take every interface:
     * anyone on the network could then read and change the local data. Its one connector is bound to 127.0.0.1
     * before it starts.
     */
    private static void onLoopbackOnly(DynamoDBProxyServer dynamo) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        for (Connector connector : ((Server) field.get(dynamo)).getConnectors()) {
            ((ServerConnector) connector).setHost(LOOPBACK);
        }
    }

    private static Process startSesEmulator() throws IOException {
        Path cli = Path.of(System.getenv().getOrDefault("LEADLOOP_SES_EMULATOR", "node_modules/aws-ses-v2-local/dist/cli.js"));
        if (!Files.exists(cli)) {
            throw new IOException("the SES emulator is not installed at " + cli.toAbsolutePath()
                    + "; run `npm ci` in the project directory (mvn does it for you on a fresh clone)");
        }
        return new ProcessBuilder("node", cli.toString(), "--host", LOOPBACK, "--port", "0")
                .redirectErrorStream(true).start();
    }

    private static URI awaitSesEndpoint(Process ses) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(ses.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = SES_READY.matcher(line);
                    if (m.find()) ready.complete(URI.create(m.group(1).replace("localhost", "127.0.0.1")));
                }
                ready.completeExceptionally(new IOException("the SES emulator exited before it was ready"));
            } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
            }
        }, "ses-emulator-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ses.destroyForcibly();
            throw new IOException("the SES emulator did not report its address within 30 s");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stopQuietly(DynamoDBProxyServer dynamo) {
        if (dynamo == null) return;
        try {
            dynamo.stop();
        } catch (Exception ignored) {
            // stopping is best effort; the JVM is usually exiting
        }
    }
}
