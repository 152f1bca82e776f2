package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become {@code {"error":{"code","message","details"}}} with the right status. */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    RelayException error = toRelay(rc);
    if (error.status() >= 500 && error.status() != 503) {
      LOG.atError().addKeyValue("method", rc.request().method()).addKeyValue("path", rc.normalizedPath())
          .setCause(rc.failure()).log("request failed");
    }
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    if (rc.response().headWritten()) {
      rc.request().connection().close();
      return;
    }
    JsonObject body = new JsonObject().put("error", new JsonObject()
        .put("code", error.code())
        .put("message", error.getMessage())
        .put("details", new JsonArray(error.details())));
    rc.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static RelayException toRelay(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof RelayException relay) {
      return relay;
    }
    // Bytes the HTTP decoder could not read (a broken chunk size…) are the client's mistake.
    if (rc.request().decoderResult().isFailure() || raisedByDecoder(failure)) {
      return RelayException.badRequest("bad_request", "the request is malformed");
    }
    return switch (rc.statusCode()) {
      case 404 -> RelayException.notFound("resource " + rc.normalizedPath());
      case 405 -> new RelayException(405, "method_not_allowed", rc.request().method() + " is not allowed here", List.of());
      case 413 -> new RelayException(413, "too_large", "the request body is too large", List.of());
      case 400 -> RelayException.badRequest("bad_request", "the request is malformed");
      default -> new RelayException(500, "internal", "something went wrong on our side; it has been logged", List.of());
    };
  }

  private static boolean raisedByDecoder(Throwable failure) {
    return failure != null && failure.getStackTrace().length > 0
        && failure.getStackTrace()[0].getClassName().startsWith("io.netty.handler.codec.");
  }
}
