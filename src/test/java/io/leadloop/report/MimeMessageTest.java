package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadloop.settings.Language;
import io.leadloop.testing.Unit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The raw MIME message, written with the JDK alone: structure, encodings and the headers that matter. */
@Unit
class MimeMessageTest {

    private static final String HTML = "<p>Informe de marketing · semana 47 — MQL a SQL 35,7 % (10 / 28)</p>\n"
            + "<p>" + "a=b ".repeat(40) + "</p>\n.leading dot\ntrailing space \n";
    private static final Email EMAIL = new Email("leadloop · Informe de marketing", "Informe de marketing 2026-W47: MQL a SQL 35,7 % (10 / 28) — «no budget»",
            HTML, "Texto plano: ñandú, €, 😀\n", "\uFEFFaudience,period\r\nmarketing,2026-W47\r\n", "leadloop-marketing-report-2026-W47.csv",
            Language.ES);

    private static String message() {
        return new String(MimeMessage.build("leadloop@example.com", List.of("a@example.com", "b@example.com"), EMAIL,
                ZonedDateTime.parse("2026-11-23T09:00:00+01:00[Europe/Madrid]"), Map.of("X-Leadloop-Report", "marketing 2026-W47")),
                StandardCharsets.US_ASCII);
    }

    @Test
    void theMessageIsSevenBitWithShortLinesAndTheHeadersForInternalMail() {
        String m = message();
        String headers = m.substring(0, m.indexOf("\r\n\r\n"));

        assertTrue(m.chars().allMatch(c -> c < 128), "7-bit: everything non-ASCII is encoded");
        assertEquals(List.of(), m.lines().filter(l -> l.length() > 78).toList(), "no line over 78 characters");
        assertTrue(headers.contains("From: =?UTF-8?B?bGVhZGxvb3AgwrcgSW5mb3JtZSBkZSBtYXJrZXRpbmc=?=\r\n <leadloop@example.com>\r\n"),
                "the display name, non-ASCII, as an RFC 2047 encoded word: " + headers);
        assertTrue(headers.contains("To: a@example.com, b@example.com\r\n"));
        assertTrue(headers.contains("Date: Mon, 23 Nov 2026 08:00:00 GMT\r\n"));
        assertTrue(headers.contains("MIME-Version: 1.0\r\n"));
        assertTrue(headers.contains("Content-Language: es\r\n"));
        assertTrue(headers.contains("Auto-Submitted: auto-generated\r\n"), "RFC 3834: no auto-replies to a report");
        assertTrue(headers.contains("X-Auto-Response-Suppress: All\r\n"), "no out-of-office replies from Exchange");
        assertTrue(headers.contains("X-Leadloop-Report: marketing 2026-W47\r\n"));
        assertTrue(headers.contains("Content-Type: multipart/mixed;\r\n boundary=\"=_"));
        assertEquals(EMAIL.subject(), decodeSubject(headers));
    }

    @Test
    void plainTextAndHtmlAreAlternativesAndTheCsvIsANamedAttachment() {
        String m = message();
        int alternative = m.indexOf("Content-Type: multipart/alternative");
        int plain = m.indexOf("Content-Type: text/plain; charset=UTF-8");
        int html = m.indexOf("Content-Type: text/html; charset=UTF-8");
        int csv = m.indexOf("Content-Type: text/csv; charset=UTF-8;\r\n name=\"leadloop-marketing-report-2026-W47.csv\"");
        assertTrue(alternative > 0 && alternative < plain && plain < html && html < csv, "mixed(alternative(plain, html), csv)");
        assertTrue(m.contains("Content-Disposition: attachment;\r\n filename=\"leadloop-marketing-report-2026-W47.csv\""));

        assertEquals(EMAIL.text(), decodeQuotedPrintable(part(m, plain)));
        assertEquals(HTML, decodeQuotedPrintable(part(m, html)));
        String base64 = part(m, csv).replace("\r\n", "");
        assertEquals(EMAIL.csv(), new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    }

    @Test
    void quotedPrintableEscapesWhatMustBeEscaped() {
        String qp = MimeMessage.quotedPrintable("a=b ñ \n.x\nend ");
        assertEquals("a=3Db =C3=B1=20\r\n=2Ex\r\nend=20", qp, "'=', non-ASCII, spaces before a line end, a leading dot");
    }

    @Test
    void theSenderGetsADisplayNameUnlessItHasOne() {
        assertEquals("\"leadloop - Sales report\" <reports@example.com>", MimeMessage.mailbox("leadloop - Sales report", "reports@example.com"));
        assertEquals("\"say \\\"hi\\\"\" <r@example.com>", MimeMessage.mailbox("say \"hi\"", "r@example.com"));
        assertEquals("Sales Ops <ops@example.com>", MimeMessage.mailbox("leadloop · Informe de ventas", "Sales Ops <ops@example.com>"));
    }

    @Test
    void asciiSubjectsStayReadable() {
        assertEquals("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)",
                MimeMessage.encodeWord("Sales report 2026-W47: Leads-to-Close 25.0% (1 / 4)"));
    }

    /** The body of the part whose Content-Type header starts at {@code at}, up to the next boundary. */
    private static String part(String m, int at) {
        int start = m.indexOf("\r\n\r\n", at) + 4;
        int end = m.indexOf("\r\n--=_", start);
        return m.substring(start, end);
    }

    private static String decodeSubject(String headers) {
        Matcher subject = Pattern.compile("Subject: (.*?)\r\n(?! )", Pattern.DOTALL).matcher(headers + "\r\nX");
        assertTrue(subject.find());
        Matcher word = Pattern.compile("=\\?UTF-8\\?B\\?([^?]+)\\?=").matcher(subject.group(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int words = 0;
        while (word.find()) {
            out.writeBytes(Base64.getDecoder().decode(word.group(1)));
            words++;
        }
        assertTrue(words > 1, "a long subject is split into several encoded words");
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String decodeQuotedPrintable(String qp) {
        String joined = qp.replace("=\r\n", "").replace("\r\n", "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=') {
                out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
