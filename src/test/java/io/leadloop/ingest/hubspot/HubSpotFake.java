package io.leadloop.ingest.hubspot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadloop.json.Json;
import io.leadloop.testing.CrmFake;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HubSpot account answering as developers.hubspot.com documents: CRM v3 search (filter GTE on the last
 * modification, ascending sort, {@code after} paging, 400 past 10,000 results of one query), v4 association batch reads,
 * the deal pipelines, account info, the owners ({@code archived} filter, {@code limit} and {@code after} paging), 401 for
 * any other token and, on demand, 429 with {@code Retry-After} and HubSpot's rate-limit body. The bodies it answers with are the recorded shapes in src/test/resources/hubspot-api/.
 */
final class HubSpotFake implements AutoCloseable {

    static final String TOKEN = "pat-eu1-0f3c2d1e-7b6a-4c59-9e8d-1a2b3c4d5e6f";

    /** Records as HubSpot stores them; a deal's {@code associations} (contact ids) are answered by the v4 API only. */
    final List<Map<String, Object>> contacts = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> deals = new CopyOnWriteArrayList<>();
    /** The account's owners as {@code GET /crm/v3/owners} lists them, each with its {@code archived} flag. */
    final List<Map<String, Object>> owners = new CopyOnWriteArrayList<>();
    /** Every request, as "METHOD /path". */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private static final String OWNERS_AFTER = "owners:";
    private volatile boolean ownersRefused;
    private final AtomicInteger throttled = new AtomicInteger();
    private final HttpServer server;

    HubSpotFake() {
        server = CrmFake.serve(this::handle);
    }

