package io.leadloop.ingest.pipedrive;

import io.leadloop.funnel.Stage;
import io.leadloop.settings.ConfigException;
import io.leadloop.settings.Section;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code pipedrive} section of {@code LEADLOOP_CONFIG}: which accounts may send, and how an account's ids
 * (users, stages, labels, custom fields) read in the funnel. Pipedrive ids have fixed shapes, so an id that
 * could never match — a stage name where its id belongs, a mistyped field key — fails at start, naming the key.
 *
 * @param companyIds      accounts allowed to send; empty allows any account that knows the credentials
 * @param users           user id → the name reports show for owners and reps (else the id)
 * @param stageNames      stage id → the stage name deals are reported in (else the id)
 * @param stageFunnel     stage id → the funnel stage a deal's person reaches when the deal enters it
 * @param leadLabels      person label id or lead label UUID → the funnel stage the person or lead reaches with it
 * @param profileFields   source, campaign or form → the custom field key it is read from
 * @param attributeFields custom field key → the attribute name it is kept under on the lead
 */
record PipedriveSettings(Set<String> companyIds, Map<String, String> users, Map<String, String> stageNames,
                         Map<String, Stage> stageFunnel, Map<String, Stage> leadLabels,
                         Map<String, String> profileFields, Map<String, String> attributeFields) {

    static final String SECTION = "pipedrive";

    private static final Pattern NUMERIC_ID = Pattern.compile("[1-9][0-9]*");
    /** Person labels have numeric ids, Leads inbox labels UUIDs. */
    private static final Pattern LABEL_ID = Pattern.compile("[1-9][0-9]*|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final Pattern FIELD_KEY = Pattern.compile("[0-9a-f]{40}");

    private static final String NUMERIC_HINT = "not a Pipedrive id; use the numeric id, e.g. \"7\"";
    private static final String LABEL_HINT = "not a Pipedrive label id; use a person label's numeric id or a lead label's lower-case UUID";
    private static final String FIELD_HINT = "not a Pipedrive custom field key; use the field's 40-character API key "
            + "(Company settings → Data fields → the field's menu → Copy API key)";

    static PipedriveSettings from(Section root) {
        Section section = root.section(SECTION).allowOnly(Set.of("company_ids", "users", "stage_names", "stage_funnel",
                "lead_labels", "profile_fields", "attribute_fields"));
        section.section("profile_fields").allowOnly(Set.of("source", "campaign", "form"));
        Map<String, String> profileFields = section.stringMap("profile_fields");
        profileFields.forEach((role, key) -> requireShape(section.section("profile_fields"), role, key, FIELD_KEY, FIELD_HINT));
        return new PipedriveSettings(
                companyIds(section),
                byId(section, "users", NUMERIC_ID, NUMERIC_HINT),
                byId(section, "stage_names", NUMERIC_ID, NUMERIC_HINT),
                stagesById(section, "stage_funnel", NUMERIC_ID, NUMERIC_HINT),
                stagesById(section, "lead_labels", LABEL_ID, LABEL_HINT),
                Map.copyOf(profileFields),
                byId(section, "attribute_fields", FIELD_KEY, FIELD_HINT));
    }

    private static Set<String> companyIds(Section section) {
        List<String> ids = section.strings("company_ids");
        for (int i = 0; i < ids.size(); i++) {
            if (!NUMERIC_ID.matcher(ids.get(i)).matches()) {
                throw new ConfigException(section.pathOf("company_ids") + "[" + i + "]", "'" + ids.get(i) + "' is " + NUMERIC_HINT
                        + " (meta.company_id of a webhook, or GET /v1/users/me → company_id)");
            }
        }
        return Set.copyOf(ids);
    }

    /** An object whose keys are ids of one shape. */
    private static Map<String, String> byId(Section section, String key, Pattern shape, String hint) {
        Map<String, String> values = section.stringMap(key);
        values.keySet().forEach(id -> requireShape(section.section(key), id, id, shape, hint));
        return Map.copyOf(values);
    }

    private static Map<String, Stage> stagesById(Section section, String key, Pattern shape, String hint) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        byId(section, key, shape, hint).forEach((id, name) -> stages.put(id, Stage.fromWireName(name).orElseThrow(() ->
                new ConfigException(section.section(key).pathOf(id), "'" + name + "' is not a funnel stage; use one of "
                        + Arrays.stream(Stage.values()).map(Stage::wireName).toList()))));
        return Map.copyOf(stages);
    }

    private static void requireShape(Section where, String key, String value, Pattern shape, String hint) {
        if (!shape.matcher(value).matches()) {
            throw new ConfigException(where.pathOf(key), "'" + value + "' is " + hint);
        }
    }
}
