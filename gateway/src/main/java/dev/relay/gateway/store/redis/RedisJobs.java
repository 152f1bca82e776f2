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
 * Under the tag of the job's idempotency key (a job id is made near its key), so scheduling and
 * claiming are one script run: {@code job:<id>} JSON; {@code job-key:<key>} → the pending job with
 * that key; {@code jobs:due}: the shard's pending job ids scored by due time, or, while a replica
 * runs one, by the end of its hold (a dead holder's jobs come back); {@code jobs}: the shard's ids.
 */
final class RedisJobs implements JobStore {

  private final RedisStore store;

  RedisJobs(RedisStore store) {
    this.store = store;
  }

  static String record(String tag, String id) {
    return Shards.in(tag, "job", id);
  }

  private static String pendingKey(String key) {
    return Shards.key(key, "job-key", key);
  }

  private static String due(String tag) {
    return Shards.in(tag, "jobs", "due");
  }

  private DueShards dueSet() {
    return store.due().jobs;
  }

  private static String all(String tag) {
    return Shards.in(tag, "jobs");
  }

  @Override
  public Future<Job> schedule(Job job) {
    String tag = Shards.tag(job.key());
    List<Op> indexes = List.of(Op.claim(pendingKey(job.key()), job.id()),
        Op.due(due(tag), job.id(), RedisStore.millis(job.dueAt())), Op.sadd(all(tag), job.id()));
    return store.places().place(job.id(), tag)
        .compose(placed -> store.write(record(tag, job.id()), null, Json.encode(job), indexes)).compose(written -> written.ok()
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
    return store.claimEach(dueSet(), now, max, until)
        .compose(ids -> store.inWaves(ids, this::get).map(found -> found.stream().flatMap(Optional::stream).toList()))
        .map(jobs -> jobs.stream().filter(j -> j.state() == Job.State.PENDING).map(j -> j.claimed(until)).toList());
  }

  @Override
  public Future<Optional<Job>> get(String id) {
    return store.places().of(id).compose(tag -> store.get(record(tag, id), Job.class));
  }

  @Override
  public Future<List<Job>> list(String kind, Job.State state, String payloadKey, String payloadValue) {
    return store.eachShard(tag -> store.send(Command.SMEMBERS, all(tag))
            .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(id -> record(tag, id)).toList(), Job.class)))
        .map(shards -> new JobQuery(kind, state, payloadKey, payloadValue).select(shards.stream().flatMap(List::stream)));
  }

  @Override
  public Future<Job> update(String id, UnaryOperator<Job> change) {
    return store.places().of(id).compose(tag -> store.update(record(tag, id), Job.class, "job", change,
        RedisJobs::indexOps, (after, key) -> Conflicts.jobPending()));
  }

  /** The index entries of a job that changed from {@code before} to {@code after}. */
  static List<Op> indexOps(Job before, Job after) {
    String id = after.id();
    String tag = Shards.tag(after.key());
    return JobIndex.holdsKey(after)
        ? List.of(Op.claim(pendingKey(after.key()), id), Op.due(due(tag), id, RedisStore.millis(after.dueAt())))
        : List.of(Op.release(pendingKey(after.key()), id), Op.zrem(due(tag), id));
  }

  /** Counted on the shards that may have jobs due by then: the others have none ({@link DueTimes}). */
  @Override
  public Future<Long> countDue(Instant by) {
    List<Integer> shards = store.due().mayHave(dueSet(), RedisStore.millis(by));
    return store.inWaves(shards, shard -> store.send(Command.ZCOUNT, dueSet().key(shard), "-inf", RedisStore.millis(by))
        .map(n -> n.toLong())).map(counts -> counts.stream().mapToLong(Long::longValue).sum());
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
    return store.places().of(id).compose(tag -> store.delete(record(tag, id), Job.class, gone -> List.of(
        Op.release(pendingKey(gone.key()), id), Op.zrem(due(Shards.tag(gone.key())), id), Op.srem(all(tag), id))));
  }
}
