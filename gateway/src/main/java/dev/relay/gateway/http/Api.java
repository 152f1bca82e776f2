package dev.relay.gateway.http;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How every API handler reads its body and answers: JSON in, JSON out, failures to the error handler. */
public final class Api {

  private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

  private Api() {
  }

  /** The request body as a JSON object; a missing or malformed body is a 400. */
  public static JsonObject body(RoutingContext rc) {
    String contentType = rc.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw RelayException.badRequest("unsupported_media_type", "send the body as application/json");
    }
    try {
      JsonObject body = rc.body().asJsonObject();
      if (body == null) {
        throw RelayException.badRequest("malformed_json", "the request needs a JSON object body");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw RelayException.badRequest("malformed_json", "the body is not a JSON object");
    }
  }

  /** Runs {@code handler}, answering its result as JSON with {@code status}; any failure goes to the error handler. */
  public static <T> void respond(RoutingContext rc, int status, Function<RoutingContext, Future<T>> handler) {
    Future<T> result;
    try {
      result = handler.apply(rc);
    } catch (RuntimeException e) {
      rc.fail(e);
      return;
    }
    result.onSuccess(value -> {
      if (!rc.response().ended()) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(value));
      }
    }).onFailure(rc::fail);
  }

  public static Caller caller(RoutingContext rc) {
    return rc.get(BearerAuth.CALLER);
  }

  /** How the audit log names the caller. */
  public static String actor(RoutingContext rc) {
    return caller(rc) instanceof Caller.AgentCaller a ? "agent:" + a.agent().id() : "admin";
  }

  /**
   * The version an editor saw, from {@code If-Match} (the {@code ETag} of a versioned resource:
   * routing rules, texts), or -1 without one; a malformed header is a 400.
   */
  public static long expectedVersion(RoutingContext rc) {
    String ifMatch = rc.request().getHeader("If-Match");
    if (ifMatch == null) {
      return -1;
    }
    Matcher m = ETAG.matcher(ifMatch.strip());
    if (!m.matches()) {
      throw RelayException.badRequest("bad_if_match", "If-Match must be the version from GET, e.g. \"3\"");
    }
    return Long.parseLong(m.group(1));
  }

  /** The calling agent; admins are refused where only an agent can act (e.g. replying under a name). */
  public static Caller.AgentCaller agent(RoutingContext rc) {
    if (caller(rc) instanceof Caller.AgentCaller caller) {
      return caller;
    }
    throw RelayException.forbidden("this endpoint is for agents; use an agent token");
  }
}
