package dev.relay.gateway.ops;

import dev.relay.gateway.store.StoreMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * {@code relay_inbound_stored_seconds}, {@code relay_inbox_events_published_total},
 * {@code relay_inbox_events_acknowledged_total}, {@code relay_agent_streams}, {@code relay_jobs_ran_total} (fired = done,
 * failed, retry, postponed), {@code relay_jobs_lateness_seconds}, {@code relay_jobs_due},
 * {@code relay_jobs_late}, {@code relay_rules_decisions_total{where}} (event_loop, worker),
 * {@code relay_presence_changes_total} (state = here, away, closed), {@code relay_first_response_seconds};
 * the embedded store's writer: {@code relay_store_writer_queue}, {@code relay_store_commit_seconds},
 * {@code relay_store_commit_writes} (writes per group commit).
 * The inbox backlog is published minus acknowledged.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics, StoreMetrics {

  private final MeterRegistry registry;
  private final Counter acknowledged;
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicLong jobsDue = new AtomicLong();
  private final AtomicLong jobsLate = new AtomicLong();
  private final Timer commits;
  private final DistributionSummary commitWrites;

  public MicrometerGatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.acknowledged = Counter.builder("relay.inbox.events.acknowledged")
        .description("Agent events acknowledged (removed from inboxes)").register(registry);
    registry.gauge("relay.agent.streams", Tags.empty(), streams);
    Gauge.builder("relay.jobs.due", jobsDue, AtomicLong::get).description("Pending jobs whose time has come")
        .register(registry);
    Gauge.builder("relay.jobs.late", jobsLate, AtomicLong::get)
        .description("Pending jobs due for over a minute (the scheduler lags)").register(registry);
    this.commits = Timer.builder("relay.store.commit")
        .description("The embedded store's group commits: running their writes and committing them to the file")
        .publishPercentileHistogram().register(registry);
    this.commitWrites = DistributionSummary.builder("relay.store.commit.writes")
        .description("Writes committed together by one group commit of the embedded store").register(registry);
  }

  @Override
  public void writerQueue(IntSupplier waiting) {
    Gauge.builder("relay.store.writer.queue", waiting, IntSupplier::getAsInt)
        .description("Writes waiting for the embedded store's writer").register(registry);
  }

  @Override
  public void committed(int writes, long nanos) {
    commits.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    commitWrites.record(writes);
  }

  @Override
  public void inboundStored(String channel, Duration elapsed, boolean duplicate) {
    Timer.builder("relay.inbound.stored").description("From receipt to durable storage of an inbound message")
        .tags("channel", channel, "duplicate", String.valueOf(duplicate))
        .publishPercentileHistogram()
        .register(registry).record(elapsed);
  }

  @Override
  public void eventPublished(String type) {
    Counter.builder("relay.inbox.events.published").description("Agent events put in inboxes")
        .tag("type", type).register(registry).increment();
  }

  @Override
  public void eventsAcknowledged(int count) {
    acknowledged.increment(count);
  }

  @Override
  public void streams(int delta) {
    streams.addAndGet(delta);
  }

  @Override
  public void jobRan(String kind, String outcome) {
    Counter.builder("relay.jobs.ran").description("Scheduled jobs run, by outcome")
        .tags("kind", kind, "outcome", outcome).register(registry).increment();
  }

  @Override
  public void routing(String outcome) {
    Counter.builder("relay.inbound.routing").description("Stored messages whose routing failed or was retried, by outcome")
        .tag("outcome", outcome).register(registry).increment();
  }

  @Override
  public void jobStarted(String kind, Duration late) {
    Timer.builder("relay.jobs.lateness").description("How long after its due time a job started")
        .tag("kind", kind).register(registry).record(late.isNegative() ? Duration.ZERO : late);
  }

  @Override
  public void ruleDecision(boolean onWorker) {
    Counter.builder("relay.rules.decisions").description("Routing decisions, by where they ran")
        .tag("where", onWorker ? "worker" : "event_loop").register(registry).increment();
  }

  @Override
  public void jobsWaiting(long due, long late) {
    jobsDue.set(due);
    jobsLate.set(late);
  }

  @Override
  public void presenceChanged(String state) {
    Counter.builder("relay.presence.changes").description("Agents whose computed presence changed, by the new state")
        .tag("state", state).register(registry).increment();
  }

  @Override
  public void firstResponse(Duration took) {
    Timer.builder("relay.first.response").description("From a conversation's opening to its agent's first reply")
        .publishPercentileHistogram().register(registry).record(took.isNegative() ? Duration.ZERO : took);
  }

  @Override
  public void firstResponseTarget(String team, String outcome) {
    Counter.builder("relay.first.response.targets").description("First-response targets met, at risk and missed, by team")
        .tag("team", team).tag("outcome", outcome).register(registry).increment();
  }

  @Override
  public void handedBack(String team) {
    Counter.builder("relay.handed.back").description("Covered conversations handed back to their owner, by team")
        .tag("team", team).register(registry).increment();
  }
}
