package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ConfiguredGatewayTestCase;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** A visitor token is not forever: it expires, the visitor can end and forget it, and a site sign-out ends it. */
class VisitorSessionTest extends ConfiguredGatewayTestCase {

  private static final String SITE_SECRET = "the-site-and-relay-share-this-secret-0123";

  @Test
  void aTokenOpensTheHistoryOnlyWithinItsLifetimeAndEachVisitRenewsIt(Vertx vertx) {
    start(vertx, Map.of("RELAY_CHAT_VISITOR_TOKEN_LIFETIME", "P7D"));
    ChatVisitor zoe = gateway.newVisitor();
    zoe.say("Bonjour, ma commande n° 4521 n'est pas arrivée");
    zoe.close();

    gateway.clock.advance(Duration.ofDays(5));
    ChatVisitor back = gateway.visitor(zoe.token());
    assertEquals(1, back.welcome().getJsonArray("history").size(), "five days later: her conversation");
    String renewed = back.token();
    assertNotEquals(zoe.token(), renewed, "a fresh token for another week");
    back.close();

    gateway.clock.advance(Duration.ofDays(5));
    FrameSocket stale = gateway.visitorSocket();
    stale.send(new JsonObject().put("type", "hello").put("visitorToken", zoe.token()));
    JsonObject refused = stale.next("error");
    assertEquals("invalid_token", refused.getString("code"));
    assertTrue(refused.getString("message").contains("expired"), refused.getString("message"));
    stale.expectNone(f -> "welcome".equals(f.getString("type")), "a welcome for an expired token", 200);
    stale.close();

    ChatVisitor renewedVisit = gateway.visitor(renewed);
    assertEquals("Bonjour, ma commande n° 4521 n'est pas arrivée",
        renewedVisit.welcome().getJsonArray("history").getJsonObject(0).getString("text"), "the renewed token still works");
    renewedVisit.close();
  }

  @Test
  void aVisitorWhoAsksToBeForgottenLeavesNothingTheirTokenCanOpen(Vertx vertx) {
    start(vertx, Map.of());
    gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    ChatVisitor tab = gateway.newVisitor();
    String conversation = tab.say("J'ai oublié mon mot de passe, pouvez-vous m'aider ?").getString("conversationId");
    ChatVisitor otherTab = gateway.visitor(tab.token());

    tab.socket.send(new JsonObject().put("type", "forget"));
    tab.socket.next("forgotten");
    otherTab.socket.next("forgotten");
    tab.socket.waitClosed();
    otherTab.socket.waitClosed();

    ChatVisitor withOldToken = gateway.visitor(tab.token());
    assertNull(withOldToken.welcome().getValue("conversationId"), "the old token opens no conversation");
    assertEquals(0, withOldToken.welcome().getJsonArray("history").size(), "and shows no history");
    withOldToken.close();
    JsonObject kept = gateway.get("/api/conversations/" + conversation, TestGateway.ADMIN_TOKEN);
    assertEquals(1, kept.getJsonArray("messages").size(), "the company keeps what was written, as for a mail");
  }

  @Test
  void afterSigningOutOfTheSiteTheBrowserNoLongerShowsTheSignedInUsersHistory(Vertx vertx) throws Exception {
    start(vertx, Map.of("RELAY_CHAT_IDENTITY_SECRET", SITE_SECRET));
    gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    JsonObject signedIn = new JsonObject().put("userId", "u-42").put("signature", sign("userId:u-42"));
    ChatVisitor ann = gateway.visitor(new JsonObject().put("identity", signedIn).put("name", "Ann"));
    ann.say("Ma facture de mars est fausse");
    ann.close();

    // Ann signs out; her brother uses the same browser: the widget still holds Ann's token.
    ChatVisitor brother = gateway.visitor(ann.token());
    assertEquals(0, brother.welcome().getJsonArray("history").size(), "Ann's history stays hers");
    assertNull(brother.welcome().getValue("conversationId"));
    assertNotEquals(ann.token(), brother.token(), "a new, anonymous visitor");
    brother.close();

    JsonObject otherUser = new JsonObject().put("userId", "u-77").put("signature", sign("userId:u-77"));
    ChatVisitor ben = gateway.visitor(new JsonObject().put("identity", otherUser).put("visitorToken", ann.token()));
    assertEquals(0, ben.welcome().getJsonArray("history").size(), "another signed-in user does not get Ann's history");
    ben.close();

    ChatVisitor annAgain = gateway.visitor(new JsonObject().put("identity", signedIn).put("visitorToken", ann.token()));
    assertEquals("Ma facture de mars est fausse",
        annAgain.welcome().getJsonArray("history").getJsonObject(0).getString("text"), "signed in again: hers");
    annAgain.close();
  }

  private static String sign(String what) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SITE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(what.getBytes(StandardCharsets.UTF_8)));
  }
}
