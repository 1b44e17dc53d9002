package io.leadloop.report;

import java.util.Map;

/**
 * The names of the CRM users who own leads and deals, as each CRM's users API listed them: what lets an email say
 * "Ana García" where the events carry "111". Read once per report; {@link OwnerLabels} decides what is shown.
 */
public interface OwnerNames {

    /** By source ({@code hubspot}, ...), each source's names by owner id as its events carry the owner. */
    Map<String, Map<String, String>> namesBySource();
}
