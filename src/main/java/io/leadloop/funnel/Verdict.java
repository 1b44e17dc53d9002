package io.leadloop.funnel;

/** Where a ratio stands against its benchmark band. */
public enum Verdict { BELOW, WITHIN, ABOVE, NO_DATA, NO_BENCHMARK }
