package io.leadloop.testing;

import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.local.LocalEngines;
import io.leadloop.settings.Config;
import io.leadloop.settings.ReportSettings;
import io.leadloop.settings.StoreSettings;
import io.leadloop.store.dynamodb.TableSetup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real engines the integration tests run against, started once per test JVM: DynamoDB Local over HTTP and
 * the aws-ses-v2-local emulator. Each test takes a fresh table, so tests never see each other's data.
 */
public final class Engines {
    private Engines() {}

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final class Holder {
        static final LocalEngines ENGINES = LocalEngines.start(null);
        static final DynamoDbClient DYNAMO;

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ENGINES::close));
            DYNAMO = AwsClients.dynamoDb(new Config(ENGINES.endpoints(), name -> null));
        }
    }

    public static DynamoDbClient dynamo() {
        return Holder.DYNAMO;
    }

    /** Settings for a new, empty table, pointing at the engines; {@code overrides} win. */
    public static Config freshConfig(Map<String, String> overrides) {
        return freshConfig(overrides, name -> {
            throw new IllegalStateException("tests do not read SSM: " + name);
        });
    }

    /** The same, with {@code parameterStore} answering the {@code *_PARAM} settings as SSM would. */
    public static Config freshConfig(Map<String, String> overrides, Function<String, String> parameterStore) {
        String table = "t" + TABLES.incrementAndGet() + "-" + System.nanoTime();
        TableSetup.createIfMissing(dynamo(), table);
        Map<String, String> values = new HashMap<>(Holder.ENGINES.endpoints());
        values.put(StoreSettings.TABLE, table);
        values.put(ReportSettings.SENDER, "leadloop@example.com");
        values.put(ReportSettings.RECIPIENTS, "sales@example.com");
        values.putAll(overrides);
        return new Config(values, parameterStore);
    }

    /**
     * How many items the table holds besides the week roll-up marker that {@link TableSetup} writes into a new
     * table: a rejected delivery must leave it at zero.
     */
    public static int itemCount(Config config) {
        return dynamo().scan(r -> r.tableName(config.required(StoreSettings.TABLE, "t")).select("COUNT")
                .filterExpression("PK <> :marker").expressionAttributeValues(Map.of(":marker", AttributeValue.fromS("COUNTERS#WEEKS")))).count();
    }

    public static URI sesEndpoint() {
        return Holder.ENGINES.sesEndpoint();
    }

    /** Every email the SES emulator received since the start, oldest first, as its /store returns them. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> sentEmails() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(sesEndpoint().resolve("/store")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(response.body())).get("emails");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The emails sent to {@code address}, so parallel tests can tell theirs apart. */
    public static List<Map<String, Object>> emailsTo(String address) {
        return sentEmails().stream().filter(e -> to(e).contains(address)).toList();
    }

    /**
     * The To addresses of a stored email. For raw MIME the emulator stores mailparser's text of the To header
     * ("a@example.com, b@example.com") as one entry; this splits it back into addresses.
     */
    @SuppressWarnings("unchecked")
    public static List<String> to(Map<String, Object> email) {
        List<String> stored = (List<String>) ((Map<String, Object>) email.get("destination")).get("to");
        return stored.stream().flatMap(s -> java.util.Arrays.stream(s.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
