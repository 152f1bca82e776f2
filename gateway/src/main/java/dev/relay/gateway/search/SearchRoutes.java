package dev.relay.gateway.search;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/search?q=…&limit=…&after=…}: the desk's search ({@link Search}). */
public final class SearchRoutes {

  static final int MAX_QUERY = 100;
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 50;

  private final Search search;

  public SearchRoutes(Search search) {
    this.search = search;
  }

  public void mount(Router router) {
    router.get("/api/search").handler(rc -> Api.respond(rc, 200, this::find));
  }

  private io.vertx.core.Future<Map<String, Object>> find(RoutingContext rc) {
    String q = rc.queryParams().get("q");
    List<String> problems = new java.util.ArrayList<>();
    if (q == null || q.strip().length() < 2) {
      problems.add("q: type at least 2 characters");
    } else if (q.length() > MAX_QUERY) {
      problems.add("q: at most " + MAX_QUERY + " characters");
    } else if (q.chars().anyMatch(Character::isISOControl)) {
      problems.add("q: must be one line, without control characters");
    }
    int limit = DEFAULT_LIMIT;
    String rawLimit = rc.queryParams().get("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        problems.add("limit: a whole number from 1 to " + MAX_LIMIT);
      }
    }
    String after = null;
    String cursor = rc.queryParams().get("after");
    if (cursor != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        problems.add("after: must be the next cursor of a previous page");
      }
    }
    if (!problems.isEmpty()) {
      throw RelayException.invalid(problems);
    }
    return search.find(Api.caller(rc), q, limit, after).map(found -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("items", found.items());
      body.put("next", found.next());
      body.put("scanned", found.scanned());
      return body;
    });
  }
}
