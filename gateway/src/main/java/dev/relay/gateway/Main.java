package dev.relay.gateway;

import dev.relay.gateway.wiring.GatewayVerticle;
import dev.relay.gateway.config.ConfigException;
import dev.relay.gateway.config.ConfigLoader;
import dev.relay.gateway.config.RelayConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar relay-gateway.jar [--config relay.yaml]}: starts the gateway; SIGTERM stops it gracefully. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if ("json".equalsIgnoreCase(env.get("RELAY_LOG_FORMAT"))) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    RelayConfig config;
    try {
      config = ConfigLoader.load(configFile(args, env), env);
    } catch (ConfigException | IllegalArgumentException e) {
      log.error(e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = RelayVertx.create(registry);
    vertx.deployVerticle(new GatewayVerticle(config, env, Clock.systemUTC(), registry))
        .onFailure(err -> {
          log.atError().setCause(err).log("Relay gateway failed to start: " + err.getMessage());
          vertx.close().onComplete(v -> System.exit(1));
        });
    long waitMs = config.shutdown().grace().toMillis() + 5_000;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down: draining requests");
      CountDownLatch closed = new CountDownLatch(1);
      vertx.close().onComplete(v -> closed.countDown());
      try {
        if (!closed.await(waitMs, TimeUnit.MILLISECONDS)) {
          log.warn("shutdown did not finish in time");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "relay-shutdown"));
  }

  static Path configFile(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i])) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--config needs a file path");
        }
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
      throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: relay-gateway [--config relay.yaml]");
    }
    String fromEnv = env.get("RELAY_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }
}
