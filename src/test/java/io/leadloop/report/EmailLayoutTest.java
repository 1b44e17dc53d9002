package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.testing.Contract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every email of the sample (sales, marketing, the alert and the empty-period note, in English and Spanish) as a
 * reader sees it in a browser engine: in a 375 px frame (a phone) and a 640 px frame (a reading pane) the document is
 * no wider than the frame, no text ends past the frame's right edge and none is under 12 px; with the browser set to
 * prefer a dark colour scheme every text keeps a readable contrast (WCAG 4.5:1, 3:1 for large text) against the
 * background it is drawn on. Skipped, saying why, only where Chromium is not installed.
 */
@Contract
class EmailLayoutTest {

    private static Map<String, String> html;
    private static Chromium chromium;

    @BeforeAll
    static void render() {
        chromium = Chromium.find(Path.of("target/email-layout"));
        if (chromium == null) return;
        html = new java.util.LinkedHashMap<>();
        EmailScreenshotTest.sampleEmails().forEach((name, email) -> html.put(name, email.html()));
        assertEquals(8, html.size(), "sales, marketing, alert and no-data, each in en and es: " + html.keySet());
    }

    @Test
    void onAPhoneEveryEmailFitsIts375PxFrame() {
        fits(375);
    }

    @Test
    void inA640PxReadingPaneEveryEmailFits() {
        fits(640);
    }

    @Test
    void withADarkColourSchemeEveryTextStaysReadable() {
        Assumptions.assumeTrue(chromium != null, Chromium.MISSING);
        List<String> problems = new ArrayList<>();
        for (boolean dark : new boolean[] {false, true}) {
            for (Chromium.Layout l : chromium.measure(html, 375, dark).values()) {
                assertTrue(l.textNodes() > 3, l.email() + " has text to check: " + l.textNodes());
                l.lowContrast().forEach(p -> problems.add(l.email() + (dark ? " (dark)" : " (light)") + ": " + p));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void fits(int frame) {
        Assumptions.assumeTrue(chromium != null, Chromium.MISSING);
        List<String> problems = new ArrayList<>();
        StringBuilder widths = new StringBuilder();
        for (Chromium.Layout l : chromium.measure(html, frame, false).values()) {
            widths.append(l.email()).append(' ').append(l.documentWidth()).append(" px\n");
            assertTrue(l.textNodes() > 3, l.email() + " has text to check: " + l.textNodes());
            if (l.documentWidth() > frame) problems.add(l.email() + ": the document is " + l.documentWidth() + " px wide in a " + frame + " px frame");
            l.pastRightEdge().forEach(p -> problems.add(l.email() + ": text ends past the right edge at " + p));
            l.tooSmall().forEach(p -> problems.add(l.email() + ": text under 12 px, " + p));
        }
        System.out.println("Document widths in a " + frame + " px frame:\n" + widths);
        assertTrue(problems.isEmpty(), problems.size() + " problems at " + frame + " px:\n" + String.join("\n", problems));
    }
}
