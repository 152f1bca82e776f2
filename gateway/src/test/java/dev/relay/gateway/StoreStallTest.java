package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TcpProxy;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A Redis that stops answering without closing the connection (a hung network): probes stay clean. */
@ExtendWith(VertxExtension.class)
class StoreStallTest {

  @TempDir
  Path dir;
  RedisServer redis;
  TcpProxy proxy;
  TestGateway gateway;
  final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    vertx.exceptionHandler(unhandled::add);
    redis = RedisServer.start(dir.resolve("redis"));
    proxy = TcpProxy.to(redis.port());
    gateway = TestGateway.start(vertx, dir.resolve("gateway"), Map.of("RELAY_STORE", "redis",
        "RELAY_REDIS_URL", proxy.redisUrl(), "RELAY_CHAT_SECRET", "a-chat-secret-for-the-stall-test-0123456789"));
  }

  @AfterEach
  void stop() {
    proxy.unfreeze();
    gateway.close();
    proxy.close();
    redis.close();
  }

  @Test
  void aPingThatOutlastsItsTimeoutMakesReadinessFailCleanlyAndRecover() throws Exception {
    assertEquals(200, gateway.request(HttpMethod.GET, "/health/ready", null, null).statusCode());
    proxy.freeze();
    for (int probe = 0; probe < 3; probe++) {
      assertEquals(503, gateway.request(HttpMethod.GET, "/health/ready", null, null).statusCode(),
          "a store that does not answer within the check's timeout is not ready");
    }
    proxy.unfreeze();
    int status = 0;
    long deadline = System.currentTimeMillis() + 10_000;
    while (status != 200 && System.currentTimeMillis() < deadline) {
      status = gateway.request(HttpMethod.GET, "/health/ready", null, null).statusCode();
    }
    assertEquals(200, status, "ready again once Redis answers");
    assertEquals(List.of(), unhandled, "the late pings' answers are dropped quietly, not thrown");
  }
}
