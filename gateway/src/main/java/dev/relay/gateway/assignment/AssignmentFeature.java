package dev.relay.gateway.assignment;

import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.presence.Outlooks;
import dev.relay.gateway.presence.Presences;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import java.time.Clock;

/**
 * Who answers: the dedicated agent ({@link OwnerRouter}), the owner-away policy with its wait job
 * ({@link OwnerAbsence}), and conversations that waited for anyone to come online
 * ({@link WaitingAssigner}).
 */
public final class AssignmentFeature {

  private final OwnerRouter owners;
  private final OwnerAbsence absence;
  private final WaitingAssigner waiting;

  public AssignmentFeature(Store store, Scheduler scheduler, AgentInbox inbox, CustomerNotices notices,
                           Callbacks callbacks, Presences presences, Outlooks outlooks, Clock clock) {
    owners = new OwnerRouter(store, presences, clock);
    absence = new OwnerAbsence(store, owners, scheduler, inbox, notices, outlooks, clock);
    waiting = new WaitingAssigner(store, owners, inbox, notices, callbacks);
    scheduler.handle(OwnerWait.JOB, absence);
  }

  public OwnerRouter owners() {
    return owners;
  }

  public OwnerAbsence absence() {
    return absence;
  }

  public WaitingAssigner waiting() {
    return waiting;
  }
}
