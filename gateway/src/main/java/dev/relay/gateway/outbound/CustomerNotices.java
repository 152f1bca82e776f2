package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Conversation;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.presence.Outlook;
import dev.relay.gateway.store.MessageStore;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a customer who will answer them, by name, and when, on the channel they wrote on. Notices
 * are a courtesy: a failure to send one is logged and never fails the message that caused it.
 */
public final class CustomerNotices {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerNotices.class);

  private final Connectors connectors;
  private final MessageStore messages;
  private final Set<String> unacknowledged;
  private final Clock clock;

  /** @param unacknowledged channels whose customers get no acknowledgement (an SMS segment costs money) */
  public CustomerNotices(Connectors connectors, MessageStore messages, Set<String> unacknowledged, Clock clock) {
    this.connectors = connectors;
    this.messages = messages;
    this.unacknowledged = Set.copyOf(unacknowledged);
    this.clock = clock;
  }

  /**
   * The acknowledgement of a new conversation (or of one that just got its agent): who answers and
   * when, in the customer's zone when it is known. Sent once per conversation by its callers.
   */
  public void whoAnswers(Customer customer, Conversation conversation, Outlook outlook) {
    if (unacknowledged.contains(conversation.channel())) {
      return;
    }
    tell(customer, conversation, AnswerTexts.of(outlook, customerZone(customer), clock.instant()), outlook.agentName());
  }

  private static java.time.ZoneId customerZone(Customer customer) {
    try {
      return customer.timezone() == null ? null : java.time.ZoneId.of(customer.timezone());
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** Sends {@code text} to the customer on the conversation's channel, naming {@code agentName} as who answers. */
  public void tell(Customer customer, Conversation conversation, String text, String agentName) {
    if (customer.hasOptedOut(conversation.channel())) {
      return;
    }
    connectors.get(conversation.channel()).ifPresent(connector -> {
      Address to = customer.addressOfKind(connector.addressKind());
      if (to == null) {
        return;
      }
      ThreadHints.of(messages, conversation.id(), connector)
          .compose(thread -> connector.send(new OutboundMessage(null, OutboundMessage.Kind.NOTICE, to, text, agentName,
              conversation.id(), clock.instant(), thread)))
          .onFailure(err -> LOG.atWarn().addKeyValue("conversation", conversation.id())
              .addKeyValue("channel", conversation.channel()).setCause(err).log("notice not sent"));
    });
  }

  /** The agent is writing to, or has read, the customer: shown where the channel can (web chat), never stored. */
  public void agentActivity(Customer customer, Conversation conversation, String agentName,
                            Connector.AgentActivity activity) {
    connectors.get(conversation.channel()).ifPresent(connector -> {
      Address to = customer.addressOfKind(connector.addressKind());
      if (to != null) {
        connector.agentActivity(to, agentName, activity);
      }
    });
  }
}
