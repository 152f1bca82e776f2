package dev.relay.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The HTTP stack's ceiling: a bare Vert.x server on the same event loops Relay would have, that
 * answers a POST with its body and echoes every WebSocket frame. Run as its own process by Bench.
 */
public final class EchoServer {

  private EchoServer() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx(new VertxOptions());
    vertx.createHttpServer()
        .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
        .requestHandler(request -> request.body().onSuccess(body -> request.response()
            .putHeader("Content-Type", "application/json").end(body)))
        .listen(port)
        .onSuccess(server -> System.out.println("echo listening on " + server.actualPort()))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}
