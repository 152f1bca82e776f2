package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a visitor claims is never proof: history is shown only to the holder of the signed token. */
class PrivacyTest extends GatewayTestCase {


  @BeforeEach
  void agents() {
    gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  @Test
  void aClaimedEmailNeverRevealsSomeoneElsesConversation() {
    ChatVisitor annNamed = gateway.visitor(new JsonObject().put("name", "Ann").put("email", "ann@example.com"));
    String annConversation = annNamed.say("My address is 1 Main Street").getString("conversationId");

    ChatVisitor impostor = gateway.visitor(new JsonObject().put("name", "Ann").put("email", "ann@example.com"));
    assertNull(impostor.welcome().getValue("conversationId"));
    assertNull(impostor.welcome().getValue("agent"));
    impostor.socket.expectNone(f -> "message".equals(f.getString("type")), "Ann's history", 300);
    String impostorConversation = impostor.say("What is my address?").getString("conversationId");
    assertNotEquals(annConversation, impostorConversation, "a claim does not merge customers");

    JsonObject annCustomer = gateway.get("/api/conversations/" + annConversation, TestGateway.ADMIN_TOKEN).getJsonObject("customer");
    assertEquals("Ann", annCustomer.getString("name"));
    assertEquals("ann@example.com", annCustomer.getJsonObject("claims").getString("email"), "kept as a claim for the agent");
    assertEquals(1, annCustomer.getJsonArray("identities").size(), "only the chat identity is verified");
    annNamed.close();
    impostor.close();
  }

  @Test
  void anAgentCannotSeeOrActOnAnotherAgentsCustomers() {
    String olav = gateway.createAgent("Olav Audunsson", "olav@acme.test").getString("token");
    ChatVisitor ann = gateway.newVisitor();
    String conversation = ann.say("Private matter").getString("conversationId");
    String path = "/api/conversations/" + conversation;
    assertEquals(404, gateway.request(HttpMethod.GET, path, olav, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.POST, path + "/messages", olav, new JsonObject().put("text", "hi")).statusCode());
    assertEquals(404, gateway.request(HttpMethod.POST, path + "/resolve", olav, null).statusCode());
    assertEquals(0, gateway.get("/api/conversations", olav).getJsonArray("items").size());
    assertEquals(1, gateway.get("/api/conversations", TestGateway.ADMIN_TOKEN).getJsonArray("items").size());
    assertEquals("open", gateway.get(path, TestGateway.ADMIN_TOKEN).getJsonObject("conversation").getString("status"));
    ann.close();
  }


  @Test
  void aVisitorTheSiteVouchesForSeesTheirConversationOnAnyBrowser(io.vertx.core.Vertx vertx,
                                                                   @org.junit.jupiter.api.io.TempDir java.nio.file.Path other)
      throws Exception {
    JsonObject notEnabled = gateway.visitorSocket().send(new JsonObject().put("type", "hello")
        .put("identity", new JsonObject().put("userId", "u-42").put("signature", "00"))).next("error");
    assertEquals("identity_not_enabled", notEnabled.getString("code"));

    String secret = "the-site-and-relay-share-this-secret-0123";
    gateway.close();
    gateway = TestGateway.start(vertx, other, java.util.Map.of("RELAY_CHAT_IDENTITY_SECRET", secret));
    gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = java.util.HexFormat.of().formatHex(mac.doFinal("userId:u-42".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    JsonObject identity = new JsonObject().put("userId", "u-42").put("signature", signature);

    ChatVisitor laptop = gateway.visitor(new JsonObject().put("identity", identity).put("name", "Ann"));
    String conversation = laptop.say("My order 123 is late").getString("conversationId");
    laptop.close();

    ChatVisitor phone = gateway.visitor(new JsonObject().put("identity", identity));
    assertEquals(conversation, phone.welcome().getString("conversationId"), "the same customer, proven by the site");
    assertEquals("Kristin Lavransdatter", phone.welcome().getJsonObject("agent").getString("name"));
    assertEquals("My order 123 is late", phone.welcome().getJsonArray("history").getJsonObject(0).getString("text"));
    assertEquals(conversation, phone.say("Any news?").getString("conversationId"));
    phone.close();

    var forger = gateway.visitorSocket();
    forger.send(new JsonObject().put("type", "hello")
        .put("identity", new JsonObject().put("userId", "u-42").put("signature", signature.replace('a', 'b').replace('1', '2'))));
    assertEquals("invalid_identity", forger.next("error").getString("code"));
    forger.expectNone(f -> "welcome".equals(f.getString("type")), "a welcome for a forged identity", 300);
    forger.close();

    // A site whose user ids look like addresses: the id's signature does not pass for the e-mail's.
    String idLikeAnAddress = java.util.HexFormat.of().formatHex(
        mac.doFinal("userId:ann@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var switcher = gateway.visitorSocket();
    switcher.send(new JsonObject().put("type", "hello")
        .put("identity", new JsonObject().put("email", "ann@example.com").put("signature", idLikeAnAddress)));
    assertEquals("invalid_identity", switcher.next("error").getString("code"));
    switcher.close();
  }
}
