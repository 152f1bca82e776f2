package dev.relay.gateway.survey;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.Satisfaction;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.EventData;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a resolution, one short question on the customer's channel: how did the agent do, 1 to 5.
 * A score in answer ({@link Ratings}: "4", "4 étoiles", "quatre", "★★★★"…) (within {@link #ANSWER_WITHIN}, before anything else is said) is recorded
 * on the resolved conversation for its agent, and does not reopen it or cancel the follow-up;
 * anything else is an ordinary message. Asked once per conversation.
 */
public final class Surveys {

  static final Duration ANSWER_WITHIN = Duration.ofDays(7);
  private static final Logger LOG = LoggerFactory.getLogger(Surveys.class);

  private final Store store;
  private final CustomerNotices notices;
  private final AgentInbox inbox;
  private final boolean enabled;
  private final Clock clock;

  public Surveys(Store store, CustomerNotices notices, AgentInbox inbox, boolean enabled, Clock clock) {
    this.store = store;
    this.notices = notices;
    this.inbox = inbox;
    this.enabled = enabled;
    this.clock = clock;
  }

  /** Asks the customer of a conversation just resolved, naming its agent. */
  public Future<Void> afterResolution(Conversation resolved, Customer customer) {
    if (!enabled || resolved.agentId() == null || resolved.satisfaction() != null) {
      return Future.succeededFuture();
    }
    return store.agents().get(resolved.agentId()).compose(agent -> {
      if (agent.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      return store.conversations().update(resolved.id(), c -> c.surveyed(Satisfaction.asked(agent.get().id(), clock.instant())))
          .onSuccess(asked -> notices.askSurvey(customer, asked, agent.get().name()))
          .mapEmpty();
    });
  }

  /**
   * The survey this message answers, if it is an answer: a bare score while the customer's latest
   * conversation, resolved within {@link #ANSWER_WITHIN}, awaits one. Empty for an ordinary message.
   */
  public Future<Optional<Answer>> answerIn(Customer customer, InboundMessage in) {
    Optional<Integer> score = Ratings.score(in.text());
    if (!enabled || score.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Instant now = clock.instant();
    // Only the survey of the customer's latest conversation, while nothing is open, counts.
    return store.conversations().latestOf(customer.id()).map(latest -> {
      boolean awaited = latest.isPresent() && !latest.get().isOpen() && latest.get().satisfaction() != null
          && latest.get().satisfaction().score() == null
          && latest.get().satisfaction().askedAt().plus(ANSWER_WITHIN).isAfter(now);
      return awaited ? Optional.of(new Answer(latest.get(), score.get(), now)) : Optional.empty();
    });
  }

  /** The answer, stored in the surveyed conversation as {@code message}: scored, shown to the agent, thanked. */
  public Future<Void> record(Customer customer, Answer answer, Message message) {
    return store.conversations().update(answer.surveyed().id(),
            c -> c.surveyed(c.satisfaction().answered(answer.score(), answer.at())))
        .compose(rated -> inbox.publish(rated.satisfaction().agentId(), AgentInbox.MESSAGE_RECEIVED,
            EventData.message(message)).map(rated))
        .map(rated -> {
          LOG.atInfo().addKeyValue("conversation", rated.id()).addKeyValue("agent", rated.satisfaction().agentId())
              .addKeyValue("score", answer.score()).log("satisfaction recorded");
          notices.tell(customer, rated, TextKey.SURVEY_THANKS, Map.of(), null);
          return null;
        });
  }

  /** A message that answers the survey of {@code surveyed} with {@code score}, received {@code at}. */
  public record Answer(Conversation surveyed, int score, Instant at) {
  }
}
