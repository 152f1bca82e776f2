package dev.relay.gateway.followup;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;

/** The check-in after a resolution: {@link FollowUps} and its job. No routes: agents see the job in the timeline. */
public final class FollowUpFeature {

  private final FollowUps followUps;

  /** @param recorded follow-up calls are recorded ({@code quality.recordCalls}) */
  public FollowUpFeature(Store store, Scheduler scheduler, AgentCalls calls, boolean recorded) {
    followUps = new FollowUps(store, scheduler, calls.windows(), recorded);
    calls.handle(followUps);
  }

  public FollowUps followUps() {
    return followUps;
  }
}
