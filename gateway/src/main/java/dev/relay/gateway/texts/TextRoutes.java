package dev.relay.gateway.texts;

import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.TextVersion;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/admin/texts/{locale}}: every customer-facing text of a locale with its shipped words
 * and the admins' overrides; PUT replaces the overrides (with {@code If-Match} against lost
 * updates), versions and restore like routing rules, and a preview of a text being written.
 */
public final class TextRoutes {

  private static final String BASE = "/api/admin/texts";
  private static final int MAX_TEXT = 2000;

  private final TextOverrides overrides;
  private final Texts texts;

  public TextRoutes(TextOverrides overrides, Texts texts) {
    this.overrides = overrides;
    this.texts = texts;
  }

  /** Mounts after authentication, the admin check and the API body handler. */
  public void mount(Router router) {
    router.get(BASE).handler(rc -> Api.respond(rc, 200, r -> Future.succeededFuture(
        Map.of("locales", TextCatalogue.LOCALES, "company", texts.company().toLanguageTag()))));
    router.get(BASE + "/:locale").handler(rc -> Api.respond(rc, 200,
        r -> overrides.current(r.pathParam("locale")).map(v -> answer(r, v))));
    router.put(BASE + "/:locale").handler(rc -> Api.respond(rc, 200, this::save));
    router.post(BASE + "/:locale/preview").handler(rc -> Api.respond(rc, 200, this::preview));
    router.get(BASE + "/:locale/versions").handler(rc -> Api.respond(rc, 200, r -> overrides.versions(r.pathParam("locale"))
        .map(all -> Map.of("items", all.stream().map(TextRoutes::summary).toList()))));
    router.get(BASE + "/:locale/versions/:version").handler(rc -> Api.respond(rc, 200,
        r -> overrides.version(r.pathParam("locale"), version(r)).map(v -> v.orElseThrow(
            () -> RelayException.notFound(r.pathParam("locale") + " texts version " + r.pathParam("version"))))));
    router.post(BASE + "/:locale/versions/:version/restore").handler(rc -> Api.respond(rc, 200,
        r -> overrides.restore(r.pathParam("locale"), version(r), Api.actor(r)).map(v -> answer(r, v))));
  }

  /** {@code {"overrides": {key: ICU message}, "note"?}}: the locale's whole set of overrides. */
  private Future<Map<String, Object>> save(RoutingContext rc) {
    String locale = TextOverrides.shipped(rc.pathParam("locale"));
    JsonObject body = Api.body(rc);
    Fields fields = new Fields(body, Set.of("overrides", "note"));
    String note = fields.optionalString("note", 200);
    Map<String, String> given = new LinkedHashMap<>();
    Object raw = body.getValue("overrides");
    if (!(raw instanceof JsonObject object)) {
      fields.problem("overrides: required, an object of text key → message");
    } else {
      for (String key : object.fieldNames()) {
        Object text = object.getValue(key);
        if (!(text instanceof String s)) {
          fields.problem("overrides." + key + ": must be a string");
        } else if (s.length() > MAX_TEXT) {
          fields.problem("overrides." + key + ": at most " + MAX_TEXT + " characters");
        } else {
          given.put(key, s);
        }
      }
    }
    List<String> problems = new ArrayList<>(TextCatalogue.problems(given).stream().map(p -> "overrides." + p).toList());
    problems.forEach(fields::problem);
    fields.check();
    return overrides.save(locale, given, Api.actor(rc), note, Api.expectedVersion(rc)).map(v -> answer(rc, v));
  }

  /** {@code {"key", "text"?}}: how the text (being written, or in force) reads, with sample arguments. */
  private Future<Map<String, Object>> preview(RoutingContext rc) {
    Locale locale = Locale.forLanguageTag(TextOverrides.shipped(rc.pathParam("locale")));
    Fields fields = new Fields(Api.body(rc), Set.of("key", "text"));
    String name = fields.requiredString("key", 100);
    String text = fields.optionalText("text", MAX_TEXT);
    fields.check();
    TextKey key = TextKey.of(name).orElseThrow(() -> RelayException.invalid(List.of("key: no such text: " + name)));
    try {
      return Future.succeededFuture(Map.of("key", name, "preview", texts.catalogue().preview(locale, key, text)));
    } catch (IllegalArgumentException e) {
      throw RelayException.invalid(List.of("text: " + e.getMessage().substring(e.getMessage().indexOf(": ") + 2)));
    }
  }

  private Map<String, Object> answer(RoutingContext rc, TextVersion version) {
    rc.response().putHeader("ETag", "\"" + version.version() + "\"");
    Locale locale = Locale.forLanguageTag(version.locale());
    List<Map<String, Object>> all = new ArrayList<>();
    for (TextKey key : TextKey.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", key.key());
      row.put("arguments", new TreeSet<>(key.arguments()));
      row.put("shipped", texts.catalogue().shippedFor(locale, key));
      row.put("text", texts.catalogue().pattern(locale, key));
      row.put("preview", texts.catalogue().preview(locale, key, null));
      all.add(row);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("locale", version.locale());
    answer.put("version", version.version());
    answer.put("author", version.author());
    answer.put("savedAt", version.savedAt());
    answer.put("overrides", version.texts());
    answer.put("texts", all);
    return answer;
  }

  private static Map<String, Object> summary(TextVersion v) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("version", v.version());
    row.put("author", v.author());
    row.put("savedAt", v.savedAt());
    row.put("note", v.note());
    row.put("keys", new TreeSet<>(v.texts().keySet()));
    return row;
  }

  private static long version(RoutingContext rc) {
    try {
      return Long.parseLong(rc.pathParam("version"));
    } catch (NumberFormatException e) {
      throw RelayException.notFound(rc.pathParam("locale") + " texts version " + rc.pathParam("version"));
    }
  }
}
