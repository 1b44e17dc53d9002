package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.config.AwsClients;
import io.leadloop.config.Config;
import io.leadloop.config.Section;
import io.leadloop.config.Wiring;
import io.leadloop.funnel.Band;
import io.leadloop.funnel.Period;
import io.leadloop.funnel.RatioKind;
import io.leadloop.local.LocalMain;
import io.leadloop.local.SampleData;
import io.leadloop.testing.Engines;
import io.leadloop.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Renders the sample report's emails in a real browser engine: headless Chromium (Debian's {@code chromium})
 * loads each email's HTML and writes a screenshot. Runs where Chromium is installed (CI installs it) and is skipped
 * with a message elsewhere. {@code bin/screenshot-emails.sh} runs it with {@code -Dleadloop.screenshots.dir=docs/screenshots}
 * to refresh the screenshots the documentation shows.
 */
class EmailScreenshotTest {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    static Path chromium() {
        String configured = System.getenv("LEADLOOP_CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) return Path.of(configured);
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    @Test
    void theSampleReportsEmailsRenderInHeadlessChromium() throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (looked for $LEADLOOP_CHROMIUM and " + CANDIDATES
                + "): the email screenshot step is skipped. Install it with `apt-get install -y chromium` to run it.");

        Map<String, Email> emails = sampleEmails();
        Path dir = Path.of(System.getProperty("leadloop.screenshots.dir", "target/screenshots"));
        Path html = Path.of("target/screenshots/html");
        Files.createDirectories(dir);
        Files.createDirectories(html);
        for (Map.Entry<String, Email> e : emails.entrySet()) {
            Path page = html.resolve(e.getKey() + ".html");
            Files.writeString(page, e.getValue().html(), StandardCharsets.UTF_8);
            Path png = dir.resolve(e.getKey() + ".png");
            screenshot(chromium, page, png, 720);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(720, image.getWidth(), png + " width");
            assertTrue(image.getHeight() > 300, png + " has content: " + image.getHeight() + " px");
            assertTrue(distinctColours(image) > 8, png + " is not blank");
        }

    }

    /** The sample of `./leadloop demo` (13 weeks up to 2026-W47), rendered for each audience and language. */
    static Map<String, Email> sampleEmails() {
        Instant now = Fixtures.SIGNED_AT;
        Clock clock = Fixtures.clockAt(now);
        ZoneId zone = ZoneId.of("Europe/Madrid");
        Config config = Engines.freshConfig(Map.of(Wiring.GENERIC_SECRET, LocalMain.TEST_GENERIC_SECRET,
                Wiring.TIMEZONE, zone.getId(), Section.DOCUMENT, LocalMain.SAMPLE_SETTINGS));
        Period week = Period.parse("2026-W47");
        Fixtures.ingest(config, SampleData.generate(week, zone, now, 2026, LocalMain.DEMO_PERIODS).events(), clock);
        ReportService reports = Wiring.report(config, Engines.dynamo(), new Mailer(AwsClients.ses(config)), clock);

        Map<String, Email> emails = new LinkedHashMap<>();
        for (Audience a : reports.audiences()) {
            emails.put(a.id() + "-en", reports.render(reports.prepare(a, week)));
            Audience spanish = new Audience(a.kind(), a.recipients(), a.sender(), a.period(), Language.ES, a.zone(), a.alertBands());
            emails.put(a.id() + "-es", reports.render(reports.prepare(spanish, week)));
        }
        Audience sales = reports.audience(Audience.Kind.SALES);
        AudienceReport forAlert = reports.prepare(sales, week);
        emails.put("alert-en", reports.renderAlert(forAlert, RatioKind.LEADS_TO_CLOSE, new Band(20, 30, "leads-to-close-ratio.txt")));
        emails.put("no-data-en", reports.render(reports.prepare(sales, Period.parse("2026-W20"))));
        return emails;
    }

    /** Loads the page in headless Chromium at {@code width} px and keeps the screenshot down to the email's end. */
    static void screenshot(Path chromium, Path page, Path png, int width) throws Exception {
        Path profile = Files.createTempDirectory("leadloop-chromium");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=" + profile, "--window-size=" + width + ",6000",
                "--screenshot=" + png.toAbsolutePath(), page.toAbsolutePath().toUri().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("target/screenshots/chromium.log")).start();
        assertTrue(process.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS), "chromium did not finish within 90 s");
        assertEquals(0, process.exitValue(), "chromium failed; see target/screenshots/chromium.log");
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
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) colours.add(image.getRGB(x, y));
        }
        return colours.size();
    }
}
