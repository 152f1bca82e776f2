package dev.relay.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every end-to-end test gets its own gateway on a fresh data directory, stopped afterwards. */
@ExtendWith(VertxExtension.class)
public abstract class GatewayTestCase {

  @TempDir
  protected Path data;
  protected TestGateway gateway;

  @BeforeEach
  void startGateway(Vertx vertx) {
    gateway = TestGateway.start(vertx, data);
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
  }
}
