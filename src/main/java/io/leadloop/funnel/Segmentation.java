package io.leadloop.funnel;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How leads are grouped for breakdowns: company-size bands from the employee count, industry, ICP fit (the
 * qualified-lead definition), a target-account list for account-based marketing, and the extra attributes the
 * win/loss analysis looks at.
 */
public record Segmentation(List<Integer> sizeBandStarts, Set<String> targetAccounts, String accountAttribute,
                           List<String> analysisAttributes) {

    public static final Segmentation DEFAULT = new Segmentation(List.of(1, 50, 250, 1000), Set.of(), "company",
            List.of("country", "job_role"));

    public Segmentation {
        sizeBandStarts = sizeBandStarts.stream().sorted().toList();
        targetAccounts = targetAccounts.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        analysisAttributes = List.copyOf(analysisAttributes);
    }

    /** "50-249", "1000+", or null when the employee count is unknown. */
    public String sizeBand(LeadProfile profile) {
        BigDecimal employees = profile.number("employees");
        if (employees == null || sizeBandStarts.isEmpty()) return null;
        String band = null;
        for (int i = 0; i < sizeBandStarts.size(); i++) {
            int start = sizeBandStarts.get(i);
            if (employees.compareTo(BigDecimal.valueOf(start)) >= 0) {
                band = i + 1 < sizeBandStarts.size() ? start + "-" + (sizeBandStarts.get(i + 1) - 1) : start + "+";
            }
        }
        return band;
    }

    public boolean isTargetAccount(LeadProfile profile) {
        String account = profile.value(accountAttribute);
        return account != null && targetAccounts.contains(account.strip().toLowerCase(Locale.ROOT));
    }

    /** The breakdown values of a lead: every dimension the report can slice a ratio by. */
    public Map<String, String> dimensions(LeadProfile profile, boolean qualified) {
        Map<String, String> dims = new LinkedHashMap<>();
        dims.put(Dimension.SOURCE, profile.source());
        dims.put(Dimension.CAMPAIGN, profile.campaign());
        dims.put(Dimension.FORM, profile.form());
        dims.put(Dimension.OWNER, profile.owner());
        dims.put(Dimension.ICP_FIT, qualified ? "yes" : "no");
        dims.put(Dimension.SIZE, sizeBand(profile));
        dims.put(Dimension.INDUSTRY, profile.value("industry"));
        dims.put(Dimension.TARGET_ACCOUNT, isTargetAccount(profile) ? "yes" : "no");
        if (qualified) {
            // Lets "qualified leads to close by source" be read without a two-dimensional counter.
            dims.put(Dimension.QUALIFIED_SOURCE, profile.source());
        }
        return dims;
    }
}
