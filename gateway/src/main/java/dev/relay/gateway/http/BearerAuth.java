package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}: the admin token, or an
 * agent's token (looked up by its hash; tokens themselves are never stored).
 */
public final class BearerAuth {

  public static final String CALLER = "relay.caller";

  private final byte[] adminToken;
  private final AgentStore agents;

  public BearerAuth(String adminToken, AgentStore agents) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.agents = agents;
  }

  /** Resolves a raw token, as the agent stream's auth frame carries it. */
  public Future<Caller> resolve(String token) {
    if (token == null || token.isBlank() || token.length() > 512) {
      return Future.failedFuture(RelayException.unauthorized("a bearer token is required"));
    }
    if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      return Future.succeededFuture(new Caller.Admin());
    }
    return agents.byTokenHash(AgentTokens.hash(token)).map(agent -> agent
        .<Caller>map(Caller.AgentCaller::new)
        .orElseThrow(() -> RelayException.unauthorized("the token is not valid")));
  }

  /** Route handler for any authenticated caller. */
  public void authenticate(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    resolve(token).onSuccess(principal -> {
      rc.put(CALLER, principal);
      rc.next();
    }).onFailure(err -> {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"relay\"");
      rc.fail(err);
    });
  }

  /** Route handler, after {@link #authenticate}, that admits admins only. */
  public static void adminOnly(RoutingContext rc) {
    if (rc.get(CALLER) instanceof Caller.Admin) {
      rc.next();
    } else {
      rc.fail(RelayException.forbidden("this endpoint needs the admin token"));
    }
  }
}
