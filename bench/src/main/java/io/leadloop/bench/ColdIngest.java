package io.leadloop.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.ingest.IngestService;
import io.leadloop.lambda.SnapStartService;
import io.leadloop.lambda.WebhookHandler;
import io.leadloop.lambda.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh webhook "container": the handler is built with its no-arg constructor, as the Lambda runtime builds it
 * (settings from the environment), then invoked once with an API Gateway payload-2.0 event read from a JSON file
 * (a copy of events/generic-webhook.json re-signed with a fresh timestamp by the parent). When handleRequest
 * returns 200 the delivery and its events are stored in DynamoDB (the handler writes synchronously). With a second
 * argument {@code primed}, the SnapStart hooks run between construction and the invocation ({@link SnapStartProxy}).
 */
public final class ColdIngest {

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        SnapStartService<IngestService> function = Wiring.webhookFunction();
        WebhookHandler handler = new WebhookHandler(function); // what new WebhookHandler() does, with the hooks in reach
        long init = System.nanoTime();
        String hooks = SnapStartProxy.hooks(function, args, init);
        var event = ApiEvents.fromJson(Files.readString(Path.of(args[0])));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long done = System.nanoTime();
        System.out.println("BENCH-DONE main=" + main + " init=" + init + hooks + " done=" + done + " status=" + response.getStatusCode());
        if (response.getStatusCode() != 200) System.out.println("BENCH-BODY " + response.getBody());
        System.out.flush();
        System.exit(response.getStatusCode() == 200 ? 0 : 1);
    }
}
