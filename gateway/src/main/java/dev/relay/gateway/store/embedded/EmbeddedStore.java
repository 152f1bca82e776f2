package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Batch;
import dev.relay.gateway.store.ComposedStore;
import dev.relay.gateway.store.InboxStore;
import dev.relay.gateway.store.OwnerOnly;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreMetrics;
import dev.relay.gateway.store.StoreParts;
import dev.relay.gateway.store.rules.Conflicts;
import dev.relay.gateway.store.rules.EventJson;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The default store: one H2 MVStore file in the data directory. Writes run on one dedicated worker
 * thread, in order, so each is atomic without locks and no file I/O ever touches an event loop. A
 * write is committed to the file before its future completes; writes that queue up while one commits
 * are committed together (group commit), and a write that fails in such a group is retried alone, so
 * it never takes the others down with it. Reads run on a pool of their own over the {@link Committed}
 * view of the last commit: they never wait behind the writer, never see a write before it is
 * committed, and see every write whose future has completed.
 */
public final class EmbeddedStore implements ComposedStore {

  static final String SEP = "\u0000";

  static final String FILE = "relay.mv.db";

  /** A map never written: the view reads get of a map no commit has made yet. */
  private static final String EMPTY = "committed-view-empty";

  /** Threads serving reads: decoding JSON is most of a read's work, and it runs beside the writer. */
  private static final int READERS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** Replaced by {@link #purgeDeleted}: parts look their maps up on each call ({@link #map}), never keep an {@code MVMap}. */
  private volatile MVStore mv;
  private final Path file;
  private final Vertx vertx;
  private final WorkerExecutor executor;
  private final WorkerExecutor readers;
  /** Every map the writer opened, by name; cleared when {@link #purgeDeleted} reopens the file. */
  private final Map<String, MVMap<?, ?>> opened = new ConcurrentHashMap<>();
  /** What reads see; replaced by the writer after each commit. */
  private volatile Committed committed;
  /** Set on a reader thread for the time of one read: {@link #map} then answers from it. */
  private static final ThreadLocal<Committed> READING = new ThreadLocal<>();
  /** Reads hold it shared; closing or rewriting the file holds it alone. */
  private final ReadWriteLock fileLock = new ReentrantReadWriteLock();
  private final Object lock = new Object();
  private final List<Pending<?>> queued = new ArrayList<>();
  private boolean draining;
  /** Set by {@link #close}: from then on calls fail as unavailable instead of reaching a closed worker. */
  private volatile boolean closed;
  private final StoreMetrics metrics;
  private final StoreParts parts;
  private final EmbeddedCustomers customers;
  private final EmbeddedAgents agents;
  private final EmbeddedConversations conversations;
  private final EmbeddedJobs jobs;
  private final EmbeddedAudit audit;
  private final EmbeddedInbox inbox;
  private final EmbeddedMessages messages;

  private EmbeddedStore(MVStore mv, Path file, Vertx vertx, WorkerExecutor executor, WorkerExecutor readers,
                        Clock clock, StoreMetrics metrics) {
    this.mv = mv;
    this.metrics = metrics;
    this.file = file;
    this.vertx = vertx;
    this.executor = executor;
    this.readers = readers;
    this.customers = new EmbeddedCustomers(this);
    this.agents = new EmbeddedAgents(this);
    this.conversations = new EmbeddedConversations(this);
    this.jobs = new EmbeddedJobs(this);
    this.audit = new EmbeddedAudit(this);
    this.inbox = new EmbeddedInbox(this);
    this.messages = new EmbeddedMessages(this);
    this.parts = new StoreParts(customers, agents, conversations, messages, inbox,
        new EmbeddedRules(this, clock), new EmbeddedTexts(this, clock), audit, jobs, new EmbeddedLeases(this),
        new EmbeddedAttachments(this), new EmbeddedResponseTimes(this), new EmbeddedHours(this),
        new EmbeddedSignIn(this), new EmbeddedCannedReplies(this), new EmbeddedBrand(this), new EmbeddedReviews(this));
  }

  /** Indexes that data written by an earlier version lacks; on the worker, before anything else runs. */
  private EmbeddedStore indexOlderData() {
    agents.indexTokens();
    customers.indexOwners();
    mv.commit();
    openAll();
    return this;
  }

  /** On the writer, once the file is open: every map in it, so that reads find each one. */
  private void openAll() {
    mv.getMapNames().forEach(this::map);
    map(EMPTY);
    publish();
  }

  /** On the writer, after a commit: what reads see from now on (a map created since is in it too). */
  private void publish() {
    committed = Committed.of(opened, committed, opened.get(EMPTY));
  }

  /** {@link #open(Vertx, Path, Clock, StoreMetrics)} uncounted: tools (the bench's seeding, across builds) and tests. */
  public static Future<Store> open(Vertx vertx, Path dataDir, Clock clock) {
    return open(vertx, dataDir, clock, StoreMetrics.NOOP);
  }

  /**
   * Opens (or creates) {@code relay.mv.db} in {@code dataDir}; {@code clock} stamps what the store
   * dates itself; {@code metrics} counts its writer's queue and commits.
   */
  public static Future<Store> open(Vertx vertx, Path dataDir, Clock clock, StoreMetrics metrics) {
    String name = "relay-embedded-store-" + dataDir.toAbsolutePath();
    WorkerExecutor executor = vertx.createSharedWorkerExecutor(name, 1);
    WorkerExecutor readers = vertx.createSharedWorkerExecutor(name + "-readers", READERS);
    return executor.<Store>executeBlocking(() -> {
      OwnerOnly.directory(dataDir);
      Path file = dataDir.resolve(FILE);
      EmbeddedStore store = new EmbeddedStore(openFile(file), file, vertx, executor, readers, clock, metrics);
      metrics.writerQueue(store::waiting);
      return store.indexOlderData();
    }, true).onFailure(err -> {
      executor.close();
      readers.close();
    });
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
      fileLock.writeLock().lock();
      try {
        mv.commit();
        mv.close();
        opened.clear();
        try {
          MVStore.compact(file.toString(), false, null);
        } finally {
          mv = openFile(file);
          committed = null;
          openAll();
        }
      } finally {
        fileLock.writeLock().unlock();
      }
      return FILE + " rewritten with the live records only";
    }, true);
  }

  @Override
  public StoreParts parts() {
    return parts;
  }

  @Override
  public Future<Batch.Applied> apply(Batch batch) {
    // Events are encoded here, on the caller's thread: the writer only numbers them.
    List<String> drafts = batch.events().stream().map(e -> EventJson.draft(e.agentId(), e.type(), e.data(), e.at())).toList();
    return write(() -> {
      batch.customers().forEach(customers::changeInWrite);
      batch.conversations().forEach(conversations::changeInWrite);
      batch.jobs().forEach(jobs::changeInWrite);
      batch.audit().forEach(a -> audit.appendInWrite(a.actor(), a.action(), a.target(), a.details(), a.at()));
      List<InboxStore.Appended> appended = new ArrayList<>();
      for (int i = 0; i < drafts.size(); i++) {
        Batch.Event e = batch.events().get(i);
        appended.add(inbox.appendInWrite(e.agentId(), e.type(), e.data(), e.at(), drafts.get(i)));
      }
      batch.routed().forEach(messages::routedInWrite);
      return new Batch.Applied(appended);
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
      fileLock.writeLock().lock();
      try {
        if (!mv.isClosed()) {
          mv.close();
        }
      } finally {
        fileLock.writeLock().unlock();
      }
      return null;
    }, true).eventually(readers::close).eventually(executor::close);
  }

  /** Runs {@code action} on a reader thread, over the last commit ({@link #map} answers from it). */
  <T> Future<T> read(Callable<T> action) {
    if (closed) {
      return Future.failedFuture(closedStore());
    }
    return readers.executeBlocking(() -> {
      fileLock.readLock().lock();
      READING.set(committed);
      try {
        if (mv.isClosed()) {
          throw closedStore();
        }
        return action.call();
      } finally {
        READING.remove();
        fileLock.readLock().unlock();
      }
    }, false);
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

  /** Writes queued behind the one the writer runs now. */
  private int waiting() {
    synchronized (lock) {
      return queued.size();
    }
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
      long started = System.nanoTime();
      commitTogether(batch);
      metrics.committed(batch.size(), System.nanoTime() - started);
    }
  }

  private void commitTogether(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        results[i] = batch.get(i).action().call();
      }
      mv.commit();
      publish();
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

  /** The map {@code name}: in a read, as the last commit left it; in a write, as the write leaves it. */
  MVMap<String, String> map(String name) {
    return typed(name);
  }

  MVMap<String, Long> longMap(String name) {
    return typed(name);
  }

  MVMap<String, byte[]> bytes(String name) {
    return typed(name);
  }

  private <V> MVMap<String, V> typed(String name) {
    Committed reading = READING.get();
    if (reading != null) {
      return reading.map(name);
    }
    @SuppressWarnings("unchecked") MVMap<String, V> live = (MVMap<String, V>) opened.computeIfAbsent(name, mv::openMap);
    return live;
  }

  long nextSequence(String name) {
    MVMap<String, Long> counters = longMap("counters");
    long next = counters.getOrDefault(name, 0L) + 1;
    counters.put(name, next);
    return next;
  }

  /** {@code prefix}, then {@code seq} (never negative) zero-padded to 19 digits so keys sort by it. */
  static String seqKey(String prefix, long seq) {
    // Not String.format: a few keys per message, and its parsing was 3 % of the gateway's CPU.
    String digits = Long.toString(seq);
    return prefix + SEP + "0".repeat(19 - digits.length()) + digits;
  }

  /** Customers, agents and conversations read again unchanged are not decoded again. */
  private static final DecodedRecords DECODED = new DecodedRecords();

  static <T> Optional<T> decode(String json, Class<T> type) {
    return Optional.ofNullable(json).map(j -> DECODED.decode(j, type));
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
