package dev.relay.gateway.ops;

import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * What operators and Kubernetes probe: {@code /health/live} (the process answers),
 * {@code /health/ready} (the store answers and no configured channel is down), {@code /metrics},
 * and the API description at {@code /openapi.yaml}.
 */
public final class OpsRoutes {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final Store store;
  private final Connectors connectors;
  private final PrometheusMeterRegistry registry;

  public OpsRoutes(Vertx vertx, Store store, Connectors connectors, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.store = store;
    this.connectors = connectors;
    this.registry = registry;
  }

  public void mount(Router router) {
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx);
    ready.register("store", CHECK_TIMEOUT_MS, promise -> store.ping()
        .onSuccess(v -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("reason", err.getMessage())))));
    for (Connector connector : connectors.all()) {
      ready.register("channel." + connector.channel(), CHECK_TIMEOUT_MS, promise -> {
        ConnectorHealth health = connector.health();
        JsonObject data = new JsonObject().put("state", health.state().name().toLowerCase()).put("detail", health.detail());
        promise.complete(health.state() == ConnectorHealth.State.DOWN ? Status.KO(data) : Status.OK(data));
      });
    }
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.get("/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml")
        .sendFile("openapi.yaml"));
  }
}
