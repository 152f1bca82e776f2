package dev.relay.connector.spi;

/**
 * The gateway's answer to an inbound message: it is stored, under this id.
 *
 * @param messageId      the stored message's id
 * @param conversationId the conversation it joined
 * @param duplicate      true when the channel had delivered it before and this copy was dropped
 */
public record InboundReceipt(String messageId, String conversationId, boolean duplicate) {
}
