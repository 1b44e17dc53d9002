package io.leadloop.ingest.backfill;

import io.leadloop.settings.ReportOptions;
import java.util.Map;

/**
 * Where a CRM history reader leaves the names it read from the CRM's users API (HubSpot owners, Salesforce User,
 * Pipedrive users), for the reports to show instead of owner ids.
 */
public interface OwnerDirectory {

    /** A name longer than this is refused: the bound the {@code owners} setting has too. */
    int MAX_NAME_CHARS = ReportOptions.MAX_OWNER_NAME_CHARS;

    /**
     * Replaces every name known from {@code source} with {@code names}: the users the CRM lists now.
     *
     * @param names by owner id exactly as the source's events carry the owner; each name 1 to {@link #MAX_NAME_CHARS}
     *              characters
     * @throws IllegalArgumentException before anything is written, when an id or a name is empty or too long, or all
     *                                  of them together would not fit what the store can keep for one source
     */
    void record(String source, Map<String, String> names);
}
