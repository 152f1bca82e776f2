package dev.relay.connector.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A delivery status notification (RFC 3464) about one of our mails: what happened to it, for whom,
 * and the server's own words. Only {@code failed} is a failure; {@code delayed} means the server is
 * still trying (Postfix says so after a few hours and delivers later); {@code delivered},
 * {@code relayed} and {@code expanded} are successes as far as the report can see.
 *
 * @param original  the Message-ID of our mail the report is about, or null when it does not say
 * @param recipient the recipient the report is about (the first one, or the first that failed), or null
 * @param reason    the diagnostic as the server wrote it, unfolded (several lines become one), or the status code
 */
record DeliveryReport(String original, Action action, String recipient, String reason) {

  enum Action { FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED }

  /** The worst per-recipient block decides: one failed recipient fails the report. */
  static DeliveryReport parse(String deliveryStatus) {
    DeliveryReport worst = null;
    String[] blocks = deliveryStatus.replace("\r\n", "\n").split("\n[ \t]*\n");
    for (int i = 1; i < blocks.length; i++) { // the first block is about the message, the others about recipients
      DeliveryReport one = recipientBlock(blocks[i]);
      if (one != null && (worst == null || one.action().compareTo(worst.action()) < 0)) {
        worst = one;
      }
    }
    return worst;
  }

  private static DeliveryReport recipientBlock(String block) {
    InternetHeaders fields;
    try {
      fields = new InternetHeaders(new ByteArrayInputStream((block.strip() + "\n\n").getBytes(StandardCharsets.UTF_8)));
    } catch (MessagingException e) {
      return null;
    }
    String action = fields.getHeader("Action", null);
    if (action == null) {
      return null;
    }
    Action parsed;
    try {
      parsed = Action.valueOf(action.strip().split("[\\s(]")[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String recipient = field(fields, "Final-Recipient");
    if (recipient == null) {
      recipient = field(fields, "Original-Recipient");
    }
    String diagnostic = field(fields, "Diagnostic-Code");
    String status = field(fields, "Status");
    String reason = diagnostic != null ? diagnostic : status == null ? null : "status " + status;
    return new DeliveryReport(null, parsed, recipient == null ? null : recipient.replaceFirst("(?i)^rfc822;\\s*", ""), reason);
  }

  DeliveryReport about(String originalMessageId) {
    return new DeliveryReport(originalMessageId, action, recipient, reason);
  }

  /** A field's value, its folded lines joined by single spaces. */
  private static String field(InternetHeaders fields, String name) {
    String value = fields.getHeader(name, " ");
    return value == null ? null : value.replaceAll("\\s+", " ").strip();
  }
}
