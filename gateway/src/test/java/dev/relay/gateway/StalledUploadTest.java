package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.GatewayTestCase;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nobody can make the gateway hold a large body before saying who they are. */
class StalledUploadTest extends GatewayTestCase {

  @Test
  void anAnonymousUploadIsRefusedAfterItsHeadersWithoutWaitingForTheBody() {
    NetSocket socket = Await.result(gateway.vertx().createNetClient().connect(gateway.port(), "localhost"));
    Promise<String> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      if (received.toString().contains("\r\n\r\n")) {
        answer.tryComplete(received.toString());
      }
    });
    // A rule-set upload that announces almost a megabyte, sends a few bytes and stalls.
    socket.write("PUT /api/admin/routing-rules HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/yaml\r\n"
        + "Content-Length: 990000\r\n\r\nversion: 1\n");
    String response = Await.result(answer.future().timeout(5, TimeUnit.SECONDS));
    assertTrue(response.startsWith("HTTP/1.1 401"), response);
    socket.close();
  }
}
