package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sms.acknowledge: false}: an acknowledgement costs a segment, so texting customers get none. */
class SmsAcknowledgementsOffTest extends TwilioGatewayTestCase {

  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("RELAY_SMS_ACKNOWLEDGE", "false");
  }

  @Test
  void aTextingCustomerGetsNoAcknowledgementOnlyTheAgentsAnswer() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.fr");
    FrameSocket desk = gateway.stream(kristin);
    text("SM" + "c".repeat(32), "+33698765432", "Bonjour, ma box ne marche plus", TwilioTestServer.AUTH_TOKEN);
    String conversation = desk.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Bonjour, je relance votre box à distance."), 202);
    long deadline = System.currentTimeMillis() + 10_000;
    while (sent().isEmpty()) {
      assertTrue(System.currentTimeMillis() < deadline, "the answer was never sent");
      Thread.onSpinWait();
    }
    assertEquals(1, sent().size(), "no acknowledgement before it: " + sent());
    assertTrue(sent().get(0).startsWith("Bonjour, je relance votre box à distance."), sent().get(0));
    desk.close();
  }

  List<String> sent() {
    return twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json"))
        .map(r -> r.form().getOrDefault("Body", "")).toList();
  }
}
