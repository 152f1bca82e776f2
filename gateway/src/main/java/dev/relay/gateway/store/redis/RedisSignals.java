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
 * backoff; while it is down, streams still catch up from the store on their next wake-up.
 */
public final class RedisSignals implements Signals {

  static final String CHANNEL = RedisStore.key("signals");
  private static final Logger LOG = LoggerFactory.getLogger(RedisSignals.class);
  /** After a subscription ends; failed attempts then wait 200 ms, doubling up to 10 s. */
  private static final Duration RESUBSCRIBE = Duration.ofMillis(100);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 2);

  private final Vertx vertx;
  private final Redis redis;
  private final String origin = UUID.randomUUID().toString();
  private RedisConnection subscription;
  private volatile boolean closed;
  // Each pass holds one subscription until it ends; the poller waits and subscribes again.
  private final Poller resubscribe;

  private RedisSignals(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
    this.resubscribe = new Poller(vertx, RESUBSCRIBE, BACKOFF, () -> subscribe().compose(ended -> ended));
  }

  public static Future<RedisSignals> start(Vertx vertx, RedisOptions options) {
    RedisSignals signals = new RedisSignals(vertx, Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(2)));
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
      connection.endHandler(v -> ended.tryComplete());
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).map(r -> ended.future());
    });
  }

  private void onMessage(Response message) {
    if (message == null || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    String[] parts = message.get(2).toString().split("\\|", 3);
    if (parts.length == 3 && !parts[0].equals(origin)) {
      vertx.eventBus().publish(parts[1], parts[2]);
    }
  }

  public void close() {
    closed = true;
    resubscribe.stop();
    if (subscription != null) {
      subscription.close();
    }
    redis.close();
  }
}
