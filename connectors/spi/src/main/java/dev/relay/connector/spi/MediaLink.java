package dev.relay.connector.spi;

/** A file the channel keeps and links to (MMS media at Twilio), rather than handing over its bytes. */
public record MediaLink(String url, String contentType) {
}
