package dev.relay.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** A chat visitor as the widget would behave: hello (with a token when returning), then messages. */
public final class ChatVisitor implements AutoCloseable {

  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  public final FrameSocket socket;
  private final JsonObject welcome;

  ChatVisitor(FrameSocket socket, JsonObject hello) {
    this.socket = socket;
    socket.send(hello);
    this.welcome = socket.next("welcome");
  }

  public JsonObject welcome() {
    return welcome;
  }

  public String token() {
    return welcome.getString("visitorToken");
  }

  /** Sends a message and waits for its ack; returns the ack. */
  public JsonObject say(String text) {
    String clientId = "c" + CLIENT_IDS.incrementAndGet();
    socket.send(new JsonObject().put("type", "message").put("clientId", clientId).put("text", text));
    JsonObject ack = socket.next(f -> "ack".equals(f.getString("type")) && clientId.equals(f.getString("clientId"))
        || "error".equals(f.getString("type")), "ack for " + clientId);
    assertEquals("ack", ack.getString("type"), () -> "message refused: " + ack);
    return ack;
  }

  /** The next agent message frame. */
  public JsonObject reply() {
    return socket.next("message");
  }

  public JsonObject notice() {
    return socket.next("notice");
  }

  @Override
  public void close() {
    socket.close();
  }
}
