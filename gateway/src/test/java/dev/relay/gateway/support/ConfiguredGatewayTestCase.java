package dev.relay.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Like {@link GatewayTestCase}, for tests whose gateway needs settings of its own: each test starts it. */
@ExtendWith(VertxExtension.class)
public abstract class ConfiguredGatewayTestCase {

  @TempDir
  protected Path data;
  protected TestGateway gateway;

  /** Starts this test's gateway with these environment variables (on top of the test defaults). */
  protected TestGateway start(Vertx vertx, Map<String, String> env) {
    gateway = TestGateway.start(vertx, data, env);
    return gateway;
  }

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }
}
