package io.leadloop.funnel;

/**
 * The breakdown value that explains most of a ratio's change since the previous period: {@code now} and
 * {@code before} are that group's own ratio, {@code overall} the whole period's, and {@code withoutChangePercent}
 * what the whole period's ratio would have been had this group performed as it did in the previous period.
 * {@code effectPoints} = overall − that, in percentage points.
 */
public record Move(RatioKind kind, String dimension, String value, Ratio before, Ratio now, Ratio overall,
                   double withoutChangePercent, double effectPoints) {}
