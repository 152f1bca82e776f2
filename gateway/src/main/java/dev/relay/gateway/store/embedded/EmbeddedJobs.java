package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.store.JobStore;
import dev.relay.gateway.store.rules.JobIndex;
import dev.relay.gateway.store.rules.JobQuery;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVMap;

/** Jobs by id, plus the index of pending keys that makes scheduling idempotent. */
final class EmbeddedJobs implements JobStore {

  private final EmbeddedStore store;

  EmbeddedJobs(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> pendingByKey() {
    return store.map("jobs-pending-by-key");
  }

  private MVMap<String, String> records() {
    return store.map("jobs");
  }

  @Override
  public Future<Job> schedule(Job job) {
    return store.write(() -> {
      String existing = pendingByKey().putIfAbsent(job.key(), job.id());
      if (existing != null) {
        return Json.decode(records().get(existing), Job.class);
      }
      records().put(job.id(), Json.encode(job));
      return job;
    });
  }

  @Override
  public Future<List<Job>> claimDue(Instant now, int max, Duration lease) {
    // Every tick: every pending job is decoded to find the due ones, on a reader beside the writer;
    // the write (none when nothing is due) claims those found, each checked again as it stands.
    return store.read(() -> pending().stream().filter(j -> claimable(j, now)).sorted(Comparator.comparing(Job::dueAt))
            .limit(max).map(Job::id).toList())
        .compose(due -> due.isEmpty() ? Future.succeededFuture(List.of()) : store.write(() -> {
          List<Job> claimed = new ArrayList<>();
          for (String id : due) {
            Optional<Job> job = EmbeddedStore.decode(records().get(id), Job.class);
            if (job.isPresent() && id.equals(pendingByKey().get(job.get().key())) && claimable(job.get(), now)) {
              Job held = job.get().claimed(now.plus(lease));
              records().put(id, Json.encode(held));
              claimed.add(held);
            }
          }
          return claimed;
        }));
  }

  private static boolean claimable(Job job, Instant now) {
    return !job.dueAt().isAfter(now) && (job.claimedUntil() == null || !job.claimedUntil().isAfter(now));
  }

  private List<Job> pending() {
    return pendingByKey().values().stream().map(id -> Json.decode(records().get(id), Job.class)).toList();
  }

  @Override
  public Future<Optional<Job>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records().get(id), Job.class));
  }

  @Override
  public Future<List<Job>> list(String kind, Job.State state, String payloadKey, String payloadValue) {
    JobQuery query = new JobQuery(kind, state, payloadKey, payloadValue);
    return store.read(() -> query.select(records().values().stream().map(json -> Json.decode(json, Job.class))));
  }

  @Override
  public Future<Optional<Job>> pendingWithKey(String key) {
    return store.read(() -> Optional.ofNullable(pendingByKey().get(key))
        .flatMap(id -> EmbeddedStore.decode(records().get(id), Job.class)));
  }

  @Override
  public Future<Job> update(String id, UnaryOperator<Job> change) {
    return store.write(() -> changeInWrite(id, change));
  }

  /** The update itself, for a write that changes other records with it. */
  Job changeInWrite(String id, UnaryOperator<Job> change) {
    Job next = EmbeddedStore.change(records(), id, Job.class, "job", change);
    if (JobIndex.holdsKey(next)) {
      pendingByKey().put(next.key(), id);
    } else {
      pendingByKey().remove(next.key(), id);
    }
    return next;
  }

  @Override
  public Future<Long> countDue(Instant by) {
    return store.read(() -> pending().stream().filter(j -> !j.dueAt().isAfter(by)).count());
  }

  @Override
  public Future<Boolean> cancelKey(String key) {
    // Asked on every inbound message (a pending follow-up?): usually there is none, and no write is needed.
    return store.read(() -> pendingByKey().containsKey(key))
        .compose(pending -> pending ? cancelPending(key) : Future.succeededFuture(false));
  }

  private Future<Boolean> cancelPending(String key) {
    return store.write(() -> {
      String id = pendingByKey().remove(key);
      if (id == null) {
        return false;
      }
      return JobIndex.cancelled(EmbeddedStore.change(records(), id, Job.class, "job", JobIndex::cancel));
    });
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> {
      String json = records().remove(id);
      if (json == null) {
        return false;
      }
      pendingByKey().remove(Json.decode(json, Job.class).key(), id);
      return true;
    });
  }
}
