package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.SilentPeer;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket peer that never reads must not make the gateway queue without end: it stops being
 * read (so its pings and bad frames stop costing answers), and once it has taken nothing for the
 * write-stall timeout its connection is dropped, whatever it was owed.
 */
class SlowReaderTest extends ConfiguredGatewayTestCase {

  /** Far more than the kernel buffers (up to 4 MB a socket here) and Netty's hold: answers must pile up somewhere. */
  private static final long FLOOD_BYTES = 32L * 1024 * 1024;
  private static final Duration FLOOD_AT_MOST = Duration.ofSeconds(20);

  @BeforeEach
  void startWithAShortStallTimeout(Vertx vertx) {
    // The stall timeout is the gateway's own timer: one real second is the point of these tests.
    start(vertx, Map.of("RELAY_HTTP_WRITE_STALL_TIMEOUT", "PT1S"));
  }

  @Test
  void aChatVisitorWhoSendsBadFramesAndNeverReadsTheAnswersIsDropped() {
    try (SilentPeer peer = SilentPeer.upgrade(gateway.port(), "/chat/ws")) {
      peer.flood(SilentPeer.text("{\"type\":\"hello\",\"name\":\"Zoé\"}"), 1, FLOOD_AT_MOST);
      long sent = peer.flood(SilentPeer.text("{\"type\":\"bonjour\"}"), FLOOD_BYTES, FLOOD_AT_MOST);
      assertDropped(peer, sent, 1);
    }
    stillServesOthers();
  }

  @Test
  void aChatPingFloodThatNeverReadsThePongsIsDropped() {
    try (SilentPeer peer = SilentPeer.upgrade(gateway.port(), "/chat/ws")) {
      long sent = peer.flood(SilentPeer.ping(), FLOOD_BYTES, FLOOD_AT_MOST);
      assertDropped(peer, sent, 1);
    }
    stillServesOthers();
  }

  @Test
  void anAgentStreamThatNeverReadsIsDroppedBeforeAndAfterSigningIn() {
    String token = gateway.onlineAgent("Éloïse Gagnon", "eloise@example.com");
    try (SilentPeer anonymous = SilentPeer.upgrade(gateway.port(), "/api/agents/stream")) {
      long sent = anonymous.flood(SilentPeer.text("{\"type\":\"ack\",\"id\":1}"), FLOOD_BYTES, FLOOD_AT_MOST);
      assertDropped(anonymous, sent, 1);
    }
    try (SilentPeer agent = SilentPeer.upgrade(gateway.port(), "/api/agents/stream")) {
      agent.flood(SilentPeer.text("{\"type\":\"auth\",\"token\":\"" + token + "\"}"), 1, FLOOD_AT_MOST);
      long sent = agent.flood(SilentPeer.ping(), FLOOD_BYTES, FLOOD_AT_MOST);
      assertDropped(agent, sent, 2);
    }
    gateway.stream(token).close();
  }

  private void assertDropped(SilentPeer peer, long sent, int droppedSoFar) {
    assertTrue(peer.droppedWithin(Duration.ofSeconds(5)),
        "the gateway still holds the connection of a peer that read nothing (it took " + sent + " bytes)");
    assertTrue(sent < FLOOD_BYTES, "the gateway stopped reading the peer before it was dropped, took " + sent);
    assertEquals(droppedSoFar, stalledConnectionsDropped());
  }

  private int stalledConnectionsDropped() {
    String metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    Matcher line = Pattern.compile("relay_http_connections_dropped_total\\{reason=\"write_stall\"\\} ([0-9.]+)")
        .matcher(metrics);
    return line.find() ? (int) Double.parseDouble(line.group(1)) : 0;
  }

  private void stillServesOthers() {
    try (ChatVisitor visitor = gateway.newVisitor()) {
      assertTrue(visitor.welcome().getString("visitorToken") != null);
    }
  }
}
