package dev.relay.gateway.presence;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Reachability;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each agent's computed presence current. It is worked out again when something happens (a
 * desk opens or closes, the agent sets themselves away or available, their hours change) and at the
 * moments it changes by itself (the grace after the last desk closed, the end or start of their
 * working day), with one durable {@code presence-check} job per agent, so a replica that goes down
 * loses none. A change is stored, counted in {@code /metrics} and sent to the agent's open streams;
 * an agent who became reachable gets the customers waiting for someone.
 */
public final class PresenceWatch implements JobHandler {

  public static final String JOB = "presence-check";
  private static final Logger LOG = LoggerFactory.getLogger(PresenceWatch.class);

  private final AgentStore agents;
  private final Scheduler scheduler;
  private final Presences presences;
  private final DeskConnections desks;
  private final Signals signals;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final Reachable reachable;
  private Vertx vertx;
  private long heartbeat = -1;

  /** What follows an agent becoming reachable (assignment hands them the customers who wait). */
  @FunctionalInterface
  public interface Reachable {
    Future<Void> cameBack(Agent agent);
  }

  public PresenceWatch(AgentStore agents, Scheduler scheduler, Presences presences, DeskConnections desks,
                       Signals signals, GatewayMetrics metrics, Reachable reachable, Clock clock) {
    this.agents = agents;
    this.scheduler = scheduler;
    this.presences = presences;
    this.desks = desks;
    this.signals = signals;
    this.metrics = metrics;
    this.reachable = reachable;
    this.clock = clock;
    scheduler.handle(JOB, this);
  }

  /** Where an agent's open streams hear of their presence changes (a live frame, not an inbox event). */
  public static String address(String agentId) {
    return "relay.presence." + agentId;
  }

  /**
   * Refreshes {@code seenAt} for the agents connected here, often enough that another replica never
   * counts them gone; real time, because it stands for the connection being alive.
   */
  public void start(Vertx on) {
    vertx = on;
    long every = Math.max(1_000, presences.grace().toMillis() / 3);
    heartbeat = vertx.setPeriodic(every, id -> desks.agents().forEach(agentId -> agents.update(agentId, a -> a.seen(clock.instant()))
        .onFailure(err -> LOG.atDebug().addKeyValue("agent", agentId).setCause(err).log("desk heartbeat not stored"))));
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(heartbeat);
    }
  }

  /** A desk or stream of this agent opened on this replica. */
  public Future<Agent> deskOpened(String agentId) {
    desks.opened(agentId);
    return agents.update(agentId, a -> a.seen(clock.instant())).compose(a -> refresh(agentId));
  }

  /** One closed; when it was their last here, the grace starts now. */
  public Future<Agent> deskClosed(String agentId) {
    if (!desks.closed(agentId)) {
      return agents.get(agentId).map(Optional::orElseThrow);
    }
    return agents.update(agentId, a -> a.seen(clock.instant())).compose(a -> refresh(agentId));
  }

  /** Everyone's presence again (the company's or a team's hours changed). */
  public Future<Void> refreshAll() {
    return agents.list().compose(all -> Future.join(all.stream().map(a -> refresh(a.id())).toList())).mapEmpty();
  }

  /** Works the agent's presence out again now (after they or an admin changed something) and plans the next check. */
  public Future<Agent> refresh(String agentId) {
    return recompute(agentId).compose(agent -> {
      Optional<Instant> next = presences.nextChange(agent, clock.instant());
      String key = JOB + ":" + agentId;
      return scheduler.cancel(key)
          .compose(v -> next.isEmpty() ? Future.succeededFuture()
              : scheduler.schedule(JOB, key, next.get(), Map.of("agentId", agentId)))
          .map(agent);
    });
  }

  @Override
  public Future<Void> run(Job job) {
    return recompute(job.payload().get("agentId")).compose(agent -> presences.nextChange(agent, clock.instant())
        .map(JobHandler::postpone).orElse(Future.succeededFuture()));
  }

  private Future<Agent> recompute(String agentId) {
    Instant now = clock.instant();
    AtomicReference<Reachability> before = new AtomicReference<>();
    return agents.update(agentId, a -> {
      before.set(a.reachability());
      return a.withReachability(presences.of(a, now));
    }).compose(agent -> agent.reachability() == before.get() ? Future.succeededFuture(agent) : changed(agent, now));
  }

  private Future<Agent> changed(Agent agent, Instant now) {
    JsonObject frame = frame(agent, agent.reachability(), now);
    metrics.presenceChanged(frame.getString("state"));
    LOG.atInfo().addKeyValue("agent", agent.id()).addKeyValue("presence", frame.getString("state")).log("presence changed");
    signals.publish(address(agent.id()), frame.encode());
    if (agent.reachability() != Reachability.HERE) {
      return Future.succeededFuture(agent);
    }
    // Whatever happens to the customers who wait, the change itself is done.
    return reachable.cameBack(agent).transform(v -> Future.succeededFuture(agent));
  }

  /** The agent with their presence as it is this instant (the stored one may be a tick behind). */
  public Agent now(Agent agent) {
    return agent.withReachability(presences.of(agent, clock.instant()));
  }

  /** The presence frame an agent's stream starts with. */
  public JsonObject frameOf(Agent agent) {
    Instant now = clock.instant();
    return frame(agent, presences.of(agent, now), now);
  }

  /** {@code {"type":"presence","state":"closed","at":…,"back":…}}: {@code back} when they start work again. */
  private JsonObject frame(Agent agent, Reachability state, Instant now) {
    JsonObject frame = new JsonObject().put("type", "presence").put("state", state.name().toLowerCase(Locale.ROOT))
        .put("at", now.toString());
    presences.backAt(agent, now).ifPresent(back -> frame.put("back", back.toString()));
    return frame;
  }
}
