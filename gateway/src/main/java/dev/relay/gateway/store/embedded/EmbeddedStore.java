package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.ComposedStore;
import dev.relay.gateway.store.OwnerOnly;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreParts;
import dev.relay.gateway.store.rules.Conflicts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The default store: one H2 MVStore file in the data directory. All access runs on one
 * dedicated worker thread, in order, so each operation is atomic without locks and no file
 * I/O ever touches an event loop. A write is committed to the file before its future completes;
 * writes that queue up while one commits are committed together (group commit), and a write that
 * fails in such a group is retried alone, so it never takes the others down with it.
 */
public final class EmbeddedStore implements ComposedStore {

  static final String SEP = "\u0000";

  static final String FILE = "relay.mv.db";

  /** Replaced by {@link #purgeDeleted}: parts look their maps up on each call ({@link #map}), never keep an {@code MVMap}. */
  private volatile MVStore mv;
  private final Path file;
  private final Vertx vertx;
  private final WorkerExecutor executor;
  private final Object lock = new Object();
  private final List<Pending<?>> queued = new ArrayList<>();
  private boolean draining;
  /** Set by {@link #close}: from then on calls fail as unavailable instead of reaching a closed worker. */
  private volatile boolean closed;
  private final StoreParts parts;
  private final EmbeddedCustomers customers;
  private final EmbeddedAgents agents;
  private final EmbeddedConversations conversations;
  private final EmbeddedJobs jobs;
  private final EmbeddedAudit audit;

  private EmbeddedStore(MVStore mv, Path file, Vertx vertx, WorkerExecutor executor, Clock clock) {
    this.mv = mv;
    this.file = file;
    this.vertx = vertx;
    this.executor = executor;
    this.customers = new EmbeddedCustomers(this);
    this.agents = new EmbeddedAgents(this);
    this.conversations = new EmbeddedConversations(this);
    this.jobs = new EmbeddedJobs(this);
    this.audit = new EmbeddedAudit(this);
    this.parts = new StoreParts(customers, agents, conversations, new EmbeddedMessages(this), new EmbeddedInbox(this),
        new EmbeddedRules(this, clock), new EmbeddedTexts(this, clock), audit, jobs, new EmbeddedLeases(this),
        new EmbeddedAttachments(this), new EmbeddedResponseTimes(this), new EmbeddedHours(this),
        new EmbeddedSignIn(this), new EmbeddedCannedReplies(this), new EmbeddedBrand(this), new EmbeddedReviews(this));
  }

  /** Indexes that data written by an earlier version lacks; on the worker, before anything else runs. */
  private EmbeddedStore indexOlderData() {
    agents.indexTokens();
    customers.indexOwners();
    mv.commit();
    return this;
  }

