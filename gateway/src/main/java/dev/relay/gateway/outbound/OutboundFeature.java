package dev.relay.gateway.outbound;

import dev.relay.gateway.presence.ResponseTimes;
import java.util.Set;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.Texts;
import java.time.Clock;

/**
 * What the gateway sends customers: agents' replies (and their retry job), notices ("Élodie will
 * answer you"), and the delivery reports that update both in the agent's timeline.
 */
public final class OutboundFeature {

  private final DeliveryTracker deliveries;
  private final CustomerNotices notices;
  private final Replies replies;

  public OutboundFeature(Store store, Connectors connectors, AgentInbox inbox, Scheduler scheduler, Texts texts,
                         ResponseTimes responseTimes, Set<String> unacknowledged, FileLinks links, Clock clock) {
    deliveries = new DeliveryTracker(store.messages(), inbox);
    notices = new CustomerNotices(connectors, store.messages(), texts, unacknowledged, clock);
    replies = new Replies(store, connectors, deliveries, scheduler, texts, responseTimes, links, clock);
    scheduler.handle(ReplyRetry.JOB, replies);
  }

  public DeliveryTracker deliveries() {
    return deliveries;
  }

  public CustomerNotices notices() {
    return notices;
  }

  public Replies replies() {
    return replies;
  }
}
