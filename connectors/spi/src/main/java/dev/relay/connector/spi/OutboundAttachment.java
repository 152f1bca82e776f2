package dev.relay.connector.spi;

import java.util.Objects;

/**
 * A file an agent sends with a reply. The gateway checked it as it checks what customers send
 * (size, type read from the bytes); the connector carries it as its channel does: e-mail attaches
 * {@code content}, web chat and MMS hand over {@code link}.
 *
 * @param contentType what the bytes are (sniffed by the gateway, not the name's extension)
 * @param link        an absolute URL the customer (or the provider, for MMS) downloads it from, or null
 *                    when the gateway has no public URL
 * @param content     the bytes; null where the channel only links to them (a chat message sent again on reconnection)
 */
public record OutboundAttachment(String filename, String contentType, long size, String link, byte[] content) {

  public OutboundAttachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
  }

  /** The line a channel that links writes under the text: "📎 facture.pdf (120 KB): https://…". */
  public String linkLine() {
    return "\uD83D\uDCCE " + filename + " (" + Math.max(1, Math.round(size / 1024.0)) + " KB): " + link;
  }
}
