package dev.relay.gateway.http;

import dev.relay.connector.spi.TrustedProxies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection to the HTTP port is held to, from the moment it opens: how many one client
 * address may hold, how long a request head and body may take, how long it may take nothing we send
 * (each connection's {@link ConnectionGuard}). Dropped connections are counted in
 * {@code relay_http_connections_dropped_total{reason}}.
 */
public final class ClientConnections {

  /** Why a connection was dropped; the metric's closed set of labels. */
  enum Reason {
    HEADER_TIMEOUT, BODY_TIMEOUT, WRITE_STALL, TOO_MANY;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param headerTimeout from opening, or from the last answer, to a complete request head
   * @param bodyTimeout   from a request head to the end of its body
   * @param writeStall    how long a connection may take nothing we send
   * @param perAddress    open connections one client address may hold
   */
  public record Limits(Duration headerTimeout, Duration bodyTimeout, Duration writeStall, int perAddress,
                       TrustedProxies proxies) {
  }

  private final Limits limits;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();
  private final Map<Reason, Counter> dropped = new EnumMap<>(Reason.class);

  public ClientConnections(Limits limits, MeterRegistry registry) {
    this.limits = limits;
    for (Reason reason : Reason.values()) {
      dropped.put(reason, Counter.builder("relay.http.connections.dropped")
          .description("Connections the gateway dropped: timeouts, peers that stopped reading, too many from one address")
          .tag("reason", reason.label()).register(registry));
    }
  }

  /**
   * For {@code HttpServer.connectionHandler}: refuses the connection when its address holds too many,
   * else puts its guard in the pipeline. A trusted proxy carries many clients: its connections are
   * not counted, the WebSockets it forwards are, per client.
   */
  public void accept(HttpConnection connection) {
    // Vert.x closes a connection only after what it has queued is sent, which a peer that never
    // reads never lets happen; the guard sits in the channel's own pipeline, so it can drop it outright.
    Channel channel = ((ConnectionBase) connection).channel();
    String peer = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
    String counted = limits.proxies().trusts(peer) ? null : peer;
    if (counted != null && !take(counted)) {
      dropped(Reason.TOO_MANY);
      channel.close();
      return;
    }
    channel.pipeline().addBefore("handler", "relay-guard", new ConnectionGuard(this, peer, counted));
  }

  Limits limits() {
    return limits;
  }

  /** Takes one of the address's slots; false when it holds all it may. */
  boolean take(String address) {
    boolean[] taken = {false};
    open.compute(address, (key, count) -> {
      int now = count == null ? 0 : count;
      if (now >= limits.perAddress()) {
        return count;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  void release(String address) {
    open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  void dropped(Reason reason) {
    dropped.get(reason).increment();
  }
}
