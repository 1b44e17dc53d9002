package io.leadloop.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.ingest.DeliveryTelemetry;
import io.leadloop.ingest.IngestService;
import io.leadloop.ingest.WebhookRequest;
import io.leadloop.ingest.WebhookResponse;
import io.leadloop.ops.MetricLog;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /webhooks/{source}} behind an API Gateway HTTP API (payload format 2.0). */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Supplier<IngestService> ingest;
    private final DeliveryTelemetry telemetry;

    /**
     * The Lambda runtime's constructor: wiring (clients, secrets) happens once per container, here, and again after
     * each SnapStart restore ({@link Wiring#webhookFunction()}).
     */
    public WebhookHandler() {
        this(Wiring.webhookFunction());
    }

    public WebhookHandler(IngestService ingest) {
        this(() -> ingest);
    }

    /** @param ingest the service to use for each request, as it is at that time */
    public WebhookHandler(Supplier<IngestService> ingest) {
        this(ingest, new DeliveryTelemetry(MetricLog.standardOutput()));
    }

    public WebhookHandler(Supplier<IngestService> ingest, DeliveryTelemetry telemetry) {
        this.ingest = ingest;
        this.telemetry = telemetry;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String source = source(event);
        WebhookResponse response = telemetry.observe(source, () -> ingest.get().receive(source, toRequest(event)),
                context == null ? null : context.getAwsRequestId());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(Map.of("Content-Type", response.contentType()))
                .withBody(response.body())
                .build();
    }

    public static WebhookRequest toRequest(APIGatewayV2HTTPEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null ? "POST" : http.getMethod();
        String host = event.getRequestContext() == null ? null : event.getRequestContext().getDomainName();
        return new WebhookRequest(method, host, event.getRawPath(), event.getRawQueryString(), event.getHeaders(), bytes);
    }

    private static String source(APIGatewayV2HTTPEvent event) {
        Map<String, String> params = event.getPathParameters();
        if (params != null && params.get("source") != null) return params.get("source");
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
