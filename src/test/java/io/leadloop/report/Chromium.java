package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium}) as the tests drive it: one process per page, a fresh profile that is
 * deleted afterwards, and nothing reaching the network. Measurements are made by a wrapper page that loads each email
 * into an iframe of a given width ({@code srcdoc}, so the wrapper may read it), measures it with the DOM APIs and
 * writes the results into its own body, which {@code --dump-dom} prints.
 */
final class Chromium {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    static final String MISSING = "Chromium is not installed (looked for $LEADLOOP_CHROMIUM and " + CANDIDATES
            + "): the email rendering checks are skipped. Install it with `apt-get install -y chromium` to run them.";

    private final Path binary;
    private final Path work;

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The installed browser, or null. */
    static Chromium find(Path work) {
        String configured = System.getenv("LEADLOOP_CHROMIUM");
        Path binary = configured != null && Files.isExecutable(Path.of(configured)) ? Path.of(configured)
                : CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) return null;
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Chromium(binary, work);
    }

    /** What one email looks like in a frame of one width. */
    record Layout(String email, int frame, boolean dark, int documentWidth, List<String> pastRightEdge,
                  List<String> tooSmall, List<String> lowContrast, int textNodes) {}

    /**
     * Loads every email into a frame {@code width} px wide and measures it: the document's scroll width, the text that
     * ends past the frame's right edge, the text under 12 px, and the text whose contrast against its background is
     * under WCAG's 4.5:1 (3:1 for large text). With {@code dark} the browser prefers a dark colour scheme.
     */
    Map<String, Layout> measure(Map<String, String> emails, int width, boolean dark) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n");
        for (Map.Entry<String, String> e : emails.entrySet()) {
            page.append("<iframe scrolling=\"no\" data-name=\"").append(HtmlWriter.esc(e.getKey())).append("\" style=\"display:block;border:0;width:").append(width)
                    .append("px;height:12000px\" srcdoc=\"").append(HtmlWriter.esc(e.getValue())).append("\"></iframe>\n");
        }
        page.append("<script>\n").append(MEASURE).append("\n</script></body></html>\n");
        Path wrapper = work.resolve("measure-" + width + (dark ? "-dark" : "") + ".html");
        write(wrapper, page.toString());
        List<String> flags = new ArrayList<>(List.of("--virtual-time-budget=10000", "--dump-dom"));
        if (dark) flags.add("--force-dark-mode");
        String dom = run(flags, wrapper, "measure-" + width + (dark ? "-dark" : ""));
        Map<String, Layout> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<pre class=\"m\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        while (m.find()) {
            Layout layout = parse(unescape(m.group(1)), width, dark);
            out.put(layout.email(), layout);
        }
        assertEquals(emails.keySet(), out.keySet(), "every email was measured; see " + work.resolve("chromium.log"));
        return out;
    }

    /** A screenshot of {@code html} at {@code width} px, cut below the email's end. */
    Path screenshot(String name, String html, int width, Path png) {
        Path page = work.resolve(name + ".html");
        write(page, html);
        run(List.of("--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + ",8000",
                "--screenshot=" + png.toAbsolutePath()), page, name);
        return png;
    }

    private String run(List<String> flags, Path page, String what) {
        Path profile;
        try {
            profile = Files.createTempDirectory("leadloop-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
            command.addAll(flags);
            command.add(page.toAbsolutePath().toUri().toString());
            Path stdout = work.resolve(what + ".out");
            File log = work.resolve("chromium.log").toFile();
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("chromium did not finish " + what + " within 120 s; see " + log);
            }
            assertEquals(0, process.exitValue(), "chromium failed on " + what + "; see " + log);
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!Files.exists(dir), "the browser profile " + dir + " was removed");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the wrapper's output: "name", "width", "dark", then "overflow|small|contrast<TAB>detail" lines. */
    private static Layout parse(String block, int frame, boolean dark) {
        String[] lines = block.split("\n");
        List<String> overflow = new ArrayList<>();
        List<String> small = new ArrayList<>();
        List<String> contrast = new ArrayList<>();
        for (int i = 4; i < lines.length; i++) {
            String[] parts = lines[i].split("\t", 2);
            switch (parts[0]) {
                case "overflow" -> overflow.add(parts[1]);
                case "small" -> small.add(parts[1]);
                case "contrast" -> contrast.add(parts[1]);
                default -> { }
            }
        }
        boolean darkApplied = Boolean.parseBoolean(lines[2]);
        assertEquals(dark, darkApplied, "prefers-color-scheme: dark matched in the frame");
        return new Layout(lines[0], frame, dark, Integer.parseInt(lines[1]), overflow, small, contrast, Integer.parseInt(lines[3]));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }

    private static final String MEASURE = """
            function rgba(text) {
              var m = text.match(/rgba?\\(([^)]+)\\)/);
              if (!m) return null;
              var p = m[1].split(/[ ,\\/]+/).filter(function (x) { return x.length; }).map(Number);
              return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
            }
            function luminance(c) {
              function ch(v) { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
              return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
            }
            function background(el, win, canvas) {
              for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
                var c = rgba(win.getComputedStyle(e).backgroundColor);
                if (c && c.a > 0.5) return c;
              }
              return canvas;
            }
            function measure(frame) {
              var d = frame.contentDocument, win = frame.contentWindow, width = frame.clientWidth;
              var probe = d.createElement('div');
              probe.style.backgroundColor = 'Canvas';
              d.body.appendChild(probe);
              var canvas = rgba(win.getComputedStyle(probe).backgroundColor);
              probe.remove();
              var lines = [frame.getAttribute('data-name'), String(d.documentElement.scrollWidth),
                           String(win.matchMedia('(prefers-color-scheme: dark)').matches)];
              var out = [], count = 0;
              var walker = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
              for (var node = walker.nextNode(); node; node = walker.nextNode()) {
                var text = node.textContent.replace(/\\s+/g, ' ').trim();
                if (!text) continue;
                var range = d.createRange();
                range.selectNodeContents(node);
                var rects = Array.prototype.filter.call(range.getClientRects(), function (r) { return r.width > 0 && r.height > 0; });
                if (!rects.length) continue;
                count++;
                var el = node.parentElement, style = win.getComputedStyle(el);
                var right = range.getBoundingClientRect().right;
                if (right > width + 0.5) out.push('overflow\\t' + Math.round(right) + ' px: ' + text.slice(0, 80));
                var size = parseFloat(style.fontSize);
                if (size < 12) out.push('small\\t' + size + ' px: ' + text.slice(0, 80));
                var fg = rgba(style.color), bg = background(el, win, canvas);
                var l1 = luminance(fg), l2 = luminance(bg);
                var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                var large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
                if (ratio < (large ? 3 : 4.5)) out.push('contrast\\t' + ratio.toFixed(2) + ':1 (' + style.color + ' on rgb(' + bg.r + ', ' + bg.g + ', ' + bg.b + ')): ' + text.slice(0, 80));
              }
              lines.push(String(count));
              var pre = document.createElement('pre');
              pre.className = 'm';
              pre.textContent = lines.concat(out).join('\\n');
              document.body.appendChild(pre);
            }
            window.addEventListener('load', function () {
              Array.prototype.forEach.call(document.querySelectorAll('iframe'), measure);
              Array.prototype.forEach.call(document.querySelectorAll('iframe'), function (f) { f.remove(); });
            });
            """;
}
