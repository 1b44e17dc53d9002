package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.funnel.Band;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.RatioKind;
import io.leadloop.ingest.generic.GenericAdapter;
import io.leadloop.lambda.Wiring;
import io.leadloop.local.LocalMain;
import io.leadloop.local.SampleData;
import io.leadloop.settings.Audience;
import io.leadloop.settings.Config;
import io.leadloop.settings.Language;
import io.leadloop.settings.Section;
import io.leadloop.settings.StoreSettings;
import io.leadloop.testing.EndToEnd;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Renders the sample report's emails in a real browser engine: headless Chromium (Debian's {@code chromium})
 * loads each email's HTML and writes a screenshot. Runs where Chromium is installed (CI installs it) and is skipped
 * with a message elsewhere. {@code bin/screenshot-emails.sh} runs it with {@code -Dleadloop.screenshots.dir=docs/screenshots}
 * to refresh the screenshots the documentation shows.
 */
@EndToEnd
class EmailScreenshotTest {

    /** A phone and a reading pane: the widths the emails are judged at. */
    static final List<Integer> WIDTHS = List.of(375, 640);

    @Test
    void theSampleReportsEmailsRenderInHeadlessChromium() throws Exception {
        Chromium chromium = Chromium.find(Path.of("target/screenshots/html"));
        Assumptions.assumeTrue(chromium != null, Chromium.MISSING);

        String configured = System.getProperty("leadloop.screenshots.dir");
        Path dir = Path.of(configured == null ? "target/screenshots" : configured);
        Files.createDirectories(dir);
        Map<String, Email> emails = sampleEmails();
        // The documentation's set when asked for it; otherwise one email at both widths is proof enough that the
        // screenshot step works, and saves the suite a dozen browser starts (EmailLayoutTest measures them all).
        List<String> names = configured == null ? List.of("sales-es") : List.copyOf(emails.keySet());
        for (String name : names) {
            for (int width : WIDTHS) {
                Path png = dir.resolve(name + "-" + width + ".png");
                chromium.screenshot(name + "-" + width, emails.get(name).html(), width, png);
                crop(png);
                BufferedImage image = ImageIO.read(png.toFile());
                assertEquals(width, image.getWidth(), png + " width");
                assertTrue(image.getHeight() > 300, png + " has content: " + image.getHeight() + " px");
                assertTrue(distinctColours(image) > 8, png + " is not blank");
            }
        }
    }

    /** The sample of `./leadloop demo` (13 weeks up to 2026-W47), rendered for each audience and language. */
    static Map<String, Email> sampleEmails() {
        Instant now = Fixtures.SIGNED_AT;
        Clock clock = Fixtures.clockAt(now);
        ZoneId zone = ZoneId.of("Europe/Madrid");
        Config config = Engines.freshConfig(Map.of(GenericAdapter.SECRET, LocalMain.TEST_GENERIC_SECRET,
                StoreSettings.TIMEZONE, zone.getId(), Section.DOCUMENT, LocalMain.SAMPLE_SETTINGS));
        Period week = Period.parse("2026-W47");
        Fixtures.ingest(config, SampleData.generate(week, zone, now, 2026, LocalMain.DEMO_PERIODS).events(), clock);
        ReportService reports = Wiring.reports(config, Engines.dynamo(), clock);

        Map<String, Email> emails = new LinkedHashMap<>();
        for (Audience a : reports.audiences()) {
            emails.put(a.id() + "-en", reports.render(reports.prepare(a, week)));
            Audience spanish = new Audience(a.kind(), a.recipients(), a.sender(), a.period(), Language.ES, a.zone(), a.alertBands());
            emails.put(a.id() + "-es", reports.render(reports.prepare(spanish, week)));
        }
        Audience sales = reports.audience(Audience.Kind.SALES);
        AudienceReport forAlert = reports.prepare(sales, week);
        Audience salesEs = new Audience(sales.kind(), sales.recipients(), sales.sender(), sales.period(), Language.ES, sales.zone(),
                sales.alertBands());
        Band band = new Band(20, 30, "leads-to-close-ratio.txt");
        emails.put("alert-en", reports.renderAlert(forAlert, RatioKind.LEADS_TO_CLOSE, band));
        emails.put("alert-es", reports.renderAlert(reports.prepare(salesEs, week), RatioKind.LEADS_TO_CLOSE, band));
        emails.put("no-data-en", reports.render(reports.prepare(sales, Period.parse("2026-W20"))));
        emails.put("no-data-es", reports.render(reports.prepare(salesEs, Period.parse("2026-W20"))));
        return emails;
    }

    /** Keeps the screenshot down to the email's end. */
    private static void crop(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int background = image.getRGB(2, image.getHeight() - 2);
        int last = image.getHeight() - 1;
        while (last > 0 && rowIs(image, last, background)) last--;
        BufferedImage cropped = image.getSubimage(0, 0, image.getWidth(), Math.min(image.getHeight(), last + 24));
        ImageIO.write(cropped, "png", png.toFile());
    }

    private static boolean rowIs(BufferedImage image, int y, int colour) {
        for (int x = 0; x < image.getWidth(); x++) {
            if (image.getRGB(x, y) != colour) return false;
        }
        return true;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) colours.add(image.getRGB(x, y));
        }
        return colours.size();
    }
}
