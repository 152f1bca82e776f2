package dev.relay.gateway.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/** Bytes on a TCP socket, for requests no HTTP client library would send. */
public final class RawHttp {

  private RawHttp() {
  }

  /** Sends {@code request} as written and returns the response head (or what came before the server closed). */
  public static String exchange(Vertx vertx, int port, String request) {
    NetSocket socket = Await.result(vertx.createNetClient().connect(port, "localhost"));
    Promise<String> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      if (received.toString().contains("\r\n\r\n")) {
        answer.tryComplete(received.toString());
      }
    });
    socket.closeHandler(v -> answer.tryComplete(received.toString()));
    socket.write(request);
    try {
      return Await.result(answer.future().timeout(5, TimeUnit.SECONDS));
    } finally {
      socket.close();
    }
  }
}
