package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.EndToEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every email of the sample (sales, marketing, the alert and the empty-period note, in English and Spanish)
 * says, read as its reader reads it: the plain-text part in a client that does not wrap, the opening, the Spanish.
 * The sample's week 47 has Leads-to-Close 8.3% (4 / 48) against 15.6% (7 / 45): a drop too small, on these counts,
 * to tell from chance.
 */
@EndToEnd
class EmailWordingTest {

    private static Map<String, Email> emails;

    @BeforeAll
    static void render() {
        emails = EmailScreenshotTest.sampleEmails();
    }

    @Test
    void everyTextPartHasShortLinesWholeRatiosAndNoColours() {
        Pattern colour = Pattern.compile("(?i)\\b(grey|gray|red|green|colou?r|bold|gris|rojo|verde|negrita)\\b");
        Pattern url = Pattern.compile("\\s*\\S+: https://\\S+");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Email> e : emails.entrySet()) {
            String text = e.getValue().text();
            text.lines().filter(l -> l.length() > 78 && !url.matcher(l).matches())
                    .forEach(l -> problems.add(e.getKey() + ": a line of " + l.length() + " characters: " + l));
            Matcher c = colour.matcher(text);
            while (c.find()) problems.add(e.getKey() + ": names a colour or style the text part cannot show: " + c.group());
            // Every ratio of the text, read with line breaks as spaces, is also on one line.
            Matcher ratio = Pattern.compile("\\d[\\d.,]* / \\d[\\d.,]*").matcher(text.replaceAll("\\s*\\n\\s*", " "));
            while (ratio.find()) {
                if (!text.contains(ratio.group())) problems.add(e.getKey() + ": the ratio " + ratio.group() + " is split across lines");
            }
            Matcher dashed = Pattern.compile("%\\s+-\\s+\\d").matcher(text);
            while (dashed.find()) problems.add(e.getKey() + ": counts after a dash instead of in brackets: " + dashed.group());
            for (String jargon : List.of("z-test", "test z", " pts", "within noise", "dentro del ruido")) {
                if (text.contains(jargon)) problems.add(e.getKey() + ": unexplained jargon '" + jargon + "'");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(emails.get("sales-en").text().contains("* Leads-to-Close: 8.3% (4 / 48)"), emails.get("sales-en").text());
    }

    @Test
    void aChangeThatCouldBeChanceIsCalledNoRealChangeAndNotExplained() {
        String text = flat(emails.get("sales-en").text());
        assertTrue(text.contains("Leads-to-Close was 8.3% (4 / 48) in week 47 against 15.6% (7 / 45) the week before: no real change, "
                + "since with this few cases a difference of this size can come from chance alone."), text);
        assertFalse(text.contains("The largest move"), "no cause is given for what may be chance");
        String es = flat(emails.get("sales-es").text());
        assertTrue(es.contains("no hay un cambio real"), es);
        assertFalse(es.contains("El mayor cambio"), es);
        assertFalse(flat(emails.get("alert-en").text()).contains("The largest move"), "nor does the alert: " + emails.get("alert-en").text());
    }

    @Test
    void theOpeningLeadsWithOneConcreteAction() {
        for (String name : List.of("sales-en", "sales-es", "marketing-en", "marketing-es")) {
            String text = emails.get(name).text();
            String afterSubtitle = text.lines().skip(3).findFirst().orElse("");
            assertTrue(afterSubtitle.equals("** What to do **") || afterSubtitle.equals("** Qué hacer **"), name + " opens with what to do:\n" + text);
            String action = text.substring(text.indexOf("**\n", text.indexOf("**") + 2) + 3).split("\n\n")[0];
            assertEquals(1, action.split("(?<=\\.)\\s").length, name + ": one action, in one sentence: " + action);
        }
        assertTrue(flat(emails.get("sales-en").text()).contains("** What to do ** Follow up the 2 qualified leads waiting more than 3 days;"),
                emails.get("sales-en").text());
    }

    @Test
    void theSpanishEmailsAreInSpanish() {
        for (String name : List.of("sales-es", "marketing-es", "alert-es", "no-data-es")) {
            Email email = emails.get(name);
            for (String part : List.of(email.text(), email.html())) {
                for (String english : List.of("consider", "leads with", "What to do", "make sure", "qualified-lead", "últimos 13 semanas")) {
                    assertFalse(part.contains(english), name + " has '" + english + "'");
                }
                assertFalse(Pattern.compile("\\d %").matcher(part).find(), name + ": a breakable space before %");
            }
        }
        assertTrue(emails.get("sales-es").text().contains("8,3\u00a0% (4 / 48)"), "a non-breaking space before %");
        assertTrue(emails.get("sales-es").text().contains("TENDENCIA, ÚLTIMAS 13 SEMANAS"), emails.get("sales-es").text());
    }

    @Test
    void moneyHasItsCurrencyAndLifetimeValueItsInputs() {
        String en = flat(emails.get("sales-en").text());
        assertTrue(en.contains("Customer lifetime value: €81,000 (average deal value €27,000 × 1 purchases a year × 3 years)"), en);
        assertTrue(flat(emails.get("sales-es").text()).contains("81.000\u00a0€ (valor medio por trato 27.000\u00a0€ × 1 compras al año × 3 años)"));
        assertTrue(en.contains("* Won value: €108,000, 135.0% of the €80,000 goal;"), en);
        assertTrue(en.contains("Open pipeline: €47,000 in 3 open deals"), en);
    }

    @Test
    void theOverallWinRateAWinningValueIsComparedWithKeepsItsCounts() {
        String en = flat(emails.get("marketing-en").text());
        assertTrue(en.contains("Win rate: 40.0% (12 / 30) (overall 58.2% (85 / 146))"), en);
        assertTrue(en.contains("closed 40.0% (12 / 30) of their deals, against 58.2% (85 / 146) overall"), en);
        String es = flat(emails.get("marketing-es").text());
        assertTrue(es.contains("40,0\u00a0% (12 / 30) (en total 58,2\u00a0% (85 / 146))"), es);
    }

    @Test
    void thePreheaderIsPaddedSoThePreviewStopsThere() {
        for (Map.Entry<String, Email> e : emails.entrySet()) {
            String html = e.getValue().html();
            Matcher hidden = Pattern.compile("<div style=\"display:none;[^\"]*\">([^<]*)</div>").matcher(html);
            assertTrue(hidden.find(), e.getKey() + " has a preheader");
            String preheader = hidden.group(1);
            assertTrue(preheader.endsWith(HtmlWriter.PREHEADER_PADDING), e.getKey() + ": invisible padding after the preview text");
            assertTrue(preheader.length() - HtmlWriter.PREHEADER_PADDING.length() > 20, e.getKey() + ": a preview text");
        }
    }

    private static String flat(String text) {
        return text.replaceAll("[ \\n]+", " ");
    }
}
