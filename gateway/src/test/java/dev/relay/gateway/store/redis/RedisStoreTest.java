package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;

import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.StoreContract;
import dev.relay.gateway.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real redis-server; "reopen" is a new client after the server restarted from its AOF. */
class RedisStoreTest extends StoreContract {

  @TempDir
  Path dir;
  RedisServer redis;

  @Override
  protected Store open(Vertx vertx) {
    redis = RedisServer.start(dir);
    return result(RedisStore.open(vertx, new RedisOptions().setConnectionString(redis.url()), clock));
  }

  @Override
  protected Store reopen(Vertx vertx) {
    redis.restart();
    return result(RedisStore.open(vertx, new RedisOptions().setConnectionString(redis.url()), clock));
  }

  /**
   * A full Redis refuses writes but still answers reads: the failure strikes after a lookup
   * succeeded, the step that used to be taken for "nothing there".
   */
  @Override
  protected void outage() {
    result(((RedisStore) store).send(Command.CONFIG, "SET", "maxmemory", "1"));
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }
}
