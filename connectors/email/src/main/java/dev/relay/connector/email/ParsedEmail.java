package dev.relay.connector.email;

import dev.relay.connector.spi.SenderCheck;
import java.util.List;

/**
 * An inbound e-mail as Relay keeps it.
 *
 * @param text         what the agent reads first: the new text, quoted history and signature trimmed
 * @param fullText     the whole text as received (plain, or derived from the sanitised HTML)
 * @param html         the HTML part after sanitising, or null
 * @param copied       the other addresses the mail went to (To and Cc, ours and the sender's left out), lower case
 * @param token        the conversation id named by a {@code support+<token>@} recipient with a valid MAC, or null
 * @param automatic    why this mail is machine-sent (auto-reply, bulk, bounce, our own), or null
 * @param report       for a delivery status notification: what it says about which of our mails, or null
 * @param sender       what the receiving server's {@code Authentication-Results} said about the sender
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
    List<String> copied,
    String token,
    String automatic,
    DeliveryReport report,
    SenderCheck sender,
    List<Attachment> attachments,
    String language) {

  public ParsedEmail {
    references = List.copyOf(references);
    copied = List.copyOf(copied);
    attachments = List.copyOf(attachments);
    sender = sender == null ? SenderCheck.NONE : sender;
  }

  /** An attachment; {@code content} is null when it was larger than the limit and is not kept. */
  public record Attachment(String filename, String contentType, long size, byte[] content) {
  }
}
