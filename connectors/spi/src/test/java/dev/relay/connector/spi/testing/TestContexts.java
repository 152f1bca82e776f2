package dev.relay.connector.spi.testing;

import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.InboundSink;
import dev.relay.connector.spi.Leases;
import dev.relay.connector.spi.Signals;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * Builds the {@link ConnectorContext} the gateway would lend, from test parts: the system clock,
 * local signals, no-op metrics, and a recording sink, in-memory leases and a router unless a test
 * passes its own.
 */
public final class TestContexts {

  private final Vertx vertx;
  private Router router;
  private InboundSink inbound = new RecordingSink();
  private Leases leases;

  private TestContexts(Vertx vertx) {
    this.vertx = vertx;
  }

  public static TestContexts builder(Vertx vertx) {
    return new TestContexts(vertx);
  }

  public TestContexts router(Router value) {
    router = value;
    return this;
  }

  public TestContexts inbound(InboundSink value) {
    inbound = value;
    return this;
  }

  public TestContexts leases(Leases value) {
    leases = value;
    return this;
  }

  public ConnectorContext build() {
    return new ConnectorContext(vertx, router != null ? router : Router.router(vertx), inbound, Clock.systemUTC(),
        ChannelMetrics.NOOP, leases != null ? leases : new InMemoryLeases(Clock.systemUTC()), Signals.local(vertx));
  }
}
