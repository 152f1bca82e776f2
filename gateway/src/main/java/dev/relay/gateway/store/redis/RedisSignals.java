package dev.relay.gateway.store.redis;

import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.Poller;
import dev.relay.connector.spi.Signals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Signals} across replicas through Redis pub/sub on {@code {relay}:signals}: delivered here
 * at once, and to the others through Redis (each ignores its own). The subscription reconnects with
 * backoff; while it is down, streams still catch up from the store on their next wake-up. The same
 * subscription hears the store's announcements of things due ({@link DueTimes}) and tells it when
 * it starts and ends, so the store knows when it may skip shards with nothing due.
 */
public final class RedisSignals implements Signals {

  static final String CHANNEL = RedisStore.key("signals");
  private static final Logger LOG = LoggerFactory.getLogger(RedisSignals.class);
  /** After a subscription ends; failed attempts then wait 200 ms, doubling up to 10 s. */
  private static final Duration RESUBSCRIBE = Duration.ofMillis(100);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 2);

  private final Vertx vertx;
  private final Redis redis;
  private final DueTimes due;
  private final String origin = UUID.randomUUID().toString();
  private RedisConnection subscription;
  private volatile boolean closed;
  // Each pass holds one subscription until it ends; the poller waits and subscribes again.
  private final Poller resubscribe;

  private RedisSignals(Vertx vertx, Redis redis, DueTimes due) {
    this.vertx = vertx;
    this.redis = redis;
    this.due = due;
    this.resubscribe = new Poller(vertx, RESUBSCRIBE, BACKOFF, () -> subscribe().compose(ended -> ended));
  }

  /** Subscribed when this completes; {@code store} hears its announcements from then on. */
  public static Future<RedisSignals> start(Vertx vertx, RedisOptions options, RedisStore store) {
    RedisSignals signals = new RedisSignals(vertx, Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(2)),
        store.due());
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
    redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(origin + "|" + address + "|" + value))
        .onFailure(err -> LOG.atWarn().addKeyValue("address", address).addKeyValue("error", err.getMessage())
            .log("signal not sent to other replicas; they catch up on their next wake-up"));
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
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL).arg(DueTimes.CHANNEL)).map(r -> {
        // Not before: an announcement made before this subscription may have been missed.
        due.subscribed();
        return ended.future();
      });
    });
  }

  private void onMessage(Response message) {
    if (message == null || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    if (DueTimes.CHANNEL.equals(message.get(1).toString())) {
      due.heard(message.get(2).toString());
      return;
    }
    String[] parts = message.get(2).toString().split("\\|", 3);
    if (parts.length == 3 && !parts[0].equals(origin)) {
      vertx.eventBus().publish(parts[1], parts[2]);
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
