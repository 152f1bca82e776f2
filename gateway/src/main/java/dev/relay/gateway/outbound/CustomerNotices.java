package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Conversation;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.store.MessageStore;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.texts.Texts;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a customer who will answer them, by name, on the channel they wrote on, in their language.
 * Notices are a courtesy: a failure to send one is logged and never fails the message that caused it.
 */
public final class CustomerNotices {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerNotices.class);

  private final Connectors connectors;
  private final MessageStore messages;
  private final Texts texts;
  private final Clock clock;

  public CustomerNotices(Connectors connectors, MessageStore messages, Texts texts, Clock clock) {
    this.connectors = connectors;
    this.messages = messages;
    this.texts = texts;
    this.clock = clock;
  }

  /** After a conversation got its agent (or did not): who answers. */
  public void whoAnswers(Customer customer, Conversation conversation, Optional<Agent> agent) {
    if (agent.isPresent()) {
      tell(customer, conversation, TextKey.NOTICE_AGENT_ANSWERS, Map.of("agent", agent.get().name()), agent.get().name());
    } else {
      tell(customer, conversation, TextKey.NOTICE_TEAM_AWAY, Map.of(), null);
    }
  }

  /**
   * Sends the text {@code key} to the customer, in their language, on the conversation's channel,
   * naming {@code agentName} as who answers.
   */
  public void tell(Customer customer, Conversation conversation, TextKey key, Map<String, ?> arguments, String agentName) {
    if (!customer.hasOptedOut(conversation.channel())) {
      send(customer, conversation, texts.forCustomer(customer, key, arguments), agentName);
    }
  }

  /**
   * The answer a carrier keyword is due (ARRET, AIDE), in {@code locale}: sent even though the
   * customer just opted out, as the one text that confirms it.
   */
  public void answerKeyword(Customer customer, Conversation conversation, TextKey key, Locale locale) {
    send(customer, conversation, texts.format(locale, key, Map.of()), null);
  }

  private void send(Customer customer, Conversation conversation, String text, String agentName) {
    connectors.get(conversation.channel()).ifPresent(connector -> {
      Address to = customer.addressOfKind(connector.addressKind());
      if (to == null) {
        return;
      }
      ThreadHints.of(messages, conversation.id(), connector)
          .compose(thread -> connector.send(new OutboundMessage(null, OutboundMessage.Kind.NOTICE, to,
              text, agentName, conversation.id(), clock.instant(), thread, texts.wording(customer, agentName))))
          .onFailure(err -> LOG.atWarn().addKeyValue("conversation", conversation.id())
              .addKeyValue("channel", conversation.channel()).setCause(err).log("notice not sent"));
    });
  }

  /** Like {@link #tell}, with {@code at} as the text's moment ({@code due}, {@code minute}, {@code city}) in its zone. */
  public void tellWhen(Customer customer, Conversation conversation, TextKey key, Map<String, ?> arguments,
                       ZonedDateTime at, String agentName) {
    Map<String, Object> all = new HashMap<>(arguments);
    all.putAll(Texts.moment(at, texts.localeOf(customer)));
    tell(customer, conversation, key, all, agentName);
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
