package io.leadloop.settings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where a lead's record opens in its CRM, so that each lead an email lists links to it. A lead id names its CRM and
 * account ({@code hubspot:<portal>:contact:<id>}, {@code salesforce:<org>:lead:<id>}, {@code pipedrive:<company>:person:<id>},
 * any other id is the generic route's); the pattern for that CRM fills in {@code {account}} and {@code {id}}
 * (README, "Links to the CRM"). A CRM without a pattern gets no links.
 */
public record CrmLinks(Map<String, String> patterns) {

    /** The CRMs a pattern can be given for, as {@code LEADLOOP_CONFIG.crm_links} names them. */
    public static final java.util.Set<String> CRMS = java.util.Set.of("hubspot", "salesforce", "pipedrive", "generic");

    /**
     * Patterns that work for any account: HubSpot's contact record URL carries the portal id the lead id already
     * holds; Salesforce's and Pipedrive's login pages forward to the record in the user's own domain. The generic
     * route has no default: its ids are the sender's.
     */
    public static final CrmLinks DEFAULT = new CrmLinks(Map.of(
            "hubspot", "https://app.hubspot.com/contacts/{account}/record/0-1/{id}",
            "salesforce", "https://login.salesforce.com/?startURL=%2F{id}",
            "pipedrive", "https://app.pipedrive.com/person/{id}"));

    public CrmLinks {
        patterns = Map.copyOf(patterns);
    }

    /** The URL of {@code leadId}'s record, if its CRM has a pattern. */
    public Optional<String> of(String leadId) {
        String[] parts = leadId.split(":", 4);
        boolean scoped = parts.length == 4 && CRMS.contains(parts[0]) && !parts[0].equals("generic");
        String pattern = patterns.get(scoped ? parts[0] : "generic");
        if (pattern == null) return Optional.empty();
        return Optional.of(pattern.replace("{account}", scoped ? encode(parts[1]) : "").replace("{id}", encode(scoped ? parts[3] : leadId)));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
