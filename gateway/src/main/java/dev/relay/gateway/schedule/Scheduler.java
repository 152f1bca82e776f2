package dev.relay.gateway.schedule;

import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.Poller;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires durable jobs when they are due. Every tick it claims due jobs from the store (atomically,
 * with a lease, so one replica runs each), runs their handler, and marks them done, or retries
 * with exponential backoff until {@link #MAX_ATTEMPTS}. Time comes from the injected clock, so a
 * test moves a week forward and calls {@link #runDue()}.
 */
public final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  static final int MAX_ATTEMPTS = 6;
  /** 30 s, doubling; the cap is the fifth retry's wait, the last {@link #MAX_ATTEMPTS} allows. */
  static final Backoff RETRY = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(8), 2);
  private static final int BATCH = 100;
  /** A job still pending this long after its due time counts as late. */
  private static final Duration LATE = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final JobStore jobs;
  private final Clock clock;
  private final GatewayMetrics metrics;
  /** How long a claimed job is held: a replica that dies while running it lets it go then. */
  private final Duration lease;
  private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
  private Poller ticks;
  private boolean running;
  private boolean failing;

  public Scheduler(Vertx vertx, JobStore jobs, Clock clock, GatewayMetrics metrics, Duration lease) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.clock = clock;
    this.metrics = metrics;
    this.lease = lease;
  }

  public Scheduler handle(String kind, JobHandler handler) {
    handlers.put(kind, handler);
    return this;
  }

  public void start(Duration tick) {
    ticks = new Poller(vertx, tick, Backoff.fixed(tick), this::tick);
    ticks.start(tick);
  }

  // Logged when ticks start failing (the store is away) and when they work again, not every tick.
  private Future<Integer> tick() {
    if (running) {
      return Future.succeededFuture(0);
    }
    return runDue().onComplete(result -> {
      if (result.failed() && !failing) {
        LOG.atWarn().addKeyValue("error", result.cause().getMessage()).log("scheduler ticks are failing");
      } else if (result.succeeded() && failing) {
        LOG.atInfo().log("scheduler ticks work again");
      }
      failing = result.failed();
    });
  }

  public void stop() {
    if (ticks != null) {
      ticks.stop();
    }
  }

  /** Schedules a job; a pending job with the same key is kept instead (idempotent). */
  public Future<Job> schedule(String kind, String key, Instant dueAt, Map<String, String> payload) {
    return jobs.schedule(Job.pending(Ids.near("job", key), kind, key, dueAt, payload))
        .onSuccess(job -> LOG.atDebug().addKeyValue("job", job.id()).addKeyValue("kind", kind)
            .addKeyValue("due", job.dueAt()).log("job scheduled"));
  }

  public Future<Boolean> cancel(String key) {
    return jobs.cancelKey(key);
  }

  /** True when a failure of this run is the job's last: handlers then record the outcome for good. */
  public static boolean lastAttempt(Job job) {
    return job.attempts() + 1 >= MAX_ATTEMPTS;
  }

  /** Runs every job due now, one after another; completes when all have run (or been rescheduled). */
  public Future<Integer> runDue() {
    running = true;
    Instant now = clock.instant();
    return jobs.claimDue(now, BATCH, lease)
        .compose(due -> {
          due.forEach(job -> metrics.jobStarted(job.kind(), Duration.between(job.dueAt(), now)));
          return runAll(due).map(due.size());
        })
        .compose(ran -> Future.all(jobs.countDue(clock.instant()), jobs.countDue(clock.instant().minus(LATE)))
            .map(counts -> {
              metrics.jobsWaiting(counts.<Long>resultAt(0), counts.<Long>resultAt(1));
              return ran;
            }))
        .onComplete(r -> running = false);
  }

  private Future<Void> runAll(List<Job> due) {
    Future<Void> chain = Future.succeededFuture();
    for (Job job : due) {
      chain = chain.compose(v -> runOne(job));
    }
    return chain;
  }

  private Future<Void> runOne(Job job) {
    JobHandler handler = handlers.get(job.kind());
    Future<Void> ran;
    try {
      ran = handler == null ? Future.failedFuture("no handler for job kind " + job.kind()) : handler.run(job);
    } catch (RuntimeException e) {
      ran = Future.failedFuture(e);
    }
    return ran.transform(result -> {
      if (result.succeeded()) {
        metrics.jobRan(job.kind(), "done");
        return jobs.update(job.id(), j -> j.finished(Job.State.DONE, null)).mapEmpty();
      }
      if (result.cause() instanceof JobHandler.Postponed postponed) {
        metrics.jobRan(job.kind(), "postponed");
        LOG.atInfo().addKeyValue("job", job.id()).addKeyValue("kind", job.kind()).addKeyValue("until", postponed.until)
            .log("job postponed");
        return jobs.update(job.id(), j -> j.movedTo(postponed.until, postponed.payload)).mapEmpty();
      }
      String error = String.valueOf(result.cause().getMessage());
      if (job.attempts() + 1 >= MAX_ATTEMPTS) {
        metrics.jobRan(job.kind(), "failed");
        LOG.atError().addKeyValue("job", job.id()).addKeyValue("kind", job.kind()).addKeyValue("error", Masked.text(error))
            .log("job failed for good");
        return jobs.update(job.id(), j -> j.finished(Job.State.FAILED, error)).mapEmpty();
      }
      metrics.jobRan(job.kind(), "retry");
      Instant next = clock.instant().plus(RETRY.after(job.attempts() + 1));
      LOG.atInfo().addKeyValue("job", job.id()).addKeyValue("kind", job.kind()).addKeyValue("retryAt", next)
          .addKeyValue("error", Masked.text(error)).log("job will be retried");
      return jobs.update(job.id(), j -> j.retryAt(next, error)).mapEmpty();
    });
  }
}
