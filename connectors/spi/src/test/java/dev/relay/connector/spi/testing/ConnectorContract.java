package dev.relay.connector.spi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ThreadRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every connector promises the gateway, checked against the connector's real channel (a local
 * mail server, Twilio's test server, a WebSocket client). A connector's test extends this and says
 * how its customer sends and where a reply can go; the contract supplies the rest.
 */
@ExtendWith(VertxExtension.class)
public abstract class ConnectorContract {

  protected static final Duration TIMEOUT = Duration.ofSeconds(10);

  protected Vertx vertx;
  protected final RecordingSink sink = new RecordingSink();
  protected ConnectorContext context;
  /** Where the connector's HTTP and WebSocket endpoints listen, on localhost. */
  protected int port;
  private HttpServer server;
  private Connector connector;

  /** A connector configured for the channel servers the subclass started. */
  protected abstract Connector createConnector();

  /**
   * The customer sends {@code text} on the channel to the started connector; completes when the
   * channel holds the connector's acknowledgement (HTTP 200, chat ack, IMAP \Seen).
   */
  protected abstract Future<Void> customerSends(String text);

  /** An address on this channel a reply can be sent to. */
  protected abstract Address customer();

  @BeforeEach
  void startEdge(Vertx vertx) {
    this.vertx = vertx;
    Router router = Router.router(vertx);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "localhost"));
    port = server.actualPort();
    context = TestContexts.builder(vertx).router(router).inbound(sink).build();
  }

  @AfterEach
  void stopEdge() {
    if (connector != null) {
      await(connector.stop());
    }
    await(server.close());
  }

  /** The connector under test, started. */
  protected Connector started() {
    if (connector == null) {
      connector = createConnector();
      await(connector.start(context));
    }
    return connector;
  }

  @Test
  void startsAndStopsWithFutures() {
    Connector started = started();
    assertNotNull(started.channel());
    await(started.stop());
  }

  @Test
  void reportsItsHealthOnceStarted() {
    ConnectorHealth health = started().health();
    assertEquals(ConnectorHealth.State.UP, health.state(), health.detail());
    assertFalse(health.detail().isBlank(), "the operator reads why");
  }

  @Test
  void acknowledgesAnInboundMessageOnlyOnceStored() {
    Connector started = started();
    sink.hold();
    Future<Void> acknowledged = customerSends("Where is my parcel?");
    RecordingSink.waitUntil(() -> sink.heldCount() == 1, TIMEOUT);
    assertFalse(acknowledged.isComplete(), "acknowledged to the channel before the gateway stored it");

    sink.release();
    await(acknowledged);

    InboundMessage message = sink.messages().get(0);
    assertEquals(started.channel(), message.channel());
    assertEquals(started.addressKind(), message.from().kind());
    assertEquals("Where is my parcel?", message.text().strip());
  }

  @Test
  void answersASendWithAReceipt() {
    OutboundMessage reply = new OutboundMessage("msg_reply", OutboundMessage.Kind.REPLY, customer(),
        "It left the depot this morning.", "Olav", "con_1", Instant.now(), ThreadRef.NONE);

    DeliveryReceipt receipt = await(started().send(reply));

    assertEquals("msg_reply", receipt.messageId());
    assertNotEquals(DeliveryStatus.FAILED, receipt.status(), receipt.error());
  }

  @Test
  void stopsTwiceWithoutComplaint() {
    Connector started = started();
    await(started.stop());
    await(started.stop());
  }

  /** Waits on the test thread (never an event loop) for a future, or fails the test. */
  protected static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete in " + TIMEOUT, e);
    }
  }
}
