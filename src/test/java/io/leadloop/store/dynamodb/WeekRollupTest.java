package io.leadloop.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.leadloop.funnel.CounterSpan;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.PeriodKind;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.local.SampleData;
import io.leadloop.report.ReportJson;
import io.leadloop.report.ReportService;
import io.leadloop.settings.Config;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.Contract;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The week roll-ups against DynamoDB Local: every week item holds exactly the sum of its seven day items, and a
 * report read from weeks is the report read from days, including on a table written before roll-ups existed.
 */
@Contract
class WeekRollupTest {

    private static final ZoneId ZONE = ZoneId.of("America/Mexico_City");
    private static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");
    private static final Period WEEK = Period.lastComplete(PeriodKind.WEEK, NOW, ZONE);

    private final Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
            StoreSettings.TIMEZONE, ZONE.getId()));
    private final Clock clock = Fixtures.clockAt(NOW);
    private final DynamoCounterHistory counters = Wiring.counterHistory(config, Engines.dynamo(), clock);
    private final String table = config.required(StoreSettings.TABLE, "t");

    private void ingestSixWeeks() {
        Fixtures.ingest(config, SampleData.generate(WEEK, ZONE, NOW, 11, 6).events(), clock);
    }

    @Test
    void eachWeekItemIsTheSumOfItsDays() {
        ingestSixWeeks();
        for (int back = 0; back < 6; back++) {
            Period week = WEEK.shifted(-back);
            Map<String, BigDecimal> rolled = counters.countersOf(List.of(CounterSpan.weekOf(week.start())))
                    .getOrDefault(CounterSpan.weekOf(week.start()), Map.of());
            PeriodCounts days = Fixtures.periodCounts(config, week);
            assertFalse(days.isEmpty(), week.label() + " has events");
            assertEquals(nonZero(days.totals()), nonZero(rolled), week.label());
        }
    }

    private static Map<String, BigDecimal> nonZero(Map<String, BigDecimal> counters) {
        Map<String, BigDecimal> out = new TreeMap<>(counters);
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    @Test
    void aReportFromWeeksIsTheReportFromDays() {
        ingestSixWeeks();
        Object fromWeeks = ReportJson.of(reports().build(WEEK));

        // As on a table written before roll-ups: they are complete only from a Monday after the history.
        Engines.dynamo().putItem(r -> r.tableName(table).item(Map.of("PK", AttributeValue.fromS("COUNTERS#WEEKS"),
                "SK", AttributeValue.fromS("SINCE"), "monday", AttributeValue.fromS("2027-01-04"))));
        assertEquals(fromWeeks, ReportJson.of(reports().build(WEEK)));
    }

    /** A new container's report service: it reads the roll-up marker afresh. */
    private ReportService reports() {
        return Wiring.reports(config, Engines.dynamo(), clock);
    }

    @Test
    void aTableWithoutTheMarkerTrustsWeeksOnlyFromNextMonday() {
        Engines.dynamo().deleteItem(r -> r.tableName(table).key(Keys.weekRollups()));

        // 30 November 2026 is a Monday (09:00 in Mexico City): the weeks from 7 December on are complete.
        assertEquals(LocalDate.parse("2026-12-07"), counters.weekRollupsFrom());
        DynamoCounterHistory later = Wiring.counterHistory(config, Engines.dynamo(), Fixtures.clockAt(NOW.plusSeconds(30L * 86_400)));
        assertEquals(LocalDate.parse("2026-12-07"), later.weekRollupsFrom(), "recorded once, then read");
    }

    @Test
    void aNewTableHasCompleteRollupsFromTheStart() {
        assertEquals(LocalDate.EPOCH, counters.weekRollupsFrom());
    }
}
