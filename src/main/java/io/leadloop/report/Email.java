package io.leadloop.report;

/** A rendered report: what the recipient sees. */
public record Email(String subject, String html, String text) {}
