package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Move;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.funnel.Ratio;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.Stage;
import io.leadloop.funnel.Verdict;
import io.leadloop.ingest.backfill.BackfillCursors.Kind;
import io.leadloop.ingest.backfill.BackfillCursors.Position;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.json.Json;
import io.leadloop.lambda.AwsClients;
import io.leadloop.lambda.ReportFunction;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.local.SampleData;
import io.leadloop.mail.ses.SesMailSender;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/report-json.md against a real report: the examples in the doc list every key a report has, and a report built
 * from DynamoDB Local has every key the doc lists, with null (not absent) where a value is undefined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class ReportJsonDocTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Madrid");
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Period WEEK = Period.lastComplete(PeriodKind.WEEK, NOW, ZONE);
    /** Maps keyed by data (rep names), not by the format: their own keys are not part of the documented set. */
    private static final List<String> KEYED_BY_DATA = List.of("related.activity_by_rep");

    private final Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            StoreSettings.TIMEZONE, ZONE.getId()));
    private final Clock clock = Fixtures.clockAt(NOW);
    private ReportFunction function;
    private ReportService reports;
    private Map<String, Object> report;
    private Map<String, Object> snapshot;
    private AudienceReport sales;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void buildARealisticReport() throws Exception {
        Fixtures.ingest(config, SampleData.generate(WEEK, ZONE, NOW, 13, 14).events(), clock);
        // A finished HubSpot backfill, so that data_health.history has an entry with its keys.
        Wiring.backfillCursors(config, Engines.dynamo()).put("hubspot", Kind.BACKFILL, new Position(null, null, null,
                Instant.parse("2026-11-19T16:42:10Z"), Instant.parse("2026-11-19T16:03:00Z"), Instant.parse("2026-10-05T07:00:00Z")));
        function = Wiring.report(config, Engines.dynamo(), new SesMailSender(AwsClients.ses(config)), clock);
        reports = function.reports();
        sales = reports.prepare(reports.audience(Audience.Kind.SALES), WEEK);
        AudienceReport marketing = reports.prepare(reports.audience(Audience.Kind.MARKETING), WEEK);
        report = (Map<String, Object>) Json.parse(Json.document(ReportJson.withBriefings(reports.build(WEEK), List.of(sales, marketing))));
        snapshot = (Map<String, Object>) Json.parse(Json.document(ReportJson.of(sales, "subject")));
    }

    private static List<String> jsonBlocks() throws Exception {
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("docs/report-json.md")));
        List<String> blocks = new ArrayList<>();
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    /** Every key path of a JSON value: "ratios[].current.percent"; list elements pooled, {@code skip} subtrees left out. */
    private static TreeSet<String> paths(Object json, String at, List<String> skip) {
        TreeSet<String> out = new TreeSet<>();
        if (json instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String path = at.isEmpty() ? k.toString() : at + "." + k;
                out.add(path);
                if (!skip.contains(path)) out.addAll(paths(v, path, skip));
            });
        } else if (json instanceof List<?> list) {
            for (Object element : list) out.addAll(paths(element, at + "[]", skip));
        }
        return out;
    }

    private static void assertSameKeys(Object documented, Object real, List<String> skip) {
        TreeSet<String> doc = paths(documented, "", skip);
        TreeSet<String> actual = paths(real, "", skip);
        TreeSet<String> undocumented = new TreeSet<>(actual);
        undocumented.removeAll(doc);
        TreeSet<String> missing = new TreeSet<>(doc);
        missing.removeAll(actual);
        assertEquals(List.of(), List.copyOf(missing), "documented in docs/report-json.md but not in a real report");
        assertEquals(List.of(), List.copyOf(undocumented), "in a real report but not documented in docs/report-json.md");
    }

    @Test
    void theReportExampleHasExactlyTheKeysOfARealReport() throws Exception {
        List<String> skip = new ArrayList<>(KEYED_BY_DATA);
        // Each audience's briefing has the keys of its kinds: checked kind by kind below.
        skip.addAll(List.of("briefings.sales.action", "briefings.sales.findings", "briefings.marketing.action", "briefings.marketing.findings"));
        assertSameKeys(Json.parse(jsonBlocks().get(0)), report, skip);
    }

    @Test
    void theStoredSnapshotExampleHasExactlyTheKeysOfARealSnapshot() throws Exception {
        List<String> skip = new ArrayList<>(KEYED_BY_DATA);
        skip.add("report");
        // An action or finding has the keys of its kind: the kinds are checked one by one below.
        skip.addAll(List.of("briefing.action", "briefing.findings"));
        assertSameKeys(Json.parse(jsonBlocks().get(1)), snapshot, skip);
        Set<String> withoutBriefings = new TreeSet<>(report.keySet());
        withoutBriefings.remove("briefings");
        assertEquals(withoutBriefings, new TreeSet<>(((Map<?, ?>) snapshot.get("report")).keySet()),
                "the snapshot's report is the object above, less the briefings (the snapshot has its audience's own)");
    }

    /** One of each kind of action and finding, as ReportJson writes them, by kind. */
    private static Map<String, Map<String, Object>> everyBriefingKind() throws Exception {
        Band band = new Band(20, 30, "leads-to-close-ratio.txt");
        Ratio ratio = new Ratio(6, 48);
        List<Briefing.Finding> findings = List.of(
                new Briefing.HeadlineChange(RatioKind.MQL_TO_SQL, new Ratio(7, 22), new Ratio(17, 21), -49.2, false),
                new Briefing.HeadlineNotComparable(RatioKind.MQL_TO_SQL, new Ratio(0, 0), new Ratio(17, 21)),
                new Briefing.FirstPeriod(RatioKind.LEADS_TO_CLOSE, new Ratio(1, 4)),
                new Briefing.Standing(RatioKind.LEADS_TO_CLOSE, ratio, Verdict.BELOW, band, new BigDecimal(98000), new BigDecimal(80000), 122.5),
                new Briefing.SecondRatio(RatioKind.QUALIFIED_LEADS_TO_CLOSE, new Ratio(1, 4), Verdict.BELOW, new Band(30, 50, "qualified-leads-to-close.txt")),
                new Briefing.Cause(new Move(RatioKind.MQL_TO_SQL, "source", "webinar", new Ratio(9, 10), new Ratio(1, 11), new Ratio(7, 22), 68.2, -36.4)),
                new Briefing.NoSingleCause(RatioKind.MQL_TO_SQL));
        List<Briefing.Action> actions = List.of(
                new Briefing.RestoreData(LocalDate.parse("2026-11-20"), 12L, 120),
                new Briefing.QuietPeriod(LocalDate.parse("2026-11-22")),
                new Briefing.FollowUpWaiting(3, false, 3, "L-1004", "ana.garcia", 5),
                new Briefing.FixBottleneck(Stage.MQL, Stage.SQL, new Ratio(7, 22), new Ratio(40, 84), 15.8),
                new Briefing.BelowBand(RatioKind.LEADS_TO_CLOSE, ratio, band),
                new Briefing.ActOnWin("form", "demo-request", 30, 40, new Ratio(85, 146), Briefing.Advice.INCLUDE),
                new Briefing.TopDisqualificationReason("just researching", 7, 12),
                new Briefing.NeverWorked(2, false),
                new Briefing.KeepGoing());
        assertEquals(Set.of(Briefing.Action.class.getPermittedSubclasses()), actions.stream().map(Object::getClass).collect(Collectors.toSet()));
        assertEquals(Set.of(Briefing.Finding.class.getPermittedSubclasses()), findings.stream().map(Object::getClass).collect(Collectors.toSet()));
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        for (Briefing.Action action : actions) {
            Map<String, Object> json = ReportJson.briefing(new Briefing(action, findings), OwnerLabels.NONE);
            byKind.put("action " + kindOf(json.get("action")), asJson(json.get("action")));
            for (Object finding : (List<?>) json.get("findings")) byKind.put("finding " + kindOf(finding), asJson(finding));
        }
        return byKind;
    }

    private static String kindOf(Object json) {
        return (String) ((Map<?, ?>) json).get("kind");
    }

    /** Through the JSON text and back, as a reader gets it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJson(Object value) throws Exception {
        return (Map<String, Object>) Json.parse(Json.document(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> documentedBriefingKinds() throws Exception {
        Map<String, Object> doc = (Map<String, Object>) Json.parse(jsonBlocks().get(2));
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        for (String part : List.of("actions", "findings")) {
            for (Object example : (List<Object>) doc.get(part)) {
                byKind.put(part.substring(0, part.length() - 1) + " " + kindOf(example), (Map<String, Object>) example);
            }
        }
        return byKind;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKindOfTheBriefingIsDocumentedWithItsKeys() throws Exception {
        Map<String, Map<String, Object>> documented = documentedBriefingKinds();
        Map<String, Map<String, Object>> real = everyBriefingKind();
        assertEquals(real.keySet(), documented.keySet(), "the kinds of docs/report-json.md, \"The briefing\"");
        real.forEach((kind, json) -> assertSameKeys(documented.get(kind), json, List.of()));

        // The sample report's own briefing is made of documented kinds, each with its documented keys.
        Map<String, Object> briefing = (Map<String, Object>) snapshot.get("briefing");
        assertSameKeys(documented.get("action " + kindOf(briefing.get("action"))), briefing.get("action"), List.of());
        List<Object> findings = (List<Object>) briefing.get("findings");
        assertTrue(findings.size() >= 2, briefing.toString());
        for (Object finding : findings) assertSameKeys(documented.get("finding " + kindOf(finding)), finding, List.of());
    }

    /** A report sent through the report function, as {"fetch": true} returns it from the table. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> sentAndFetched(Period period) {
        ReportHandler handler = new ReportHandler(function);
        handler.handleRequest(Map.of("audience", "sales", "period", period.label()), null);
        Map<String, Object> fetched = handler.handleRequest(Map.of("fetch", true, "audience", "sales", "period", period.label()), null);
        return (Map<String, Object>) ((Map<String, Object>) fetched.get("snapshot")).get("report");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUndefinedValueIsNullNotAbsent() {
        // The sample starts 14 weeks back: the same week last year has no leads, so every comparison with it is undefined.
        Map<String, Object> sent = sentAndFetched(WEEK);
        Map<String, Object> leadsToClose = ((List<Map<String, Object>>) sent.get("ratios")).get(0);
        Map<String, Object> lastYear = ((List<Map<String, Object>>) leadsToClose.get("comparisons")).stream()
                .filter(c -> c.get("against").equals("same period last year")).findFirst().orElseThrow();
        Map<String, Object> value = (Map<String, Object>) lastYear.get("value");
        assertEquals(0, ((Number) value.get("denominator")).intValue());
        assertTrue(value.containsKey("percent") && value.get("percent") == null, value.toString());
        assertTrue(lastYear.containsKey("change_points") && lastYear.get("change_points") == null, lastYear.toString());

        // An empty week: no step has a median, no bottleneck, no lag observed; the keys are there, as null.
        Map<String, Object> empty = sentAndFetched(WEEK.shifted(-40));
        for (Map<String, Object> step : (List<Map<String, Object>>) empty.get("steps")) {
            assertTrue(step.containsKey("median_days") && step.get("median_days") == null, step.toString());
        }
        assertTrue(empty.containsKey("bottleneck") && empty.get("bottleneck") == null);
        Map<String, Object> lagged = (Map<String, Object>) empty.get("mql_to_sql_lagged");
        assertTrue(lagged.containsKey("median_mql_to_sql_days") && lagged.get("median_mql_to_sql_days") == null, lagged.toString());
    }

    @Test
    void theCsvHasOneRowPerRepRoleMetricAndValue() {
        // The sample's reps own their leads and their deals: under the default rule each has two lines.
        List<String> repRows = CsvExport.of(sales).lines().filter(l -> l.contains(",rep")).toList();
        List<String> keys = repRows.stream().map(l -> String.join(",", List.of(l.split(",")).subList(4, 8))).toList();
        assertEquals(new TreeSet<>(keys).size(), keys.size(), String.join("\n", repRows));
        assertTrue(keys.contains("close_rate,period,rep_sourced_by,ana.garcia") && keys.contains("close_rate,period,rep_closed_by,ana.garcia"), keys.toString());
    }
}
