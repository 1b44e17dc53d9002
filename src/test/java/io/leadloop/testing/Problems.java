package io.leadloop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadloop.ingest.WebhookResponse;
import io.leadloop.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** What a sender sees when a delivery is refused: an RFC 9457 problem with a useful detail. */
public final class Problems {
    private Problems() {}

    /** Asserts the status, content type, type and a fragment of the detail; returns the problem for further checks. */
    public static Map<?, ?> assertProblem(APIGatewayV2HTTPResponse response, int status, String type, String detailFragment) {
        return assertProblem(response.getStatusCode(), response.getHeaders().get("Content-Type"), response.getBody(), status, type,
                detailFragment);
    }

    /** As the ingest service answers, before the handler turns it into API Gateway's response. */
    public static Map<?, ?> assertProblem(WebhookResponse response, int status, String type, String detailFragment) {
        return assertProblem(response.status(), response.contentType(), response.body(), status, type, detailFragment);
    }

    private static Map<?, ?> assertProblem(int actualStatus, String contentType, String body, int status, String type,
                                           String detailFragment) {
        assertEquals(status, actualStatus, body);
        assertEquals("application/problem+json", contentType);
        Map<?, ?> problem;
        try {
            problem = (Map<?, ?>) Json.parse(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(type, problem.get("type"));
        assertEquals(status, ((Number) problem.get("status")).intValue());
        assertTrue(problem.get("detail").toString().contains(detailFragment), problem.get("detail").toString());
        return problem;
    }
}
