package io.leadloop.funnel;

import java.util.List;

/** The breakdown dimensions every counter is kept by. */
public final class Dimension {
    private Dimension() {}

    public static final String SOURCE = "source";
    public static final String CAMPAIGN = "campaign";
    public static final String FORM = "form";
    /** The lead's owner for lead counters, the deal's owner for deal counters. */
    public static final String OWNER = "owner";
    /** On deal counters: the owner of the deal's lead, who sourced it (an SDR where an AE owns the deal). */
    public static final String LEAD_OWNER = "lead_owner";
    /** Whether the lead met the qualified-lead definition in force when it was created. */
    public static final String ICP_FIT = "icp_fit";
    public static final String SIZE = "size";
    public static final String INDUSTRY = "industry";
    public static final String TARGET_ACCOUNT = "target_account";
    /** The source of qualified leads only: the breakdown of qualified-leads-to-close. */
    public static final String QUALIFIED_SOURCE = "qualified_source";
    public static final String REASON = "reason";
    public static final String REP = "rep";
    public static final String DAYS = "days";
    /** On the counters of amounts no rate converted: the ISO code they are in. */
    public static final String CURRENCY = "currency";

    public static final List<String> BREAKDOWNS = List.of(SOURCE, CAMPAIGN, FORM, OWNER, ICP_FIT, SIZE, INDUSTRY, TARGET_ACCOUNT);
}
