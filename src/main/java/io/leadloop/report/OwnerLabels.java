package io.leadloop.report;

import io.leadloop.funnel.Dimension;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How each owner id is shown. A name set in {@code LEADLOOP_CONFIG.owners} wins; otherwise the name a CRM listed for
 * that id. Ids are looked up as the events carry them, across every CRM: an id two CRMs list under different names
 * could be either person, so it has no name until {@code owners} gives it one. An id with no name is shown as itself,
 * and two ids sharing a name are shown with their ids ("Ana García (111)"), so that no two reps read alike.
 */
public final class OwnerLabels {

    /** No names: every owner is shown by its id. */
    public static final OwnerLabels NONE = new OwnerLabels(Map.of());

    /** The dimensions whose values are owner ids: of leads and deals, of a deal's lead, of activities, of rep lines. */
    private static final Set<String> OWNER_DIMENSIONS = Set.of(Dimension.OWNER, Dimension.LEAD_OWNER, Dimension.REP,
            "rep_sourced_by", "rep_closed_by");

    private final Map<String, String> names;
    private final Set<String> shared;

    private OwnerLabels(Map<String, String> names) {
        this.names = Map.copyOf(names);
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        names.values().forEach(name -> (seen.add(name) ? seen : twice).add(name));
        this.shared = Set.copyOf(twice);
    }

    /**
     * @param configured the names of {@code LEADLOOP_CONFIG.owners}, by owner id
     * @param bySource the names each CRM listed ({@link OwnerNames#namesBySource()})
     */
    public static OwnerLabels of(Map<String, String> configured, Map<String, Map<String, String>> bySource) {
        Map<String, String> learnt = new HashMap<>();
        Set<String> contested = new HashSet<>();
        bySource.values().forEach(names -> names.forEach((id, name) -> {
            String other = learnt.putIfAbsent(id, name);
            if (other != null && !other.equals(name)) contested.add(id);
        }));
        contested.forEach(learnt::remove);
        learnt.putAll(configured);
        return new OwnerLabels(learnt);
    }

    /** The owner's name, or null when none is known: what the JSON puts beside the id. */
    public String name(String ownerId) {
        return ownerId == null ? null : names.get(ownerId);
    }

    /** What an email shows for an owner id: its name, with the id when another owner has the same name; else the id. */
    public String label(String ownerId) {
        String name = name(ownerId);
        if (name == null) return ownerId;
        return shared.contains(name) ? name + " (" + ownerId + ")" : name;
    }

    /** The name of a breakdown value, when its dimension's values are owner ids; else null. */
    public String nameOf(String dimension, String value) {
        return OWNER_DIMENSIONS.contains(dimension) ? name(value) : null;
    }

    static boolean isOwnerDimension(String dimension) {
        return OWNER_DIMENSIONS.contains(dimension);
    }
}