    /** The account of the webhook sample (events/hubspot-webhook.json) as its records stand afterwards. */
    static HubSpotFake withSampleAccount() {
        HubSpotFake fake = new HubSpotFake();
        fake.contacts.addAll(records("contacts.json"));
        fake.deals.addAll(records("deals.json"));
        fake.owners.addAll(records("owners.json"));
        return fake;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The owners are refused 403, as for a private app without the {@code crm.objects.owners.read} scope. */
    void refuseOwners() {
        ownersRefused = true;
    }

    /** The next {@code calls} calls are answered 429, as when the account's secondly limit is used up. */
    void throttleNext(int calls) {
        throttled.set(calls);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(String fixture) {
        return (List<Map<String, Object>>) parse(resource(fixture));
    }

    /** A record's property set to {@code value}, its last modification moved to {@code at}, as HubSpot would. */
    static void modify(List<Map<String, Object>> records, String id, String modifiedProperty, Instant at, Map<String, String> changed) {
        for (Map<String, Object> record : records) {
            if (!id.equals(record.get("id"))) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) record.get("properties");
            properties.putAll(changed);
            properties.put(modifiedProperty, at.toString());
            record.put("updatedAt", at.toString());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, resource("error-401.json"));
            return;
        }
        if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 429, resource("error-429.json"));
            return;
        }
        Map<?, ?> body = requestBody.length == 0 ? Map.of() : (Map<?, ?>) parse(new String(requestBody, StandardCharsets.UTF_8));
        switch (exchange.getRequestMethod() + " " + path) {
            case "GET /account-info/v3/details" -> answer(exchange, 200, resource("account-info.json"));
            case "GET /crm/v3/pipelines/deals" -> answer(exchange, 200, resource("pipelines-deals.json"));
            case "GET /crm/v3/owners" -> owners(exchange, CrmFake.query(exchange.getRequestURI().getRawQuery()));
            case "POST /crm/v3/objects/contacts/search" -> search(exchange, contacts, "lastmodifieddate", body);
            case "POST /crm/v3/objects/deals/search" -> search(exchange, deals, "hs_lastmodifieddate", body);
            case "POST /crm/v4/associations/deals/contacts/batch/read" -> associations(exchange, body);
            default -> answer(exchange, 404, Json.compact(Map.of("status", "error", "message", "Unable to route " + path,
                    "category", "OBJECT_NOT_FOUND")));
        }
    }

    private void search(HttpExchange exchange, List<Map<String, Object>> records, String modified, Map<?, ?> body) throws IOException {
        Instant since = null;
        for (Object group : (List<?>) body.get("filterGroups")) {
            for (Object filter : (List<?>) ((Map<?, ?>) group).get("filters")) {
                Map<?, ?> f = (Map<?, ?>) filter;
                if (!modified.equals(f.get("propertyName")) || !"GTE".equals(f.get("operator"))) {
                    throw new IllegalStateException("the fake filters on " + modified + " GTE only: " + f);
                }
                since = Instant.ofEpochMilli(Long.parseLong((String) f.get("value")));
            }
        }
        Instant lower = since;
        List<Map<String, Object>> matching = records.stream()
                .filter(r -> lower == null || !modifiedAt(r, modified).isBefore(lower))
                .sorted(Comparator.comparing((Map<String, Object> r) -> modifiedAt(r, modified)).thenComparing(r -> Long.parseLong((String) r.get("id"))))
                .toList();
        int offset = body.get("after") == null ? 0 : Integer.parseInt((String) body.get("after"));
        int limit = ((Number) body.get("limit")).intValue();
        if (offset + limit > HubSpotHistory.SEARCH_WINDOW) {
            answer(exchange, 400, resource("error-400-search-window.json"));
            return;
        }
        List<?> wanted = (List<?>) body.get("properties");
        List<Map<String, Object>> page = new ArrayList<>();
        for (Map<String, Object> record : matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            Map<?, ?> all = (Map<?, ?>) record.get("properties");
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Object name : wanted) properties.put((String) name, all.get(name));
            properties.put("hs_object_id", record.get("id"));
            page.add(Map.of("id", record.get("id"), "properties", properties, "createdAt", record.get("createdAt"),
                    "updatedAt", record.get("updatedAt"), "archived", false));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", matching.size());
        answer.put("results", page);
        if (offset + limit < matching.size()) {
            String after = Integer.toString(offset + limit);
            answer.put("paging", Map.of("next", Map.of("after", after, "link", "?after=" + after)));
        }
        answer(exchange, 200, Json.compact(answer));
    }

    /** Active owners, or with {@code archived=true} the archived ones only; 100 a page unless {@code limit} says (at most 500). */
    private void owners(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (ownersRefused) {
            answer(exchange, 403, resource("error-403-missing-scopes.json"));
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        if (limit > 500) {
            answer(exchange, 400, Json.compact(Map.of("status", "error", "message", "Invalid limit value.", "category", "VALIDATION_ERROR")));
            return;
        }
        boolean archived = Boolean.parseBoolean(query.getOrDefault("archived", "false"));
        List<Map<String, Object>> listed = owners.stream().filter(owner -> archived == Boolean.TRUE.equals(owner.get("archived"))).toList();
        int offset = query.containsKey("after")
                ? Integer.parseInt(new String(Base64.getDecoder().decode(query.get("after")), StandardCharsets.UTF_8).substring(OWNERS_AFTER.length()))
                : 0;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", listed.subList(Math.min(offset, listed.size()), Math.min(offset + limit, listed.size())));
        if (offset + limit < listed.size()) {
            // HubSpot's after tokens are opaque and base64-like, padding included, so the reader has to encode them in its URL.
            String after = Base64.getEncoder().encodeToString((OWNERS_AFTER + (offset + limit)).getBytes(StandardCharsets.UTF_8));
            answer.put("paging", Map.of("next", Map.of("after", after, "link", "https://api.hubapi.com/crm/v3/owners/?after=" + after)));
        }
        answer(exchange, 200, Json.compact(answer));
    }

    private void associations(HttpExchange exchange, Map<?, ?> body) throws IOException {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object input : (List<?>) body.get("inputs")) {
            Object dealId = ((Map<?, ?>) input).get("id");
            deals.stream().filter(d -> d.get("id").equals(dealId)).findFirst().ifPresent(deal -> {
                List<Map<String, Object>> to = ((List<?>) deal.getOrDefault("associations", List.of())).stream()
                        .map(contact -> Map.<String, Object>of("toObjectId", Long.parseLong((String) contact), "associationTypes",
                                List.of(Map.of("category", "HUBSPOT_DEFINED", "typeId", 3, "label", "")))).toList();
                if (!to.isEmpty()) results.add(Map.of("from", Map.of("id", dealId), "to", to));
            });
        }
        answer(exchange, 200, Json.compact(Map.of("status", "COMPLETE", "results", results,
                "startedAt", "2026-11-23T08:00:00.000Z", "completedAt", "2026-11-23T08:00:00.050Z")));
    }

    private static Instant modifiedAt(Map<String, Object> record, String modified) {
        return Instant.parse((String) ((Map<?, ?>) record.get("properties")).get(modified));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String resource(String name) {
        try (InputStream in = HubSpotFake.class.getResourceAsStream("/hubspot-api/" + name)) {
            if (in == null) throw new IllegalStateException("no fixture hubspot-api/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object parse(String json) {
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
