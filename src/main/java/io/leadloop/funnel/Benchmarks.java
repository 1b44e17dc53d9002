package io.leadloop.funnel;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Healthy bands per ratio. The default profile states what the domain texts say; the industry profiles shift it
 * the way the texts describe (enterprise lower, SaaS and e-commerce higher) and say that their numbers are our
 * assumption; a company's own targets override any profile.
 */
public record Benchmarks(String profile, Map<RatioKind, Band> bands) {

    private static final String TEXT = "leads-to-close-ratio.txt";

    public static final Benchmarks DEFAULT = profile("default");

    public static final Set<String> PROFILES = Set.of("default", "enterprise_b2b", "saas", "ecommerce");

    public Benchmarks {
        bands = bands.isEmpty() ? Map.of() : new EnumMap<>(bands);
    }

    public static Benchmarks profile(String name) {
        Map<RatioKind, Band> bands = new EnumMap<>(RatioKind.class);
        switch (name) {
            case "default" -> {
                bands.put(RatioKind.LEADS_TO_CLOSE, new Band(20, 30, TEXT + ": around 20% to 30% is healthy for most sales teams"));
                bands.put(RatioKind.QUALIFIED_LEADS_TO_CLOSE, new Band(30, 50, TEXT + ": teams aim for 30% to 50% of qualified leads"));
            }
            case "enterprise_b2b" -> {
                bands.put(RatioKind.LEADS_TO_CLOSE, new Band(10, 20, "enterprise profile (leadloop assumption): " + TEXT + " expects lower ratios for enterprise sales"));
                bands.put(RatioKind.QUALIFIED_LEADS_TO_CLOSE, new Band(20, 40, "enterprise profile (leadloop assumption), below the text's 30-50%"));
            }
            case "saas", "ecommerce" -> {
                bands.put(RatioKind.LEADS_TO_CLOSE, new Band(25, 40, name + " profile (leadloop assumption): " + TEXT + " expects higher ratios for high-volume sales"));
                bands.put(RatioKind.QUALIFIED_LEADS_TO_CLOSE, new Band(40, 60, name + " profile (leadloop assumption), above the text's 30-50%"));
            }
            default -> throw new IllegalArgumentException("unknown benchmark profile '" + name + "'; known: " + PROFILES);
        }
        return new Benchmarks(name, bands);
    }

    /** The company's own target replaces the profile's band for that ratio. */
    public Benchmarks withTarget(RatioKind kind, Band target) {
        Map<RatioKind, Band> bands = new EnumMap<>(RatioKind.class);
        bands.putAll(this.bands);
        bands.put(kind, target);
        return new Benchmarks(profile, bands);
    }

    public Optional<Band> bandFor(RatioKind kind) {
        return Optional.ofNullable(bands.get(kind));
    }
}
