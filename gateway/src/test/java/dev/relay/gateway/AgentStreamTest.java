package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.FrameSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent stream delivers at least once: what was not acknowledged comes again after a reconnect. */
class AgentStreamTest extends GatewayTestCase {

  String kristin;

  @BeforeEach
  void agents() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  @Test
  void unacknowledgedEventsAreRedeliveredAfterAReconnect() {
    FrameSocket stream = gateway.stream(kristin);
    ChatVisitor ann = gateway.newVisitor();
    ann.say("First question");
    JsonObject assigned = stream.next(f -> "conversation.assigned".equals(f.getString("event")), "assigned");
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "received");
    assertTrue(Long.parseLong(assigned.getString("id")) < Long.parseLong(received.getString("id")), "events come in order");
    stream.send(new JsonObject().put("type", "ack").put("id", assigned.getString("id")));
    stream.expectNone(f -> "error".equals(f.getString("type")), "an error for a valid ack", 200);
    stream.close();

    FrameSocket again = gateway.stream(kristin);
    JsonObject redelivered = again.next("event");
    assertEquals(received.getString("id"), redelivered.getString("id"), "the unacknowledged event, same id");
    assertEquals("message.received", redelivered.getString("event"));
    again.send(new JsonObject().put("type", "ack").put("id", redelivered.getString("id")));
    again.expectNone(f -> "error".equals(f.getString("type")), "an error for a valid ack", 200);
    again.close();

    FrameSocket third = gateway.stream(kristin);
    third.expectNone(f -> "event".equals(f.getString("type")), "an acknowledged event", 400);
    third.close();
    ann.close();
  }

  @Test
  void anAcknowledgementUpToAnEventTakesEveryEventBeforeIt() {
    FrameSocket stream = gateway.stream(kristin);
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Bonjour, ma commande n'est pas arrivée");
    stream.next(f -> "message.received".equals(f.getString("event")), "first message");
    ann.say("Commande 4417, livrée à Montréal");
    JsonObject second = stream.next(f -> "message.received".equals(f.getString("event")), "second message");
    ann.say("Merci !");
    JsonObject third = stream.next(f -> "message.received".equals(f.getString("event")), "third message");
    stream.send(new JsonObject().put("type", "ack").put("upTo", Long.parseLong(second.getString("id"))));
    stream.send(new JsonObject().put("type", "ack").put("upTo", "not a number"));
    assertEquals("bad_frame", stream.next("error").getString("code"), "an ack that names no event is refused");
    stream.close();

    FrameSocket again = gateway.stream(kristin);
    JsonObject redelivered = again.next("event");
    assertEquals(third.getString("id"), redelivered.getString("id"), "only the event after the acknowledged ones comes again");
    assertEquals("Merci !", redelivered.getJsonObject("data").getJsonObject("message").getString("text"));
    again.expectNone(f -> "event".equals(f.getString("type")), "an event acknowledged up to", 300);
    again.close();
    ann.close();
  }

  @Test
  void eventsWaitInTheInboxAcrossARestart() {
    ChatVisitor ann = gateway.newVisitor();
    ann.say("Written while Kristin's desk was closed");
    ann.close();
    gateway.restart();
    FrameSocket stream = gateway.stream(kristin);
    stream.next(f -> "conversation.assigned".equals(f.getString("event")), "assigned");
    JsonObject received = stream.next(f -> "message.received".equals(f.getString("event")), "received");
    assertEquals("Written while Kristin's desk was closed",
        received.getJsonObject("data").getJsonObject("message").getString("text"));
    stream.close();
  }
}
