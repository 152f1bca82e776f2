package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Conversation;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.presence.Outlook;
import dev.relay.gateway.store.MessageStore;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.texts.Texts;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a customer who will answer them, by name, and when, on the channel they wrote on, in their
 * language. Notices are a courtesy: a failure to send one is logged and never fails the message that caused it.
 */
public final class CustomerNotices {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerNotices.class);

  private final Connectors connectors;
  private final MessageStore messages;
  private final Texts texts;
  private final Set<String> unacknowledged;
  private final Clock clock;

  /** @param unacknowledged channels whose customers get no acknowledgement (an SMS segment costs money) */
  public CustomerNotices(Connectors connectors, MessageStore messages, Texts texts, Set<String> unacknowledged,
                         Clock clock) {
    this.connectors = connectors;
    this.messages = messages;
    this.texts = texts;
    this.unacknowledged = Set.copyOf(unacknowledged);
    this.clock = clock;
  }

  /**
   * The acknowledgement of a new conversation (or of one that just got its agent): who answers and
   * when, with a time in the customer's zone when it is known. Sent once per conversation by its callers.
   */
  public void whoAnswers(Customer customer, Conversation conversation, Outlook outlook) {
    if (unacknowledged.contains(conversation.channel())) {
      return;
    }
    AnswerTexts.Text text = AnswerTexts.of(outlook, customer, conversation.channel(), texts.localeOf(customer),
        clock.instant());
    tell(customer, conversation, text.key(), text.arguments(), outlook.agentName());
  }

  /**
   * Sends the text {@code key} to the customer, in their language, on the conversation's channel,
   * naming {@code agentName} as who answers.
   */
  public void tell(Customer customer, Conversation conversation, TextKey key, Map<String, ?> arguments, String agentName) {
    if (!customer.hasOptedOut(conversation.channel())) {
      send(customer, conversation, texts.forCustomer(customer, key, arguments), agentName, OutboundMessage.Kind.NOTICE);
    }
  }

  /** The satisfaction question, naming {@code agentName}: the chat widget offers the scores as buttons too. */
  public void askSurvey(Customer customer, Conversation conversation, String agentName) {
    if (!customer.hasOptedOut(conversation.channel())) {
      send(customer, conversation, texts.forCustomer(customer, TextKey.SURVEY_QUESTION, Map.of("agent", agentName)),
          agentName, OutboundMessage.Kind.SURVEY);
    }
  }

  /**
   * The answer a carrier keyword is due (ARRET, AIDE), in {@code locale}: sent even though the
   * customer just opted out, as the one text that confirms it.
   */
  public void answerKeyword(Customer customer, Conversation conversation, TextKey key, Locale locale) {
    send(customer, conversation, texts.format(locale, key, Map.of()), null, OutboundMessage.Kind.NOTICE);
  }

  private void send(Customer customer, Conversation conversation, String text, String agentName, OutboundMessage.Kind kind) {
    connectors.get(conversation.channel()).ifPresent(connector -> {
      if (customer.addressOfKind(connector.addressKind()) == null) {
        return;
      }
      // To the address the customer last wrote from, in that mail's thread; a notice copies nobody.
      Recipients.choose(messages, conversation, customer, connector, null)
          .compose(chosen -> connector.send(new OutboundMessage(null, kind, chosen.to(),
              text, agentName, conversation.id(), clock.instant(), ThreadHints.answering(chosen.answered()),
              texts.wording(customer, agentName))))
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
