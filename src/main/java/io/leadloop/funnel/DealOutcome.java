package io.leadloop.funnel;

public enum DealOutcome { OPEN, WON, LOST }
