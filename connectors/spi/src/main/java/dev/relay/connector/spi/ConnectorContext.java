package dev.relay.connector.spi;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * What the gateway lends a connector when it starts.
 *
 * @param vertx   the gateway's Vert.x; blocking SDK calls go to its worker pool, never an event loop
 * @param router  where the connector mounts its HTTP and WebSocket endpoints
 * @param inbound where the connector hands what customers send
 * @param clock   the gateway's clock: connectors take time from it, never from the system
 * @param metrics the connector's counters
 * @param leases  leases shared across replicas, for work only one replica may do
 * @param signals wake-ups that reach every replica (e.g. a reply for a visitor connected elsewhere)
 */
public record ConnectorContext(Vertx vertx, Router router, InboundSink inbound, Clock clock, ChannelMetrics metrics,
                               Leases leases, Signals signals) {
}
