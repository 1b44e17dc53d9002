package io.leadloop.ingest.backfill;

import java.net.URI;
import java.util.Map;

/**
 * The HTTP calls a {@link HistorySource} makes to its CRM's REST API, with the rate-limit and retry rules every CRM
 * shares: a 429 (or 503) waits what {@code Retry-After} (or the CRM's own reset header) says, then retries, a bounded
 * number of times; any other answer that is not 2xx is a {@link CrmApiException} naming the call and what the CRM
 * said. Bodies are JSON, parsed as {@link io.leadloop.json.Json#parse} parses them.
 */
public interface CrmHttp {

    /** GET {@code uri} with {@code headers} (e.g. {@code Authorization}); the parsed JSON body. */
    Object get(URI uri, Map<String, String> headers);

    /** POST a JSON body; the parsed JSON answer. */
    Object postJson(URI uri, Map<String, String> headers, Object body);

    /** POST an {@code application/x-www-form-urlencoded} body (OAuth token requests); the parsed JSON answer. */
    Object postForm(URI uri, Map<String, String> headers, Map<String, String> form);

    /** How many calls were made so far, retries included: the "API calls per 10k records" figure. */
    int calls();

    /** A call the CRM refused for good (or kept rate-limiting beyond the retries). */
    final class CrmApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public CrmApiException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when no answer came. */
        public int status() {
            return status;
        }
    }
}
