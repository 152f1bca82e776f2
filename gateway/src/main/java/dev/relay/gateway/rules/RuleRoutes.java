package dev.relay.gateway.rules;

import dev.relay.gateway.domain.RuleVersion;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.routing.CompiledRuleSet;
import dev.relay.routing.RoutingFacts;
import dev.relay.routing.Rule;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/admin/routing-rules}: read, validate, simulate, save (with {@code If-Match} against
 * lost updates), list versions and restore one. The body of PUT and validate is the rule set
 * itself, in YAML or JSON.
 */
public final class RuleRoutes {

  private static final String BASE = "/api/admin/routing-rules";
  private static final Set<String> SOURCE_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
      "application/json", "text/plain");
  private static final Set<String> CUSTOMER = Set.of("id", "tags", "locale", "timezone", "segment", "identities",
      "hasOwner", "pastConversations", "lastSatisfaction");
  private static final Set<String> MESSAGE = Set.of("channel", "text", "subject", "language", "receivedAt");

  private final RoutingRules rules;
  private final Clock clock;

  public RuleRoutes(RoutingRules rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * Mounts before the generic API body handler (rule sets may be larger than ordinary bodies) and
   * after the admin check, so only an admin's upload is read this far.
   */
  public void mount(Router router) {
    router.route(BASE + "*").handler(BodyHandler.create(false).setBodyLimit(dev.relay.routing.RuleSetParser.MAX_SOURCE_CHARS));
  }

  /** Mounts the endpoints, after authentication. */
  public void mountEndpoints(Router router) {
    router.get(BASE).handler(rc -> Api.respond(rc, 200, this::current));
    router.put(BASE).handler(rc -> Api.respond(rc, 200, this::save));
    router.post(BASE + "/validate").handler(rc -> Api.respond(rc, 200, r -> rules.compile(source(r))
        .map(set -> Map.of("valid", true, "rules", set.rules().rules().stream().map(Rule::name).toList()))));
    router.post(BASE + "/simulate").handler(rc -> Api.respond(rc, 200, this::simulate));
    router.get(BASE + "/versions").handler(rc -> Api.respond(rc, 200, r -> rules.versions()
        .map(all -> Map.of("items", all.stream().map(RuleRoutes::summary).toList()))));
    router.get(BASE + "/versions/:version").handler(rc -> Api.respond(rc, 200,
        r -> rules.version(version(r)).map(v -> v.orElseThrow(() -> RelayException.notFound("routing rules version " + r.pathParam("version"))))));
    router.post(BASE + "/versions/:version/restore").handler(rc -> Api.respond(rc, 200,
        r -> rules.restore(version(r), Api.actor(r)).map(v -> etag(r, v))));
  }

  private Future<Object> current(RoutingContext rc) {
    return rules.currentVersion().map(v -> etag(rc, v));
  }

  private Future<Object> save(RoutingContext rc) {
    return rules.save(source(rc), Api.actor(rc), null, Api.expectedVersion(rc)).map(v -> etag(rc, v));
  }

  private Object etag(RoutingContext rc, RuleVersion version) {
    rc.response().putHeader("ETag", "\"" + version.version() + "\"");
    return version;
  }

  private static Map<String, Object> summary(RuleVersion v) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("version", v.version());
    row.put("author", v.author());
    row.put("savedAt", v.savedAt());
    row.put("note", v.note());
    return row;
  }

  private static long version(RoutingContext rc) {
    try {
      return Long.parseLong(rc.pathParam("version"));
    } catch (NumberFormatException e) {
      throw RelayException.notFound("routing rules version " + rc.pathParam("version"));
    }
  }

  private static String source(RoutingContext rc) {
    String type = rc.request().getHeader("Content-Type");
    String base = type == null ? "" : type.split(";")[0].strip().toLowerCase();
    if (!SOURCE_TYPES.contains(base)) {
      throw RelayException.badRequest("unsupported_media_type",
          "send the rule set as application/yaml (or application/json)");
    }
    String body = rc.body().asString();
    if (body == null || body.isBlank()) {
      throw RelayException.badRequest("empty_body", "the body must be the rule set");
    }
    return body;
  }

  private Future<Map<String, Object>> simulate(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("customer", "message", "now", "rules"));
    Fields c = fields.optionalObject("customer", CUSTOMER);
    Fields m = fields.optionalObject("message", MESSAGE);
    Instant now = fields.optionalInstant("now");
    String source = fields.optionalText("rules", dev.relay.routing.RuleSetParser.MAX_SOURCE_CHARS);
    Double satisfaction = c.optionalNumber("lastSatisfaction", 0, 5);
    Boolean hasOwner = c.optionalBool("hasOwner");
    RoutingFacts.CustomerFacts customer = new RoutingFacts.CustomerFacts(c.optionalString("id", 100),
        c.optionalStrings("tags", 100, 100), c.optionalString("locale", 35), c.optionalString("timezone", 64),
        c.optionalString("segment", 100), c.optionalStrings("identities", 50, 320), hasOwner != null && hasOwner,
        c.optionalInt("pastConversations", 0, Integer.MAX_VALUE, 0), satisfaction);
    Instant at = now != null ? now : clock.instant();
    Instant received = m.optionalInstant("receivedAt");
    RoutingFacts.MessageFacts message = new RoutingFacts.MessageFacts(m.optionalString("channel", 40),
        m.optionalText("text", 100_000), m.optionalString("subject", 1000), m.optionalString("language", 10),
        received != null ? received : at);
    fields.check();
    Future<CompiledRuleSet> set = source == null ? Future.succeededFuture(rules.current()) : rules.compile(source);
    return set.compose(compiled -> rules.decide(compiled, new RoutingFacts(customer, message, at))).map(decision -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("decision", decision);
      answer.put("matchedRules", decision.matchedRules());
      return answer;
    });
  }


}
