package dev.relay.gateway.privacy;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * Privacy (docs/privacy.md): a customer's export and erasure, and the retention job with its
 * dry run. Registers the retention job; {@link #start} plans its first pass.
 */
public final class PrivacyFeature {

  private final Retention retention;
  private final PrivacyRoutes routes;

  public PrivacyFeature(Vertx vertx, Store store, Scheduler scheduler, Connectors connectors, AgentCalls calls,
                        RetentionPolicy policy, Clock clock) {
    retention = new Retention(store, scheduler, calls, policy, clock);
    scheduler.handle(Retention.JOB, retention);
    routes = new PrivacyRoutes(new CustomerExport(store, vertx, calls::voice, clock), new CustomerErasure(store, connectors, clock),
        retention, clock);
  }

  public void mount(Router router) {
    routes.mount(router);
  }

  /** Plans today's retention pass when a period is set. */
  public Future<Void> start() {
    return retention.start();
  }
}
