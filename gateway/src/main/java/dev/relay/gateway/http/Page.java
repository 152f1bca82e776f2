package dev.relay.gateway.http;

import dev.relay.gateway.domain.RelayException;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a list: {@code ?limit=N&after=<cursor>}, answered {@code {"items": [...], "next": cursor
 * or null}}. Each item has a key that sorts, as text, in the list's order; the cursor is the last key
 * returned (opaque to clients), so a page stays right when items before it come and go.
 */
public final class Page {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

  private final int limit;
  private final String after;

  private Page(int limit, String after) {
    this.limit = limit;
    this.after = after;
  }

  /** The items of this page and the cursor of the next one (null on the last page). */
  public record Slice<T>(List<T> items, String next) {

    /** The answer's body, with {@code items} mapped (e.g. to summaries). */
    public Map<String, Object> answer(List<?> shown) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("items", shown);
      body.put("next", next);
      return body;
    }

    public Map<String, Object> answer() {
      return answer(items);
    }
  }

  /** The page the request asks for; a bad {@code limit} or cursor is a 400. */
  public static Page of(RoutingContext rc) {
    String raw = rc.queryParams().get("limit");
    int limit;
    try {
      limit = raw == null ? DEFAULT_LIMIT : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw RelayException.badRequest("bad_query", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    String cursor = rc.queryParams().get("after");
    if (cursor == null) {
      return new Page(limit, null);
    }
    try {
      return new Page(limit, new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw RelayException.badRequest("bad_query", "after must be the next cursor of a previous page");
    }
  }

  /** @param key sorts, as text, in the list's order (see {@link #oldestFirst} and {@link #newestFirst}) */
  public <T> Slice<T> slice(List<T> all, Function<T, String> key) {
    List<T> after = all.stream().filter(item -> this.after == null || key.apply(item).compareTo(this.after) > 0)
        .sorted(Comparator.comparing(key)).limit(limit + 1L).toList();
    if (after.size() <= limit) {
      return new Slice<>(after, null);
    }
    List<T> items = after.subList(0, limit);
    return new Slice<>(items, ENCODE.encodeToString(key.apply(items.get(limit - 1)).getBytes(StandardCharsets.UTF_8)));
  }

  /** A key for lists in time order, oldest first (ties by id). */
  public static String oldestFirst(Instant at, String id) {
    return String.format("%020d|%s", at.toEpochMilli() - Long.MIN_VALUE / 2, id);
  }

  /** A key for lists in reverse time order, newest first (ties by id). */
  public static String newestFirst(Instant at, String id) {
    return String.format("%020d|%s", Long.MAX_VALUE / 2 - at.toEpochMilli(), id);
  }
}
