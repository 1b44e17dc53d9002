package io.leadloop.bench;

import com.sun.net.httpserver.HttpServer;
import io.leadloop.json.Json;
import io.leadloop.local.LocalEngines;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * The long-lived helper of a benchmark run: DynamoDB Local (in memory, over HTTP) and the aws-ses-v2-local SES
 * emulator, started once through {@link LocalEngines}, their endpoints written to a properties file the drivers
 * read. bench/run starts it in the background and stops it (SIGTERM) when the run ends.
 */
public final class EnginesMain {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "bench/target/engines.properties");
        PrintStream stdout = System.out;
        System.setOut(System.err); // DynamoDB Local prints its banner to stdout
        LocalEngines engines = LocalEngines.start(null);
        HttpServer ssm = fakeSsm();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ssm.stop(0);
            engines.close();
        }, "engines-stop"));
        Properties p = new Properties();
        for (Map.Entry<String, String> e : engines.endpoints().entrySet()) p.setProperty(e.getKey(), e.getValue());
        p.setProperty("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:" + ssm.getAddress().getPort());
        p.setProperty("ENGINES_PID", Long.toString(ProcessHandle.current().pid()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            p.store(out, "leadloop benchmark engines");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        stdout.println("engines ready: " + engines.endpoints());
        stdout.flush();
        Thread.currentThread().join();
    }

    /** Parameter names the fake SSM knows, and their values (the public local test secrets). */
    static final Map<String, String> PARAMETERS = Map.of("/leadloop/generic-webhook-secret", BenchSecrets.GENERIC);

    /**
     * A stand-in for SSM Parameter Store's GetParameter (the webhook function reads its secret from SSM at init in
     * AWS; AWS_ENDPOINT_URL_SSM points ParameterStore here), so the cold start includes that call as deployed.
     */
    static HttpServer fakeSsm() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                boolean signed = exchange.getRequestHeaders().getFirst("Authorization") != null;
                Map<?, ?> request = body.isBlank() ? Map.of() : (Map<?, ?>) Json.parse(body);
                String name = String.valueOf(request.get("Name"));
                String value = PARAMETERS.get(name);
                byte[] out;
                int status;
                if (!"AmazonSSM.GetParameter".equals(target) || !signed) {
                    status = 400;
                    out = "{\"__type\":\"InvalidAction\",\"message\":\"only signed GetParameter\"}".getBytes(StandardCharsets.UTF_8);
                } else if (value == null) {
                    status = 400;
                    out = ("{\"__type\":\"ParameterNotFound\",\"message\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 200;
                    out = Json.compact(Map.of("Parameter", Map.of("Name", name, "Type", "SecureString", "Value", value,
                            "Version", 1, "DataType", "text"))).getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, out.length);
                exchange.getResponseBody().write(out);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }
}
