package dev.relay.gateway.followup;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;

/** The check-in after a resolution: {@link FollowUps} and its job. No routes: agents see the job in the timeline. */
public final class FollowUpFeature {

  private final FollowUps followUps;

  public FollowUpFeature(Store store, Scheduler scheduler, AgentCalls calls) {
    followUps = new FollowUps(store, scheduler, calls.windows());
    calls.handle(followUps);
  }

  public FollowUps followUps() {
    return followUps;
  }
}
