package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Conversation;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.MessageStore;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a customer who will answer them, by name, on the channel they wrote on. Notices are a
 * courtesy: a failure to send one is logged and never fails the message that caused it.
 */
public final class CustomerNotices {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerNotices.class);

  private final Connectors connectors;
  private final MessageStore messages;
  private final Clock clock;

  public CustomerNotices(Connectors connectors, MessageStore messages, Clock clock) {
    this.connectors = connectors;
    this.messages = messages;
    this.clock = clock;
  }

  /** After a conversation got its agent (or did not): who answers. */
  public void whoAnswers(Customer customer, Conversation conversation, Optional<Agent> agent) {
    String text = agent.map(a -> a.name() + " will answer you.")
        .orElse("Thanks, we have your message. Our team is away right now; the first of us back will answer you here.");
    tell(customer, conversation, text, agent.map(Agent::name).orElse(null));
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
