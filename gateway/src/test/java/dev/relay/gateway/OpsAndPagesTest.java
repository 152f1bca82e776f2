package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.FrameSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** What operators probe and what a visitor's browser loads. */
class OpsAndPagesTest extends GatewayTestCase {


  @Test
  void readinessReportsTheStoreAndEveryChannel() {
    JsonObject live = gateway.get("/health/live", null);
    assertEquals("UP", live.getString("status"));
    JsonObject anonymous = gateway.get("/health/ready", null);
    assertEquals("UP", anonymous.getString("status"));
    assertEquals("{\"id\":\"channel.email\",\"status\":\"UP\"}",
        anonymous.getJsonArray("checks").stream().map(Object::toString).filter(c -> c.contains("channel.email"))
            .findFirst().orElseThrow(), "a probe sees each check's status, not its details");
    JsonObject ready = gateway.get("/health/ready", TestGateway.ADMIN_TOKEN);
    assertEquals("UP", ready.getString("status"));
    String checks = ready.getJsonArray("checks").encode();
    assertTrue(checks.contains("\"id\":\"store\""), checks);
    assertTrue(checks.contains("\"id\":\"channel.chat\""), checks);
    assertTrue(checks.contains("\"id\":\"channel.email\",\"status\":\"UP\",\"data\":{\"state\":\"disabled\""), checks);
    assertTrue(checks.contains("\"id\":\"channel.sms\",\"status\":\"UP\",\"data\":{\"state\":\"disabled\""), checks);
    assertTrue(checks.contains("set TWILIO_ACCOUNT_SID"), "readiness says how to turn a channel on: " + checks);
  }

  @Test
  void metricsNeedTheMetricsOrTheAdminToken(io.vertx.core.Vertx vertx, @org.junit.jupiter.api.io.TempDir java.nio.file.Path other) {
    HttpResponse<Buffer> anonymous = gateway.request(HttpMethod.GET, "/metrics", null, null);
    assertEquals(401, anonymous.statusCode(), "mailboxes and counts are not for everyone");
    assertEquals("no-store", anonymous.getHeader("Cache-Control"));
    assertEquals(200, gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).statusCode());

