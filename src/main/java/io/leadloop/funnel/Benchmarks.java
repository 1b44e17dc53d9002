package io.leadloop.funnel;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Healthy bands per ratio. The defaults are the ones the domain texts state; ratios without one get none. */
public record Benchmarks(Map<RatioKind, Band> bands) {

    public static final Benchmarks DEFAULT = new Benchmarks(Map.of(
            RatioKind.LEADS_TO_CLOSE, new Band(20, 30,
                    "leads-to-close-ratio.txt: around 20% to 30% is healthy for most sales teams")));

    public Benchmarks {
        bands = new EnumMap<>(bands.isEmpty() ? Map.of() : bands);
    }

    public Optional<Band> bandFor(RatioKind kind) {
        return Optional.ofNullable(bands.get(kind));
    }
}
