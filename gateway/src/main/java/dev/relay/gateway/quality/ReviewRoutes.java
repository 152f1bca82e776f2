package dev.relay.gateway.quality;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Review;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The weekly reviews: {@code GET /api/quality/reviews} (supervisors and admins: everyone's, to do
 * and done; an agent: their own done ones), {@code GET /api/quality/reviews/{id}} with the
 * conversation's recorded calls, and {@code PUT /api/quality/reviews/{id}} (score 1–5 and notes; a
 * supervisor or admin, never on their own conversation), audited.
 */
final class ReviewRoutes {

  static final int MAX_NOTES = 4000;

  private final Store store;
  private final Clock clock;

  ReviewRoutes(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A review as the desk shows it. */
  record ReviewView(String id, String week, String conversationId, String agentId, String agentName, String state,
                    Integer score, String notes, String reviewerName, Instant reviewedAt, Instant sampledAt,
                    List<RecordedCall> recordings) {
  }

  /** A call of the conversation that was recorded: played at {@code GET /api/quality/recordings/{messageId}}. */
  record RecordedCall(String messageId, Instant at, String agentName, int seconds) {
  }

  void mount(Router router) {
    router.get("/api/quality/reviews").handler(rc -> Api.respond(rc, 200, this::list));
    router.get("/api/quality/reviews/:id").handler(rc -> Api.respond(rc, 200, r -> visible(r)
        .compose(review -> view(review, true))));
    router.put("/api/quality/reviews/:id").handler(rc -> Api.respond(rc, 200, this::save));
  }

  private Future<Map<String, Object>> list(RoutingContext rc) {
    Caller caller = Api.caller(rc);
    String agent = rc.request().getParam("agent");
    String state = rc.request().getParam("state");
    String week = rc.request().getParam("week");
    List<String> problems = new ArrayList<>();
    if (state != null && !Set.of("pending", "done").contains(state)) {
      problems.add("state: pending or done");
    }
    if (week != null && !monday(week)) {
      problems.add("week: the Monday the week starts, as YYYY-MM-DD");
    }
    if (!problems.isEmpty()) {
      throw RelayException.invalid(problems);
    }
    String of = agent != null ? agent : caller.supervises() ? null : QualityAccess.agentId(caller);
    if (of != null) {
      QualityAccess.ownOrSupervisor(caller, of, "reviews");
    }
    Future<Void> known = of == null ? Future.succeededFuture() : store.agents().get(of)
        .compose(found -> found.isPresent() ? Future.<Void>succeededFuture()
            : Future.failedFuture(RelayException.notFound("agent " + of)));
    boolean supervisor = caller.supervises();
    return known.compose(v -> store.reviews().list(of)).compose(reviews -> {
      List<Future<ReviewView>> views = reviews.stream()
          .filter(r -> supervisor || r.done())
          .filter(r -> state == null || state.equals(r.done() ? "done" : "pending"))
          .filter(r -> week == null || week.equals(r.week()))
          .map(r -> view(r, false)).toList();
      return Future.all(views).map(all -> Map.of("items", views.stream().map(Future::result).toList()));
    });
  }

  private static boolean monday(String week) {
    try {
      return LocalDate.parse(week).getDayOfWeek() == DayOfWeek.MONDAY;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The review, if the caller may read it: an agent reads their own once it is done. */
  private Future<Review> visible(RoutingContext rc) {
    String id = rc.pathParam("id");
    Caller caller = Api.caller(rc);
    return store.reviews().get(id).compose(found -> {
      if (found.isEmpty() || !caller.supervises() && !found.get().done()
          && found.get().agentId().equals(QualityAccess.agentId(caller))) {
        return Future.failedFuture(RelayException.notFound("review " + id));
      }
      QualityAccess.ownOrSupervisor(caller, found.get().agentId(), "reviews");
      return Future.succeededFuture(found.get());
    });
  }

  private Future<ReviewView> save(RoutingContext rc) {
    Caller caller = Api.caller(rc);
    QualityAccess.supervisorOnly(caller, "reviewing");
    JsonObject body = Api.body(rc);
    Fields fields = new Fields(body, Set.of("score", "notes"));
    if (!body.containsKey("score")) {
      fields.problem("score: required, a whole number from 1 to 5");
    }
    int score = fields.optionalInt("score", 1, 5, 0);
    String notes = fields.optionalText("notes", MAX_NOTES);
    fields.check();
    String id = rc.pathParam("id");
    String me = QualityAccess.agentId(caller);
    String myName = caller instanceof Caller.AgentCaller a ? a.agent().name() : "Admin";
    return store.reviews().get(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("review " + id));
      }
      if (found.get().agentId().equals(me)) {
        return Future.failedFuture(RelayException.forbidden("a supervisor does not review their own conversations"));
      }
      Instant now = clock.instant();
      return store.reviews().update(id, r -> r.reviewed(score, notes == null ? "" : notes, me == null ? "admin" : me,
              myName, now))
          .compose(saved -> store.audit().append(Api.actor(rc), "review.saved", saved.conversationId(),
              Map.of("review", saved.id(), "agent", saved.agentId(), "score", score), now).map(saved));
    }).compose(saved -> view(saved, true));
  }

  private Future<ReviewView> view(Review review, boolean withRecordings) {
    Future<Optional<Agent>> agent = store.agents().get(review.agentId());
    Future<List<Message>> messages = withRecordings ? store.messages().ofConversation(review.conversationId())
        : Future.succeededFuture(List.of());
    return Future.all(agent, messages).map(both -> new ReviewView(review.id(), review.week(), review.conversationId(),
        review.agentId(), agent.result().map(Agent::name).orElse(null), review.done() ? "done" : "pending",
        review.score(), review.notes(), review.reviewerName(), review.reviewedAt(), review.sampledAt(),
        messages.result().stream().filter(m -> m.attributes().containsKey(AgentCalls.RECORDING))
            .map(m -> new RecordedCall(m.id(), m.at(), m.author().name(),
                Integer.parseInt(m.attributes().getOrDefault(AgentCalls.RECORDING_SECONDS, "0"))))
            .toList()));
  }
}