    String scraper = "prometheus-scrape-token-0123456789abcdef";
    TestGateway scraped = TestGateway.start(vertx, other, java.util.Map.of("RELAY_METRICS_TOKEN", scraper));
    try {
      assertEquals(200, scraped.request(HttpMethod.GET, "/metrics", scraper, null).statusCode());
      assertEquals(401, scraped.request(HttpMethod.GET, "/metrics", scraper + "x", null).statusCode());
      assertEquals(401, scraped.request(HttpMethod.GET, "/api/agents/me", scraper, null).statusCode(),
          "the metrics token opens nothing else");
    } finally {
      scraped.close();
    }
  }

  @Test
  void metricsCountWhatTheChannelsCarry() {
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Hello");
    ann.socket.sendRaw("nope");
    ann.socket.next("error");
    String metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    assertTrue(metrics.contains("relay_channel_received_total{channel=\"chat\"} 1.0"), metrics);
    assertTrue(metrics.contains("relay_channel_rejected_total{channel=\"chat\",reason=\"bad_json\"} 1.0"), metrics);
    assertTrue(metrics.contains("relay_channel_connections{channel=\"chat\"} 1.0"), metrics);
    assertTrue(metrics.contains("relay_inbound_stored_seconds_count{channel=\"chat\",duplicate=\"false\"} 1"), metrics);
    assertTrue(!metrics.contains("relay_inbox_events_published_total{"), "nobody is online: no event yet");
    // The embedded store's writer: its queue now, and the group commits that stored the message.
    assertTrue(metrics.contains("relay_store_writer_queue "), metrics);
    assertTrue(java.util.regex.Pattern.compile("relay_store_commit_seconds_count [1-9]").matcher(metrics).find(), metrics);
    assertTrue(java.util.regex.Pattern.compile("relay_store_commit_writes_sum [1-9]").matcher(metrics).find(), metrics);
    ann.close();
  }

  @Test
  void inboxMetricsShowWhatAgentsHaveStillToAcknowledge() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Hello");
    FrameSocket stream = gateway.stream(kristin);
    JsonObject first = stream.next("event");
    stream.send(new JsonObject().put("type", "ack").put("id", first.getString("id")));
    stream.next("event");
    String metrics = "";
    long deadline = System.currentTimeMillis() + 5_000;
    while (!metrics.contains("relay_inbox_events_acknowledged_total 1.0") && System.currentTimeMillis() < deadline) {
      metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
    }
    assertTrue(metrics.contains("relay_inbox_events_published_total{type=\"conversation.assigned\"} 1.0"), metrics);
    assertTrue(metrics.contains("relay_inbox_events_published_total{type=\"message.received\"} 1.0"), metrics);
    assertTrue(metrics.contains("relay_inbox_events_acknowledged_total 1.0"), metrics);
    assertTrue(metrics.contains("relay_agent_streams 2.0"), "her desk and this stream: " + metrics);
    stream.close();
    ann.close();
  }

  @Test
  void stoppingTheGatewayClosesWebSocketsAsGoingAway() {
    ChatVisitor ann = gateway.newVisitor();
    gateway.restart();
    ann.socket.waitClosed();
    assertEquals((short) 1001, ann.socket.closeStatus());
  }

  @Test
  void theAdminPageIsServedWithASafeContentPolicyAndHoldsNoSecret() {
    HttpResponse<Buffer> page = gateway.request(HttpMethod.GET, "/admin/", null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("<script src=\"admin.js\" defer></script>"));
    assertTrue(page.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertTrue(page.bodyAsString().contains("<script src=\"/common/api.js\" defer></script>"));
    HttpResponse<Buffer> helper = gateway.request(HttpMethod.GET, "/common/api.js", null, null);
    assertTrue(helper.getHeader("Content-Security-Policy").contains("default-src 'self'"));
    assertTrue(helper.bodyAsString().contains("Authorization: 'Bearer ' + token"), "the token travels in a header");
    for (String path : java.util.List.of("/admin/admin.js", "/desk/desk.js", "/common/api.js")) {
      String script = gateway.request(HttpMethod.GET, path, null, null).bodyAsString();
      assertTrue(!script.contains("innerHTML"), path + ": server text is never parsed as HTML");
      assertTrue(path.startsWith("/common") || script.contains("window.relayApi("), path + " calls the API through the helper");
    }
    assertEquals("/admin/", gateway.request(HttpMethod.GET, "/admin", null, null).getHeader("Location"));
  }

  @Test
  void theApiDescriptionIsServed() {
    HttpResponse<Buffer> spec = gateway.request(HttpMethod.GET, "/openapi.yaml", null, null);
    assertEquals(200, spec.statusCode());
    assertTrue(spec.bodyAsString().startsWith("openapi: 3.0.3"));
    assertTrue(spec.bodyAsString().contains("/api/conversations/{id}/messages:"));
  }

  @Test
  void theChatPageAndWidgetAreServedWithASafeContentPolicy() {
    HttpResponse<Buffer> page = gateway.request(HttpMethod.GET, "/chat/", null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("<script src=\"widget.js\" defer></script>"));
    assertTrue(page.getHeader("Content-Security-Policy").contains("default-src 'self'"));
    HttpResponse<Buffer> widget = gateway.request(HttpMethod.GET, "/chat/widget.js", null, null);
    assertEquals(200, widget.statusCode());
    assertTrue(widget.getHeader("Content-Type").contains("javascript"));
    assertTrue(widget.bodyAsString().contains("/chat/ws"));
    assertEquals(404, gateway.request(HttpMethod.GET, "/chat/missing.js", null, null).statusCode());
    HttpResponse<Buffer> bare = gateway.request(HttpMethod.GET, "/chat", null, null);
    assertEquals(302, bare.statusCode());
    assertEquals("/chat/", bare.getHeader("Location"));
  }
}
