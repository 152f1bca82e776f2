package dev.relay.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Plays Twilio's REST API for the gateway's notices and replies: every message is accepted at once. */
final class TwilioStub {

  private TwilioStub() {
  }

  /** @param messages told the Body of each message Relay asks Twilio to send */
  static Future<HttpServer> start(Vertx vertx, int port, java.util.function.Consumer<String> messages) {
    return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (request.path().endsWith("Messages.json")) {
        messages.accept(java.net.URLDecoder.decode(
            java.util.Arrays.stream(body.toString().split("&")).filter(p -> p.startsWith("Body="))
                .map(p -> p.substring(5)).findFirst().orElse(""), java.nio.charset.StandardCharsets.UTF_8));
      }
      String sid = (request.path().endsWith("Calls.json") ? "CA" : "SM") + UUID.randomUUID().toString().replace("-", "");
      request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("sid", sid).put("status", "queued").put("num_segments", "1").encode());
    })).listen(port);
  }
}
