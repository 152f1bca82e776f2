package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.store.JobStore;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.JobIndex;
import dev.relay.gateway.store.rules.JobQuery;
import dev.relay.gateway.store.redis.RedisStore.Op;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code job:<id>} JSON; {@code jobs:due}: pending job ids scored by due time, or, while a replica
 * runs one, by the end of its hold (so claiming is one atomic script, and a dead holder's jobs come
 * back); {@code job-key:<key>} → the pending job with that idempotency key; {@code jobs}: all ids.
 */
final class RedisJobs implements JobStore {

  private static final String DUE = RedisStore.key("jobs", "due");
  private static final String ALL = RedisStore.key("jobs");
  private final RedisStore store;
  private final String claimScript = RedisStore.script("claim-due");

  RedisJobs(RedisStore store) {
    this.store = store;
  }

  static String record(String id) {
    return RedisStore.key("job", id);
  }

  private static String pendingKey(String key) {
    return RedisStore.key("job-key", key);
  }

  @Override
  public Future<Job> schedule(Job job) {
    List<Op> indexes = List.of(Op.claim(pendingKey(job.key()), job.id()), Op.zadd(DUE, job.id(), RedisStore.millis(job.dueAt())),
        Op.sadd(ALL, job.id()));
    return store.write(record(job.id()), null, Json.encode(job), indexes).compose(written -> written.ok()
        ? Future.succeededFuture(job)
        : store.send(Command.GET, pendingKey(job.key()))
            .compose(id -> id == null ? schedule(job) : get(id.toString()).map(existing -> existing.orElse(job))));
  }

  @Override
  public Future<Optional<Job>> pendingWithKey(String key) {
    return store.send(Command.GET, pendingKey(key))
        .compose(id -> id == null ? Future.succeededFuture(Optional.<Job>empty()) : get(id.toString()))
        // The index is changed with the record, but a job read after its key moved on is not pending.
        .map(job -> job.filter(j -> j.state() == Job.State.PENDING));
  }

  @Override
  public Future<List<Job>> claimDue(Instant now, int max, Duration lease) {
    Instant until = now.plus(lease);
    return store.eval(claimScript, List.of(DUE), List.of(Long.toString(RedisStore.millis(now)), Integer.toString(max),
            Long.toString(RedisStore.millis(until))))
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisJobs::record).toList(), Job.class))
        .map(jobs -> jobs.stream().filter(j -> j.state() == Job.State.PENDING).map(j -> j.claimed(until)).toList());
  }

  @Override
  public Future<Optional<Job>> get(String id) {
    return store.get(record(id), Job.class);
  }

  @Override
  public Future<List<Job>> list(String kind, Job.State state, String payloadKey, String payloadValue) {
    return store.send(Command.SMEMBERS, ALL)
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisJobs::record).toList(), Job.class))
        .map(all -> new JobQuery(kind, state, payloadKey, payloadValue).select(all.stream()));
  }

  @Override
  public Future<Job> update(String id, UnaryOperator<Job> change) {
    return store.update(record(id), Job.class, "job", change, RedisJobs::indexOps, (after, key) -> Conflicts.jobPending());
  }

  /** The index entries of a job that changed from {@code before} to {@code after}. */
  static List<Op> indexOps(Job before, Job after) {
    String id = after.id();
    return JobIndex.holdsKey(after)
        ? List.of(Op.claim(pendingKey(after.key()), id), Op.zadd(DUE, id, RedisStore.millis(after.dueAt())))
        : List.of(Op.release(pendingKey(after.key()), id), Op.zrem(DUE, id));
  }

  @Override
  public Future<Long> countDue(Instant by) {
    return store.send(Command.ZCOUNT, DUE, "-inf", RedisStore.millis(by)).map(n -> n.toLong());
  }

  @Override
  public Future<Boolean> cancelKey(String key) {
    return store.send(Command.GET, pendingKey(key)).compose(id -> id == null ? Future.succeededFuture(false)
        : update(id.toString(), JobIndex::cancel).map(JobIndex::cancelled)
            // The key outlived its job: nothing to cancel. Any other failure (an outage) is the caller's to see.
            .recover(err -> err instanceof RelayException e && e.status() == 404 ? Future.succeededFuture(false)
                : Future.failedFuture(err)));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(record(id), Job.class,
        gone -> List.of(Op.release(pendingKey(gone.key()), id), Op.zrem(DUE, id), Op.srem(ALL, id)));
  }
}
