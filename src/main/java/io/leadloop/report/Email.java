package io.leadloop.report;

import io.leadloop.settings.Language;

/**
 * A rendered email: what the recipient sees (the sender's display name, subject, HTML and plain-text parts) and the
 * CSV attached for analysts; {@link MimeMessage} puts them together.
 */
public record Email(String senderName, String subject, String html, String text, String csv, String csvFilename, Language language) {}
