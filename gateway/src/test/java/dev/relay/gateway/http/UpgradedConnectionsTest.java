package dev.relay.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.connector.spi.TrustedProxies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A WebSocket holds nothing of the HTTP connection it was upgraded from, and still works. */
class UpgradedConnectionsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theHttpConnectionAWebSocketWasUpgradedFromIsCollectedWhileTheWebSocketStaysOpen() throws Exception {
    ClientConnections connections = new ClientConnections(new ClientConnections.Limits(Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(30), 10, TrustedProxies.NONE), new SimpleMeterRegistry());
    CompletableFuture<WeakReference<HttpConnection>> upgraded = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer().connectionHandler(connections::accept)
        .requestHandler(request -> {
          upgraded.complete(new WeakReference<>(request.connection()));
          request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage));
        })
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = client.connect(server.actualPort(), "127.0.0.1", "/").await(10, TimeUnit.SECONDS);
    assertEquals("hello", roundTrip(socket, "hello"));

    WeakReference<HttpConnection> http = upgraded.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 20 && http.get() != null; i++) {
      System.gc();
    }
    assertNull(http.get(), "the WebSocket still holds the HTTP connection it was upgraded from");
    assertEquals("still here", roundTrip(socket, "still here"), "the WebSocket works as before");
  }

  private static String roundTrip(WebSocket socket, String text) throws Exception {
    CompletableFuture<String> echoed = new CompletableFuture<>();
    socket.textMessageHandler(echoed::complete);
    socket.writeTextMessage(text).await(10, TimeUnit.SECONDS);
    return echoed.get(10, TimeUnit.SECONDS);
  }
}
