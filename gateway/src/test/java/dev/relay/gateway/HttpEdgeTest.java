package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.relay.gateway.http.ErrorHandler;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.RawHttp;
import dev.relay.gateway.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Requests no browser or client library sends get a plain 4xx, never a 500 or a protocol switch. */
class HttpEdgeTest extends GatewayTestCase {

  @Test
  void aMalformedChunkedBodyIsTheClientsErrorNotOurs() {
    Logger errors = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    errors.addAppender(logged);
    try {
      String response = raw("POST /api/admin/agents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + TestGateway.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "ZZZ\r\n{}\r\n");
      // The framing is broken, so the connection cannot go on: a 400 or a closed connection, never a 500.
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400"), response);
      assertTrue(logged.list.stream().noneMatch(e -> e.getLevel() == Level.ERROR),
          () -> "not logged as our failure: " + logged.list);
    } finally {
      errors.detachAppender(logged);
    }
  }

  @Test
  void twoHostHeadersAreABadRequest() {
    String response = raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
  }

  @Test
  void aCleartextHttp2UpgradeIsNotTaken() {
    String response = raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200"), "answered as HTTP/1.1, not switched: " + response);
  }

  private String raw(String request) {
    return RawHttp.exchange(gateway.vertx(), gateway.port(), request);
  }

}
