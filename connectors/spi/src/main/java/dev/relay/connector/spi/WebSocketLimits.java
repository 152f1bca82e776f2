package dev.relay.connector.spi;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.HttpServerRequest;

/** Behaviour shared by every WebSocket endpoint at the edge of the gateway. */
public final class WebSocketLimits {

  /** RFC 6455 close code for a message larger than the endpoint accepts. */
  public static final short MESSAGE_TOO_BIG = 1009;

  private WebSocketLimits() {
  }

  /**
   * Vert.x drops a message over the server's size limit and reports it as an exception; the peer
   * would never learn why. Close with 1009 instead, so the client sees the reason.
   */
  public static void closeWhenOversized(ServerWebSocket ws, Runnable onOversized) {
    ws.exceptionHandler(err -> {
      String message = String.valueOf(err.getMessage());
      if (message.contains("max message size") || message.contains("max frame")) {
        onOversized.run();
        ws.close(MESSAGE_TOO_BIG, "message too big");
      }
    });
  }

  /** True when the request asks for a WebSocket upgrade; a plain GET gets a JSON error instead. */
  public static boolean isUpgrade(HttpServerRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }
}
