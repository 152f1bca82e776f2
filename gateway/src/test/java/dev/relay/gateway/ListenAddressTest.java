package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An operator who sets RELAY_HTTP_HOST to one interface gets exactly that interface, not all of them. */
@ExtendWith(VertxExtension.class)
class ListenAddressTest {

  @TempDir
  Path data;

  @Test
  void gatewayListensOnlyOnTheConfiguredInterface(Vertx vertx) {
    // 127.0.0.2 is a loopback address of its own on Linux: bound there, 127.0.0.1 must refuse.
    try (TestGateway gateway = TestGateway.start(vertx, data, Map.of("RELAY_HTTP_HOST", "127.0.0.2"))) {
      WebClient client = WebClient.create(vertx);
      assertEquals(200, Await.result(client.get(gateway.port(), "127.0.0.2", "/health/live").send()).statusCode());
      Throwable refused = Await.failure(client.get(gateway.port(), "127.0.0.1", "/health/live").send());
      assertTrue(refused.getMessage().contains("Connection refused"), refused.toString());
      client.close();
    }
  }
}
