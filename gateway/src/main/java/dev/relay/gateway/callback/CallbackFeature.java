package dev.relay.gateway.callback;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import java.time.Clock;

/**
 * Promised calls: {@link Callbacks} and its job. Its routes are the conversation's ("schedule a
 * callback"), mounted by the conversations feature; the widget asks through the chat adapter.
 */
public final class CallbackFeature {

  private final Callbacks callbacks;

  public CallbackFeature(Store store, Scheduler scheduler, AgentCalls calls, CustomerNotices notices, PhoneNumbers phones,
                         Clock clock) {
    callbacks = new Callbacks(store, scheduler, calls, notices, phones, clock);
    calls.handle(callbacks);
  }

  public Callbacks callbacks() {
    return callbacks;
  }
}
