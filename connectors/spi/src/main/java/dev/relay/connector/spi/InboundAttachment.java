package dev.relay.connector.spi;

/**
 * A file that came with an inbound message.
 *
 * @param size    its size in bytes
 * @param content the bytes, or null when the file was over the channel's limit and is not kept
 */
public record InboundAttachment(String filename, String contentType, long size, byte[] content) {
}
