package dev.relay.gateway.ops;

import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Predicate;

/**
 * What operators and Kubernetes probe: {@code /health/live} (the process answers),
 * {@code /health/ready} (the store answers and no configured channel is down), {@code /metrics},
 * and the API description at {@code /openapi.yaml}. Readiness shows each check's details (mail
 * hosts and users, store errors) only to the admin token: a probe needs the status, not them.
 * Metrics name mailboxes and count customers: they need the metrics token (or the admin token).
 */
public final class OpsRoutes {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final Store store;
  private final Connectors connectors;
  private final PrometheusMeterRegistry registry;
  private final Predicate<HttpServerRequest> mayReadDetails;
  private final Predicate<HttpServerRequest> mayScrape;

  public OpsRoutes(Vertx vertx, Store store, Connectors connectors, PrometheusMeterRegistry registry,
                   Predicate<HttpServerRequest> mayReadDetails, Predicate<HttpServerRequest> mayScrape) {
    this.vertx = vertx;
    this.store = store;
    this.connectors = connectors;
    this.registry = registry;
    this.mayReadDetails = mayReadDetails;
    this.mayScrape = mayScrape;
  }

  public void mount(Router router) {
    HealthChecks live = HealthChecks.create(vertx).register("process", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx);
    // A ping slower than the check's timeout answers after the check has failed it: tryComplete.
    ready.register("store", CHECK_TIMEOUT_MS, promise -> store.ping()
        .onSuccess(v -> promise.tryComplete(Status.OK()))
        .onFailure(err -> promise.tryComplete(Status.KO(new JsonObject().put("reason", err.getMessage())))));
    for (Connector connector : connectors.all()) {
      ready.register("channel." + connector.channel(), CHECK_TIMEOUT_MS, promise -> {
        ConnectorHealth health = connector.health();
        JsonObject data = new JsonObject().put("state", health.state().name().toLowerCase()).put("detail", health.detail());
        promise.tryComplete(health.state() == ConnectorHealth.State.DOWN ? Status.KO(data) : Status.OK(data));
      });
    }
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    HealthCheckHandler detailed = HealthCheckHandler.createWithHealthChecks(ready);
    HealthCheckHandler plain = HealthCheckHandler.createWithHealthChecks(ready)
        .resultMapper(result -> Future.succeededFuture(withoutData(result)));
    router.get("/health/ready").handler(rc -> (mayReadDetails.test(rc.request()) ? detailed : plain).handle(rc));
    router.get("/metrics").handler(rc -> {
      if (mayScrape.test(rc.request())) {
        rc.next();
      } else {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"relay-metrics\"");
        rc.fail(RelayException.unauthorized("scrape with the metrics token (RELAY_METRICS_TOKEN) or the admin token"));
      }
    }).handler(PrometheusScrapingHandler.create(registry));
    router.get("/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml")
        .sendFile("openapi.yaml"));
  }

  /** The same verdict, each check with its id and status only. */
  private static CheckResult withoutData(CheckResult result) {
    CheckResult plain = new CheckResult().setId(result.getId())
        .setStatus(result.getUp() == null || result.getUp() ? Status.OK() : Status.KO());
    if (result.getChecks() != null) {
      plain.setChecks(result.getChecks().stream().map(OpsRoutes::withoutData).toList());
    }
    return plain;
  }
}
