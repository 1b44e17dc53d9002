package io.leadloop.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.leadloop.config.Config;
import io.leadloop.config.Wiring;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.PeriodCounts;
import io.leadloop.funnel.StageCounts;
import io.leadloop.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared test inputs: the sample events in events/, fixed clocks, and the funnel counts a report would show. */
public final class Fixtures {
    private Fixtures() {}

    /** The moment the sample events in events/ were signed (2026-11-23T07:59:30Z) plus 30 s. */
    public static final Instant SIGNED_AT = Instant.parse("2026-11-23T08:00:00Z");

    public static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    public static APIGatewayV2HTTPEvent httpEvent(String file) {
        return EventLoader.loadApiGatewayHttpEvent(file);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonFile(String file) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the report would count for {@code period}, read from the store's daily counters. */
    public static StageCounts countsOf(Config config, Period period) {
        var store = Wiring.store(config, Engines.dynamo(), Clock.systemUTC());
        return StageCounts.of(PeriodCounts.sum(period, store.countersOf(period.days()).values()));
    }

    public static PeriodCounts periodCounts(Config config, Period period) {
        var store = Wiring.store(config, Engines.dynamo(), Clock.systemUTC());
        return PeriodCounts.sum(period, store.countersOf(period.days()).values());
    }
}
