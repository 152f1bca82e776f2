package dev.relay.gateway.inbound;

import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.Poller;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.store.ConversationStore.Opened;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes again the inbound messages that were stored (and acknowledged to their channel) but whose
 * routing did not finish: the store was lost mid-step, a step failed, or the replica died. Each
 * such message carries a note written with it ({@code MessageStore.appendUnrouted}); routing
 * clears it. Every tick, notes older than {@code jobs.unroutedRetryAfter} are claimed (one replica each) and the
 * message is dispatched again; a failure leaves the note to come back that long later. On a retry the
 * conversation counts as already opened: the agent gets the message (and the assignment if it had
 * none yet), and the customer is not told a second time who answers.
 */
public final class RoutingRetries {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingRetries.class);
  private static final int BATCH = 100;

  private final Vertx vertx;
  private final Store store;
  private final Dispatch dispatch;
  private final Clock clock;
  private final GatewayMetrics metrics;
  /** Longer than any routing that works takes: a message older than this with its note was not routed. */
  private final Duration retryAfter;
  private Poller ticks;

  public RoutingRetries(Vertx vertx, Store store, Dispatch dispatch, Clock clock, GatewayMetrics metrics,
                        Duration retryAfter) {
    this.vertx = vertx;
    this.store = store;
    this.dispatch = dispatch;
    this.clock = clock;
    this.metrics = metrics;
    this.retryAfter = retryAfter;
  }

  public void start(Duration tick) {
    ticks = new Poller(vertx, tick, Backoff.fixed(tick), this::sweep);
    ticks.start(tick);
  }

  public void stop() {
    if (ticks != null) {
      ticks.stop();
    }
  }

  /** Routes every message whose note is due now, one after another; completes with how many were routed. */
  public Future<Integer> sweep() {
    Instant now = clock.instant();
    return store.messages().claimUnrouted(now, BATCH, now.plus(retryAfter)).compose(this::routeAll);
  }

  private Future<Integer> routeAll(List<String> ids) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (String id : ids) {
      chain = chain.compose(routed -> route(id).map(ok -> ok ? routed + 1 : routed));
    }
    return chain;
  }

  private Future<Boolean> route(String messageId) {
    return store.messages().get(messageId)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(false) : routeAgain(found.get()))
        // Routed: the dispatch cleared the note with its last write. Gone: nothing to route, the note goes.
        .compose(routed -> routed ? Future.succeededFuture(true) : store.messages().routed(messageId).map(false))
        .onSuccess(routed -> metrics.routing(routed ? "retried" : "gone"))
        .recover(err -> {
          metrics.routing("failed");
          LOG.atWarn().addKeyValue("message", messageId).addKeyValue("error", err.getMessage())
              .log("stored message still not routed; trying again later");
          return Future.succeededFuture(false);
        });
  }

  private Future<Boolean> routeAgain(Message message) {
    return store.conversations().get(message.conversationId()).compose(conversation -> store.customers()
        .get(message.customerId()).compose(customer -> conversation.isEmpty() || customer.isEmpty()
            ? Future.succeededFuture(false)
            : dispatch.stored(customer.get(), new Opened(conversation.get(), false), message).map(true)))
        .onSuccess(routed -> {
          if (routed) {
            LOG.atInfo().addKeyValue("message", message.id()).log("stored message routed late");
          }
        });
  }
}
