package dev.relay.gateway.conversations;

import dev.relay.gateway.agents.HandOver;
import dev.relay.gateway.assignment.WaitingAssigner;
import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.followup.FollowUps;
import dev.relay.gateway.outbound.Replies;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.survey.Surveys;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * The agent's conversations: list, read, reply, internal notes, resolve (then follow-up and survey),
 * reopen, callbacks, the customer's profile, transfer to a teammate.
 */
public final class ConversationsFeature {

  private final Store store;
  private final ConversationService service;
  private final Replies replies;
  private final Callbacks callbacks;
  private final Transfers transfers;

  public ConversationsFeature(Store store, Replies replies, FollowUps followUps, Callbacks callbacks, Surveys surveys,
                              WaitingAssigner waiting, HandOver handOver, Clock clock) {
    this.store = store;
    this.service = new ConversationService(store, followUps, surveys, waiting, clock);
    this.replies = replies;
    this.callbacks = callbacks;
    this.transfers = new Transfers(service, handOver, store.agents(), waiting);
  }

  public ConversationService service() {
    return service;
  }

  /** After authentication. */
  public void mount(Router router) {
    new ConversationRoutes(service, replies, callbacks, store.agents(), transfers).mount(router);
  }
}
