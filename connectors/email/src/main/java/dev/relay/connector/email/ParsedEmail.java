package dev.relay.connector.email;

import java.util.List;

/**
 * An inbound e-mail as Relay keeps it.
 *
 * @param text         what the agent reads first: the new text, quoted history and signature trimmed
 * @param fullText     the whole text as received (plain, or derived from the sanitised HTML)
 * @param html         the HTML part after sanitising, or null
 * @param token        the conversation id named by a {@code support+<token>@} recipient, or null
 * @param automatic    why this mail is machine-sent (auto-reply, bulk, bounce, our own), or null
 * @param bounced      for a delivery failure report: the Message-ID of our mail that bounced, or null
 * @param bounceReason the report's diagnostic, or null
 * @param language     the first language its {@code Content-Language} names (Outlook's "fr-FR"), or null
 */
public record ParsedEmail(
    String messageId,
    String fromAddress,
    String fromName,
    String subject,
    String text,
    String fullText,
    String html,
    String inReplyTo,
    List<String> references,
    String token,
    String automatic,
    String bounced,
    String bounceReason,
    List<Attachment> attachments,
    String language) {

  public ParsedEmail {
    references = List.copyOf(references);
    attachments = List.copyOf(attachments);
  }

  /** An attachment; {@code content} is null when it was larger than the limit and is not kept. */
  public record Attachment(String filename, String contentType, long size, byte[] content) {
  }
}
