package dev.relay.gateway.ops;

import java.time.Duration;

/**
 * What the gateway core counts. Components take it in their constructor and never null-check:
 * tests and tools pass {@link #NOOP}.
 */
public interface GatewayMetrics {

  GatewayMetrics NOOP = new GatewayMetrics() {
    @Override public void inboundStored(String channel, Duration elapsed, boolean duplicate) { }
    @Override public void eventPublished(String type) { }
    @Override public void eventsAcknowledged(int count) { }
    @Override public void streams(int delta) { }
    @Override public void jobRan(String kind, String outcome) { }
    @Override public void jobStarted(String kind, Duration late) { }
    @Override public void jobsWaiting(long due, long late) { }
    @Override public void routing(String outcome) { }
    @Override public void ruleDecision(boolean onWorker) { }
    @Override public void presenceChanged(String state) { }
    @Override public void firstResponse(Duration took) { }
    @Override public void firstResponseTarget(String team, String outcome) { }
    @Override public void handedBack(String team) { }
  };

  /** An inbound message was stored (or recognised as a duplicate) this long after it reached the gateway. */
  void inboundStored(String channel, Duration elapsed, boolean duplicate);

  /** An event entered an agent's inbox (the queue agents drain by acknowledging). */
  void eventPublished(String type);

  /** An agent acknowledged an event: it left the inbox. */
  void eventsAcknowledged(int count);

  /** Agent streams opened (+1) or closed (-1). */
  void streams(int delta);

  /** A scheduled job ran: {@code done}, {@code retry}, {@code postponed} or {@code failed}. */
  void jobRan(String kind, String outcome);

  /** A job was claimed this long after it was due. */
  void jobStarted(String kind, Duration late);

  /** Jobs pending now: due (their time has come) and late (due for over a minute: the scheduler lags). */
  void jobsWaiting(long due, long late);

  /**
   * A stored message's routing went wrong or was done again: {@code failed} (it keeps its note and
   * is retried), {@code retried} (routed late), {@code gone} (its message or customer was erased).
   */
  void routing(String outcome);
  /** The routing rules decided for a message: at once on the event loop, or on a worker (a large set). */
  void ruleDecision(boolean onWorker);

  /** An agent's computed presence changed to {@code state} ({@code here}, {@code away} or {@code closed}). */
  void presenceChanged(String state);

  /** An agent answered a conversation for the first time this long after the customer's first message. */
  void firstResponse(Duration took);

  /**
   * A first-response check came to a conclusion for a conversation of {@code team} (a team agents
   * belong to, {@code none} or {@code other}: a closed set): {@code met}, {@code at_risk} or {@code missed}.
   */
  void firstResponseTarget(String team, String outcome);

  /** A conversation a teammate covered went back to its owner, of {@code team} (bounded like targets). */
  void handedBack(String team);
}
