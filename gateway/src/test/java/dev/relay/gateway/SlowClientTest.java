package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris and friends: connections that trickle a request head, stall a body, or come by the
 * hundred from one address. The timeouts are the gateway's own timers, set to one second here.
 */
class SlowClientTest extends ConfiguredGatewayTestCase {

  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void aRequestHeadTrickledByteByByteIsCutAtTheHeaderTimeout(Vertx vertx) throws Exception {
    start(vertx, Map.of("RELAY_HTTP_HEADER_TIMEOUT", "PT1S"));
    Socket slow = connect("127.0.0.1");
    long started = System.nanoTime();
    boolean cut = false;
    String head = "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(200);
    for (int i = 0; i < head.length() && !cut; i++) {
      try {
        slow.getOutputStream().write(head.charAt(i));
        slow.getOutputStream().flush();
      } catch (IOException closed) {
        cut = true;
      }
      cut = cut || closedWithin(slow, 50);
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertTrue(cut, "a head trickled for " + seconds + " s is still being read");
    assertTrue(seconds < 4, "cut after " + seconds + " s");
    assertEquals(1, dropped("header_timeout"));
    assertEquals(200, gateway.request(HttpMethod.GET, "/health/live", null, null).statusCode(), "others are served");
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAtTheHeaderTimeout(Vertx vertx) throws Exception {
    start(vertx, Map.of("RELAY_HTTP_HEADER_TIMEOUT", "PT1S"));
    Socket idle = connect("127.0.0.1");
    idle.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    idle.setSoTimeout(3_000);
    assertTrue(new String(idle.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
    assertTrue(closedWithin(idle, 4_000), "an idle keep-alive connection stays open");
  }

  @Test
  void aStalledBodyIsCutAtTheBodyTimeoutEvenForAnAdmin(Vertx vertx) throws Exception {
    start(vertx, Map.of("RELAY_HTTP_BODY_TIMEOUT", "PT1S"));
    Socket stalled = connect("127.0.0.1");
    stalled.getOutputStream().write(("PUT /api/admin/routing-rules HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + TestGateway.ADMIN_TOKEN + "\r\nContent-Type: application/yaml\r\n"
        + "Content-Length: 60000\r\n\r\nversion: 1\nrules:\n  - name: \"Québec\"\n").getBytes(StandardCharsets.UTF_8));
    assertTrue(closedWithin(stalled, 4_000), "a body stalled after 40 bytes keeps its connection");
    assertEquals(1, dropped("body_timeout"));
  }

  @Test
  void oneAddressCannotHoldMoreConnectionsThanItsShare(Vertx vertx) throws Exception {
    start(vertx, Map.of("RELAY_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "5"));
    for (int i = 0; i < 5; i++) {
      assertTrue(!closedWithin(connect("127.0.0.2"), 100), "connection " + (i + 1) + " of 5 is kept");
    }
    assertTrue(closedWithin(connect("127.0.0.2"), 2_000), "the sixth connection from one address is refused");
    assertEquals(1, dropped("too_many"));
    assertEquals(200, gateway.request(HttpMethod.GET, "/health/live", null, null).statusCode(),
        "another address (127.0.0.1) is served");
    sockets.remove(0).close();
    Socket again = connectWhenFreed("127.0.0.2");
    again.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    again.setSoTimeout(3_000);
    assertTrue(new String(again.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"),
        "a closed connection frees its slot");
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnShareOfWebSockets(Vertx vertx) throws Exception {
    start(vertx, Map.of("RELAY_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "2",
        "RELAY_HTTP_TRUSTED_PROXIES", "127.0.0.1"));
    // The Ingress (trusted) opens as many connections as it needs; its clients are counted by X-Forwarded-For.
    assertEquals("101", upgrade("127.0.0.1", "203.0.113.7"));
    assertEquals("101", upgrade("127.0.0.1", "198.51.100.20, 203.0.113.7"));
    assertEquals("429", upgrade("127.0.0.1", "203.0.113.7"), "a third WebSocket for one forwarded client");
    assertEquals("101", upgrade("127.0.0.1", "198.51.100.21"), "another client behind the same proxy");
    // Anyone else may write X-Forwarded-For too: from an untrusted peer it is ignored.
    assertEquals("101", upgrade("127.0.0.2", "192.0.2.1"));
    assertEquals("101", upgrade("127.0.0.2", "192.0.2.2"));
    assertTrue(closedWithin(connect("127.0.0.2"), 2_000), "127.0.0.2 is counted as itself, whatever it claims");
  }

  private String upgrade(String from, String forwardedFor) throws IOException {
    Socket socket = connect(from);
    socket.getOutputStream().write(("GET /chat/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "X-Forwarded-For: " + forwardedFor + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.setSoTimeout(3_000);
    return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).substring(9, 12);
  }

  private Socket connect(String from) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 3_000);
    sockets.add(socket);
    return socket;
  }

  /** The gateway frees a slot when it sees the close, a moment after ours. */
  private Socket connectWhenFreed(String from) throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      Socket socket = connect(from);
      if (!closedWithin(socket, 100)) {
        return socket;
      }
    }
    throw new AssertionError("the slot was never freed");
  }

  /** True when the gateway closes the socket within {@code millis}: reading what is left reaches the end (or a reset). */
  private static boolean closedWithin(Socket socket, int millis) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private int dropped(String reason) {
    String metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    Matcher line = Pattern.compile("relay_http_connections_dropped_total\\{reason=\"" + reason + "\"\\} ([0-9.]+)")
        .matcher(metrics);
    return line.find() ? (int) Double.parseDouble(line.group(1)) : 0;
  }
}
