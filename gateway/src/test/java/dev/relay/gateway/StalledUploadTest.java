package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.RawHttp;
import org.junit.jupiter.api.Test;

/** Nobody can make the gateway hold a large body before saying who they are. */
class StalledUploadTest extends GatewayTestCase {

  @Test
  void anAnonymousUploadIsRefusedAfterItsHeadersWithoutWaitingForTheBody() {
    // A rule-set upload that announces almost a megabyte, sends a few bytes and stalls.
    String response = RawHttp.exchange(gateway.vertx(), gateway.port(),
        "PUT /api/admin/routing-rules HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/yaml\r\n"
            + "Content-Length: 990000\r\n\r\nversion: 1\n");
    assertTrue(response.startsWith("HTTP/1.1 401"), response);
  }
}