  /** Opens (or creates) {@code relay.mv.db} in {@code dataDir}; {@code clock} stamps what the store dates itself. */
  public static Future<Store> open(Vertx vertx, Path dataDir, Clock clock) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("relay-embedded-store-" + dataDir.toAbsolutePath(), 1);
    return executor.<Store>executeBlocking(() -> {
      OwnerOnly.directory(dataDir);
      Path file = dataDir.resolve(FILE);
      return new EmbeddedStore(openFile(file), file, vertx, executor, clock).indexOlderData();
    }, true).onFailure(err -> executor.close());
  }

  private static MVStore openFile(Path file) throws java.io.IOException {
    if (Files.notExists(file)) {
      Files.createFile(file, OwnerOnly.newFile(file));
    }
    MVStore opened = new MVStore.Builder()
        .fileName(file.toString())
        .autoCommitDisabled()
        // Small pages: a commit rewrites the pages it touched, and records are JSON strings.
        .pageSplitSize(4 * 1024)
        .open();
    OwnerOnly.file(file);
    return opened;
  }

  /**
   * MVStore never overwrites a page in place: a deleted record stays in old chunks until their space
   * is reused, which may be never. This copies the live maps into a new file (MVStore's own offline
   * compaction), atomically replaces the old file with it and reopens, so nothing deleted is left
   * in the data directory. It holds the store's one worker for the time a copy of the live data takes
   * (reads and writes queue meanwhile); should the copy fail, the old file is reopened as it was.
   */
  @Override
  public Future<String> purgeDeleted() {
    if (closed) {
      return Future.failedFuture(closedStore());
    }
    return executor.executeBlocking(() -> {
      mv.commit();
      mv.close();
      try {
        MVStore.compact(file.toString(), false, null);
      } finally {
        mv = openFile(file);
      }
      return FILE + " rewritten with the live records only";
    }, true);
  }

  @Override
  public StoreParts parts() {
    return parts;
  }

  @Override
  public Future<Void> apply(Batch batch) {
    return write(() -> {
      batch.customers().forEach(customers::changeInWrite);
      batch.conversations().forEach(conversations::changeInWrite);
      batch.jobs().forEach(jobs::changeInWrite);
      batch.audit().forEach(a -> audit.appendInWrite(a.actor(), a.action(), a.target(), a.details(), a.at()));
      return null;
    });
  }

  @Override
  public Future<Void> ping() {
    return read(() -> {
      if (mv.isClosed()) {
        throw closedStore();
      }
      return null;
    });
  }

  private static RelayException closedStore() {
    return RelayException.unavailable("embedded store is closed");
  }

  /** Closing twice is harmless: shutdown paths and tests may both close. */
  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    return executor.<Void>executeBlocking(() -> {
      if (!mv.isClosed()) {
        mv.close();
      }
      return null;
    }, true).eventually(executor::close);
  }

  <T> Future<T> read(Callable<T> action) {
    if (closed) {
      return Future.failedFuture(closedStore());
    }
    return executor.executeBlocking(action, true);
  }

  /** A write waiting for the worker, and where its caller continues. */
  private record Pending<T>(Callable<T> action, Promise<T> promise, Context context) {
    void complete(Object result, Throwable failure) {
      context.runOnContext(v -> {
        if (failure == null) {
          @SuppressWarnings("unchecked") T value = (T) result;
          promise.complete(value);
        } else {
          promise.fail(failure);
        }
      });
    }
  }

  /** Runs {@code action} and commits; on failure nothing it changed stays. */
  <T> Future<T> write(Callable<T> action) {
    if (closed) {
      return Future.failedFuture(closedStore());
    }
    Pending<T> pending = new Pending<>(action, Promise.promise(), vertx.getOrCreateContext());
    boolean start;
    synchronized (lock) {
      queued.add(pending);
      start = !draining;
      draining = true;
    }
    if (start) {
      executor.executeBlocking(() -> {
        drain();
        return null;
      }, true);
    }
    return pending.promise().future();
  }

  private void drain() {
    while (true) {
      List<Pending<?>> batch;
      synchronized (lock) {
        if (queued.isEmpty()) {
          draining = false;
          return;
        }
        batch = new ArrayList<>(queued);
        queued.clear();
      }
      commitTogether(batch);
    }
  }

  private void commitTogether(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        results[i] = batch.get(i).action().call();
      }
      mv.commit();
    } catch (Exception | Error e) {
      if (mv.isClosed()) {
        // Closed under the batch (MVStore closes itself on a file error): nothing to roll back, nothing to retry.
        batch.forEach(one -> one.complete(null, closedStore()));
        return;
      }
      mv.rollback();
      if (batch.size() == 1) {
        batch.get(0).complete(null, e);
      } else {
        batch.forEach(one -> commitTogether(List.of(one)));
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).complete(results[i], null);
    }
  }

  MVMap<String, String> map(String name) {
    return mv.openMap(name);
  }

  MVMap<String, Long> longMap(String name) {
    return mv.openMap(name);
  }

  MVMap<String, byte[]> bytes(String name) {
    return mv.openMap(name);
  }

  long nextSequence(String name) {
    MVMap<String, Long> counters = mv.openMap("counters");
    long next = counters.getOrDefault(name, 0L) + 1;
    counters.put(name, next);
    return next;
  }

  static String seqKey(String prefix, long seq) {
    return prefix + SEP + String.format("%019d", seq);
  }

  static <T> Optional<T> decode(String json, Class<T> type) {
    return Optional.ofNullable(json).map(j -> Json.decode(j, type));
  }

  /** Values of {@code index} entries whose key starts with {@code prefix + SEP}, in key order. */
  static List<String> scan(MVMap<String, String> index, String prefix) {
    List<String> values = new ArrayList<>();
    Cursor<String, String> cursor = index.cursor(prefix + SEP, prefix + "\u0001", false);
    while (cursor.hasNext()) {
      cursor.next();
      values.add(cursor.getValue());
    }
    return values;
  }

  /** Removes the entries of {@code index} under {@code prefix + SEP} whose value is {@code value}. Call inside {@link #write}. */
  static void removeValue(MVMap<String, String> index, String prefix, String value) {
    List<String> keys = new ArrayList<>();
    Cursor<String, String> cursor = index.cursor(prefix + SEP, prefix + "\u0001", false);
    while (cursor.hasNext()) {
      String key = cursor.next();
      if (value.equals(cursor.getValue())) {
        keys.add(key);
      }
    }
    keys.forEach(index::remove);
  }

  /** Read-modify-write of one JSON record in {@code records}. Call inside {@link #write}. */
  static <T> T change(MVMap<String, String> records, String id, Class<T> type, String what, UnaryOperator<T> change) {
    T current = decode(records.get(id), type).orElseThrow(() -> Conflicts.notFound(what, id));
    T next = change.apply(current);
    records.put(id, Json.encode(next));
    return next;
  }
}
