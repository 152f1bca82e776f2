package dev.relay.connector.spi;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies (an Ingress, a load balancer) whose {@code X-Forwarded-For} is believed. Anyone else
 * can write that header, so it is read only when the connection comes from one of these, and then
 * from the right: the first address that is not itself a trusted proxy is the client.
 */
public final class TrustedProxies {

  public static final TrustedProxies NONE = new TrustedProxies(List.of());
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** @param spec comma-separated literal addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}); blank: none */
  public static TrustedProxies parse(String spec) {
    String problem = problem("trustedProxies", spec);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries(spec)) {
      ranges.add(Range.parse(entry));
    }
    return new TrustedProxies(List.copyOf(ranges));
  }

  /** What is wrong with {@code spec}, or null; literal addresses only: a host name would need a DNS lookup. */
  public static String problem(String path, String spec) {
    for (String entry : entries(spec)) {
      if (Range.parse(entry) == null) {
        return path + ": " + entry + " is not an IP address or CIDR range (such as 10.0.0.0/8)";
      }
    }
    return null;
  }

  public boolean trusts(String address) {
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  /**
   * The client's address: the peer's own, unless the peer is a trusted proxy and says whom it forwards.
   *
   * @param forwardedFor the request's {@code X-Forwarded-For}, or null
   */
  public String client(String peer, String forwardedFor) {
    if (forwardedFor == null || !trusts(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (literal(hop) == null) {
        return client; // not an address: whatever is left of it was written by the client, not a proxy
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  /** The client of a request: its peer, or whom a trusted proxy says it forwards. */
  public String clientOf(HttpServerRequest request) {
    return client(request.remoteAddress().hostAddress(), request.getHeader(FORWARDED_FOR));
  }

  /** The client of a WebSocket, from its upgrade request's peer and headers. */
  public String clientOf(ServerWebSocket ws) {
    return client(ws.remoteAddress().hostAddress(), ws.headers().get(FORWARDED_FOR));
  }

  private static List<String> entries(String spec) {
    if (spec == null || spec.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(spec.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
  }

  /** The bytes of an IPv4 or IPv6 literal, or null for anything else (never a DNS lookup). */
  private static byte[] literal(String text) {
    if (text == null || text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Range(byte[] network, int prefix) {

    static Range parse(String entry) {
      int slash = entry.indexOf('/');
      byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (network == null) {
        return null;
      }
      int prefix = network.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (prefix < 0 || prefix > network.length * 8) {
          return null;
        }
      }
      return new Range(network, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
