package dev.relay.gateway.store.redis;

import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.Poller;
import dev.relay.connector.spi.Signals;
import dev.relay.gateway.store.StoreMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Signals} across replicas through Redis pub/sub on {@code {relay}:signals}: delivered here
 * at once, and to the others through Redis (each ignores its own). Signals for the others wait in a
 * local queue and leave together: one {@code PUBLISH} carries every signal given while the previous
 * one was on its way (those of one event-loop turn at least), on a connection of their own that has
 * never more than that one command waiting, so a burst cannot overflow the client's queue. While
 * Redis cannot be reached the queue keeps the newest {@link #QUEUED_AT_MOST}; older ones are
 * dropped, counted ({@code relay.signals.dropped}) and logged at most once per {@link #WARN_EVERY}
 * (streams catch up from the store on their next sweep). The subscription reconnects with backoff.
 * The same subscription hears the store's announcements: of things due ({@link DueTimes}; it tells
 * the store when it starts and ends, so the store knows when it may skip shards with nothing due)
 * and of agents changed ({@link RedisStore#AGENTS_CHANNEL}).
 */
public final class RedisSignals implements Signals {

  static final String CHANNEL = RedisStore.key("signals");
  private static final Logger LOG = LoggerFactory.getLogger(RedisSignals.class);
  /** After a subscription ends; failed attempts then wait 200 ms, doubling up to 10 s. */
  private static final Duration RESUBSCRIBE = Duration.ofMillis(100);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 2);
  static final int QUEUED_AT_MOST = 10_000;
  /** Signals in one PUBLISH, at most. */
  private static final int PER_PUBLISH = 500;
  static final Duration WARN_EVERY = Duration.ofSeconds(30);
  private static final Duration SILENT_AFTER = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Redis redis;
  private final RedisStore store;
  private final DueTimes due;
  private final String origin = UUID.randomUUID().toString();
  /** Where the queue is sent from: every field below the queue's lock is used there only. */
  private final Context context;
  private final StoreMetrics metrics;
  /** Dropped so far, for the log. */
  private long dropped;
  /** address, value, address, value…: what the other replicas have not been sent yet. */
  private final ArrayDeque<String> queued = new ArrayDeque<>();
  /** A send is scheduled or on its way (under the queue's lock). */
  private boolean sending;
  private RedisConnection publisher;
  private int failures;
  private long warnedAt;
  private RedisConnection subscription;
  private volatile boolean closed;
  // Each pass holds one subscription until it ends; the poller waits and subscribes again.
  private final Poller resubscribe;

  private RedisSignals(Vertx vertx, Redis redis, RedisStore store, StoreMetrics metrics) {
    this.vertx = vertx;
    this.redis = redis;
    this.store = store;
    this.due = store.due();
    this.context = vertx.getOrCreateContext();
    this.metrics = metrics;
    this.resubscribe = new Poller(vertx, RESUBSCRIBE, BACKOFF, () -> subscribe().compose(ended -> ended));
  }

  /**
   * Subscribed when this completes; {@code store} hears its announcements from then on. A client of
   * its own: one connection subscribes, one publishes (a third: a new subscription while the old one closes).
   */
  public static Future<RedisSignals> start(Vertx vertx, RedisOptions options, RedisStore store, StoreMetrics metrics) {
    RedisSignals signals = new RedisSignals(vertx, Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(3)),
        store, metrics);
    return signals.subscribe().map(ended -> {
      ended.onComplete(v -> {
        if (!signals.closed) {
          signals.resubscribe.start(RESUBSCRIBE);
        }
      });
      return signals;
    });
  }

  @Override
  public void publish(String address, String value) {
    vertx.eventBus().publish(address, value);
    boolean start;
    synchronized (queued) {
      if (queued.size() >= 2 * QUEUED_AT_MOST) {
        queued.poll();
        queued.poll();
        drop();
      }
      queued.add(address);
      queued.add(value);
      start = !sending;
      sending = true;
    }
    if (start) {
      context.runOnContext(v -> sendQueued());
    }
  }

  /** One PUBLISH with what is queued; when it is done, the next (or nothing more to send). */
  private void sendQueued() {
    List<String> batch = new ArrayList<>();
    synchronized (queued) {
      while (!queued.isEmpty() && batch.size() < 2 * PER_PUBLISH) {
        batch.add(queued.poll());
      }
      if (batch.isEmpty() || closed) {
        sending = false;
        return;
      }
    }
    JsonArray payload = new JsonArray().add(origin);
    batch.forEach(payload::add);
    publisher().compose(connection -> connection.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(payload.encode())))
        // A link that went silent (no reset seen) is given up on, so the queue moves to a new connection.
        .timeout(SILENT_AFTER.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(r -> {
          failures = 0;
          sendQueued();
        })
        .onFailure(err -> {
          putBack(batch);
          if (publisher != null) {
            publisher.close();
            publisher = null;
          }
          warn(err);
          vertx.setTimer(BACKOFF.after(++failures).toMillis(), id -> sendQueued());
        });
  }

  /** A batch that could not be sent goes back to the front of the queue, within its bound. */
  private void putBack(List<String> batch) {
    synchronized (queued) {
      for (int i = batch.size() - 1; i >= 0; i--) {
        queued.addFirst(batch.get(i));
      }
      while (queued.size() > 2 * QUEUED_AT_MOST) {
        queued.poll();
        queued.poll();
        drop();
      }
    }
  }

  /** Under the queue's lock. */
  private void drop() {
    dropped++;
    metrics.signalDropped();
  }

  private void warn(Throwable err) {
    long now = System.nanoTime();
    if (warnedAt == 0 || now - warnedAt >= WARN_EVERY.toNanos()) {
      warnedAt = now;
      int waiting;
      long lost;
      synchronized (queued) {
        waiting = queued.size() / 2;
        lost = dropped;
      }
      LOG.atWarn().addKeyValue("error", err.getMessage()).addKeyValue("queued", waiting)
          .addKeyValue("dropped", lost)
          .log("signals not sent to other replicas yet; they are kept and sent when Redis answers (this is logged at most every 30 s)");
    }
  }

  private Future<RedisConnection> publisher() {
    if (publisher != null) {
      return Future.succeededFuture(publisher);
    }
    return redis.connect().onSuccess(connection -> {
      publisher = connection;
      connection.exceptionHandler(err -> LOG.atDebug().addKeyValue("error", err.getMessage()).log("signal publisher failed"));
      connection.endHandler(v -> context.runOnContext(x -> {
        if (publisher == connection) {
          publisher = null;
        }
      }));
    });
  }

  /** Completes once subscribed, with a future that completes when the subscription ends. */
  private Future<Future<Void>> subscribe() {
    return redis.connect().compose(connection -> {
      subscription = connection;
      Promise<Void> ended = Promise.promise();
      connection.handler(this::onMessage);
      connection.exceptionHandler(err -> LOG.atWarn().addKeyValue("error", err.getMessage()).log("signal subscription failed"));
      connection.endHandler(v -> {
        due.unsubscribed();
        ended.tryComplete();
      });
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL).arg(DueTimes.CHANNEL)
          .arg(RedisStore.AGENTS_CHANNEL)).map(r -> {
        // Not before: an announcement made before this subscription may have been missed.
        due.subscribed();
        return ended.future();
      });
    });
  }

  /** {@code [origin, address, value, address, value…]}; or, from a replica of an earlier version, {@code origin|address|value}. */
  private void onMessage(Response message) {
    if (message == null || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    if (DueTimes.CHANNEL.equals(message.get(1).toString())) {
      due.heard(message.get(2).toString());
      return;
    }
    if (RedisStore.AGENTS_CHANNEL.equals(message.get(1).toString())) {
      store.heardAgentChanged(message.get(2).toString());
      return;
    }
    String text = message.get(2).toString();
    if (!text.startsWith("[")) {
      String[] parts = text.split("\\|", 3);
      if (parts.length == 3 && !parts[0].equals(origin)) {
        vertx.eventBus().publish(parts[1], parts[2]);
      }
      return;
    }
    JsonArray signals = new JsonArray(text);
    if (origin.equals(signals.getString(0))) {
      return;
    }
    for (int i = 1; i + 1 < signals.size(); i += 2) {
      vertx.eventBus().publish(signals.getString(i), signals.getString(i + 1));
    }
  }

  public void close() {
    closed = true;
    due.unsubscribed();
    resubscribe.stop();
    if (subscription != null) {
      subscription.close();
    }
    redis.close();
  }
}
