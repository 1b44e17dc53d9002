package io.leadloop.report;

import io.leadloop.settings.Language;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an {@link Email} as a MIME message (RFC 5322, 2045–2047) with the JDK alone, for SES v2 SendEmail with Raw
 * content (the only content type that carries a CSV attachment with a chosen name and type):
 * <pre>
 * multipart/mixed
 * ├── multipart/alternative
 * │   ├── text/plain; charset=UTF-8   (quoted-printable)
 * │   └── text/html;  charset=UTF-8   (quoted-printable)
 * └── text/csv; name=leadloop-sales-2026-W47.csv (base64, attachment)
 * </pre>
 * Headers for internal mail: {@code Auto-Submitted: auto-generated} (RFC 3834: no auto-replies) and
 * {@code X-Auto-Response-Suppress: All} (Exchange/Outlook: no out-of-office replies), a {@code Date}, the
 * language; no tracking, no bulk-mail {@code Precedence}. SES adds the Message-ID and the DKIM signature.
 */
public final class MimeMessage {
    private MimeMessage() {}

    private static final String CRLF = "\r\n";

    /** The message's bytes; {@code extraHeaders} are added as given (ASCII names and values). */
    public static byte[] build(String from, List<String> to, Email email, ZonedDateTime date, Map<String, String> extraHeaders) {
        // "=_" never occurs in quoted-printable or base64 output, so these boundaries cannot collide with content.
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String mixed = "=_mixed_" + id;
        String alternative = "=_alt_" + id;
        StringBuilder m = new StringBuilder(email.html().length() + email.text().length() + email.csv().length() * 2 + 2048);
        header(m, "From", mailbox(email.senderName(), from));
        header(m, "To", String.join(", ", to));
        header(m, "Subject", encodeWord(email.subject()));
        header(m, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.withZoneSameInstant(ZoneOffset.UTC)));
        header(m, "MIME-Version", "1.0");
        header(m, "Content-Language", email.language().tag());
        header(m, "Auto-Submitted", "auto-generated");
        header(m, "X-Auto-Response-Suppress", "All");
        extraHeaders.forEach((name, value) -> header(m, name, value));
        m.append("Content-Type: multipart/mixed;").append(CRLF).append(" boundary=\"").append(mixed).append('"').append(CRLF);
        m.append(CRLF).append("This is a multi-part message in MIME format.").append(CRLF);

        m.append("--").append(mixed).append(CRLF);
        m.append("Content-Type: multipart/alternative;").append(CRLF).append(" boundary=\"").append(alternative).append('"').append(CRLF).append(CRLF);
        m.append("--").append(alternative).append(CRLF);
        part(m, "text/plain; charset=UTF-8", null, quotedPrintable(email.text()));
        m.append("--").append(alternative).append(CRLF);
        part(m, "text/html; charset=UTF-8", null, quotedPrintable(email.html()));
        m.append("--").append(alternative).append("--").append(CRLF);

        m.append("--").append(mixed).append(CRLF);
        String name = email.csvFilename();
        m.append("Content-Type: text/csv; charset=UTF-8;").append(CRLF).append(" name=\"").append(name).append('"').append(CRLF);
        m.append("Content-Disposition: attachment;").append(CRLF).append(" filename=\"").append(name).append('"').append(CRLF);
        m.append("Content-Transfer-Encoding: base64").append(CRLF).append(CRLF);
        m.append(Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                .encodeToString(email.csv().getBytes(StandardCharsets.UTF_8))).append(CRLF);
        m.append("--").append(mixed).append("--").append(CRLF);
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void part(StringBuilder m, String contentType, String disposition, String body) {
        m.append("Content-Type: ").append(contentType).append(CRLF);
        if (disposition != null) m.append("Content-Disposition: ").append(disposition).append(CRLF);
        m.append("Content-Transfer-Encoding: quoted-printable").append(CRLF).append(CRLF);
        m.append(body).append(CRLF);
    }

    /** A header line folded at commas or spaces so that no line exceeds 78 characters where it can be helped. */
    private static void header(StringBuilder m, String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + " must not contain line breaks");
        }
        StringBuilder line = new StringBuilder(name).append(": ");
        int lineStart = 0;
        for (String word : value.split(" ")) {
            if (line.length() - lineStart + word.length() + 1 > 78 && line.length() - lineStart > name.length() + 2) {
                if (line.charAt(line.length() - 1) == ' ') line.setLength(line.length() - 1);
                line.append(CRLF).append(' ');
                lineStart = line.length() - 1;
            }
            line.append(word).append(' ');
        }
        line.setLength(line.length() - 1);
        m.append(line).append(CRLF);
    }

    /**
     * "leadloop reports <reports@example.com>": the address with a display name (RFC 5322 §3.4), as a quoted
     * string when it is ASCII, as encoded words (RFC 2047 §5) when it is not. A sender configured with its own
     * display name ("Sales Ops <ops@example.com>") is kept as given.
     */
    static String mailbox(String displayName, String address) {
        if (address.contains("<") || displayName == null || displayName.isBlank()) return address;
        boolean ascii = displayName.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        String phrase = ascii ? "\"" + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : encodeWord(displayName);
        return phrase + " <" + address.strip() + ">";
    }

    /**
     * RFC 2047 encoded words for non-ASCII text (UTF-8, base64), each short enough for a 78-character line and never splitting a
     * character; plain ASCII is left readable.
     */
    static String encodeWord(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) return text;
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            int size = ch.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > 39) {
                words.add(b(chunk.toString()));
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.append(ch);
            bytes += size;
            i += Character.charCount(cp);
        }
        if (chunk.length() > 0) words.add(b(chunk.toString()));
        return String.join(" ", words);
    }

    private static String b(String s) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /**
     * Quoted-printable (RFC 2045 §6.7) of UTF-8 text: line ends become CRLF, lines stay within 76 characters with
     * soft breaks, '=' and non-ASCII bytes are escaped, as are spaces before a line end and a leading '.'.
     */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8);
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int l = 0; l < lines.length; l++) {
            byte[] bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int column = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean last = i == bytes.length - 1;
                String token;
                if ((b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last)) {
                    token = (b == '.' && column == 0) ? "=2E" : String.valueOf((char) b);
                } else {
                    token = String.format(Locale.ROOT, "=%02X", b);
                }
                if (column + token.length() > 75) {
                    out.append('=').append(CRLF);
                    column = 0;
                    if (token.equals(".")) token = "=2E";
                }
                out.append(token);
                column += token.length();
            }
            if (l < lines.length - 1) out.append(CRLF);
        }
        return out.toString();
    }
}
