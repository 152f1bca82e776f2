package dev.relay.gateway.assignment;

import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.HandsChanged;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.presence.Outlooks;
import dev.relay.gateway.presence.Presences;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/**
 * Who answers: the dedicated agent ({@link OwnerRouter}), the owner-away policy with its wait job
 * ({@link OwnerAbsence}), covered conversations back to their owner ({@link OwnerBack}), and
 * conversations that waited for anyone to come online ({@link WaitingAssigner}).
 */
public final class AssignmentFeature {

  private final OwnerRouter owners;
  private final OwnerAbsence absence;
  private final WaitingAssigner waiting;
  private final OwnerBack back;

  /** @param handBackQuiet how long a covered conversation is quiet after the teammate's reply before it goes back */
  public AssignmentFeature(Store store, Scheduler scheduler, AgentInbox inbox, HandsChanged handsChanged,
                           CustomerNotices notices, Callbacks callbacks, Presences presences, Outlooks outlooks,
                           GatewayMetrics metrics, Duration handBackQuiet, Clock clock) {
    owners = new OwnerRouter(store, presences, clock);
    back = new OwnerBack(store, scheduler, presences, handsChanged, notices, metrics, handBackQuiet, clock);
    absence = new OwnerAbsence(store, owners, scheduler, inbox, notices, outlooks, back, clock);
    waiting = new WaitingAssigner(store, owners, inbox, notices, callbacks);
    scheduler.handle(OwnerWait.JOB, absence);
    scheduler.handle(HandBack.JOB, back);
  }

  /** An agent became reachable: their covered conversations go back to them, then the waiting get a slot. */
  public Future<Void> cameBack(Agent agent) {
    return back.cameBack(agent).compose(v -> waiting.slotFreed());
  }

  public OwnerRouter owners() {
    return owners;
  }

  public OwnerAbsence absence() {
    return absence;
  }

  public OwnerBack back() {
    return back;
  }

  public WaitingAssigner waiting() {
    return waiting;
  }
}
