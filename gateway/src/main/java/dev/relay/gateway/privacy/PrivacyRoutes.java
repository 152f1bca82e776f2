package dev.relay.gateway.privacy;

import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The data-protection officer's API (admin only): a customer's export and erasure, the retention in
 * force, and what a retention policy would delete now.
 */
final class PrivacyRoutes {

  /** The shortest period a retention setting or a dry run accepts. */
  static final Duration SHORTEST = Duration.ofDays(1);

  private final CustomerExport export;
  private final CustomerErasure erasure;
  private final Retention retention;
  private final Clock clock;

  PrivacyRoutes(CustomerExport export, CustomerErasure erasure, Retention retention, Clock clock) {
    this.export = export;
    this.erasure = erasure;
    this.retention = retention;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/admin/customers/:id/export").handler(rc ->
        export.export(rc.pathParam("id"), Api.actor(rc), rc.response()).onFailure(rc::fail));
    router.post("/api/admin/customers/:id/erase").handler(rc -> Api.respond(rc, 200,
        r -> erasure.erase(r.pathParam("id"), Api.actor(r))));
    router.get("/api/admin/retention").handler(rc -> Api.respond(rc, 200, r -> inForce()));
    router.post("/api/admin/retention/dry-run").handler(rc -> Api.respond(rc, 200, this::dryRun));
  }

  private Future<Map<String, Object>> inForce() {
    return retention.next().map(next -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("enabled", retention.policy().enabled());
      answer.put("policy", view(retention.policy()));
      answer.put("nextRun", next);
      return answer;
    });
  }

  /** The policy in the body (a period left out is off), or the one in force when the body is empty or absent. */
  private Future<Map<String, Object>> dryRun(RoutingContext rc) {
    RetentionPolicy candidate = retention.policy();
    if (rc.body() != null && rc.body().length() > 0 && !Api.body(rc).isEmpty()) {
      Fields fields = new Fields(Api.body(rc), Set.of("resolvedConversations", "attachments", "callRecordings"));
      candidate = new RetentionPolicy(fields.optionalDuration("resolvedConversations", SHORTEST),
          fields.optionalDuration("attachments", SHORTEST), fields.optionalDuration("callRecordings", SHORTEST));
      fields.check();
    }
    RetentionPolicy policy = candidate;
    return retention.count(policy).map(due -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("policy", view(policy));
      answer.put("asOf", clock.instant());
      answer.put("wouldDelete", due);
      return answer;
    });
  }

  /** Periods as the admin writes them ({@code P365D}), not as hours. */
  private static Map<String, String> view(RetentionPolicy policy) {
    Map<String, String> view = new LinkedHashMap<>();
    view.put("resolvedConversations", days(policy.resolvedConversations()));
    view.put("attachments", days(policy.attachments()));
    view.put("callRecordings", days(policy.callRecordings()));
    return view;
  }

  private static String days(Duration period) {
    if (period == null) {
      return null;
    }
    return period.toSeconds() % 86_400 == 0 ? "P" + period.toDays() + "D" : period.toString();
  }
}
