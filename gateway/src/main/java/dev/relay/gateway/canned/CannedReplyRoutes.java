package dev.relay.gateway.canned;

import dev.relay.gateway.conversations.ConversationService;
import dev.relay.gateway.domain.CannedReply;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.AuditStore;
import dev.relay.gateway.store.CannedReplyStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canned replies: admins keep them ({@code /api/admin/canned-replies}, audited); an agent gets
 * those in their customer's language, filled in for the conversation
 * ({@code GET /api/conversations/{id}/canned-replies}), to edit before sending.
 */
public final class CannedReplyRoutes {

  private final CannedReplyStore replies;
  private final AuditStore audit;
  private final ConversationService conversations;
  private final Locale company;
  private final Clock clock;

  public CannedReplyRoutes(CannedReplyStore replies, AuditStore audit, ConversationService conversations, Locale company,
                           Clock clock) {
    this.replies = replies;
    this.audit = audit;
    this.conversations = conversations;
    this.company = company;
    this.clock = clock;
  }

  /** After authentication (and the admin-only guard of {@code /api/admin/*}) and the body handler. */
  public void mount(Router router) {
    router.get("/api/admin/canned-replies").handler(rc -> Api.respond(rc, 200, r -> replies.list()
        .map(all -> Map.of("items", all.stream().sorted(Comparator.comparing(CannedReply::locale)
            .thenComparing(CannedReply::title, String.CASE_INSENSITIVE_ORDER)).toList()))));
    router.post("/api/admin/canned-replies").handler(rc -> Api.respond(rc, 201, this::create));
    router.put("/api/admin/canned-replies/:id").handler(rc -> Api.respond(rc, 200, this::replace));
    router.delete("/api/admin/canned-replies/:id").handler(rc -> Api.respond(rc, 200, this::delete));
    router.get("/api/conversations/:id/canned-replies").handler(rc -> Api.respond(rc, 200, this::filledIn));
  }

  /** A body's reply: {@code {"locale", "title", "text"}}, every problem named in one 422. */
  private CannedReply read(RoutingContext rc, String id) {
    Fields fields = new Fields(Api.body(rc), Set.of("locale", "title", "text"));
    String typedLocale = fields.requiredString("locale", 35);
    String title = fields.requiredString("title", CannedReplies.MAX_TITLE);
    String text = fields.requiredText("text", CannedReplies.MAX_TEXT);
    String locale = typedLocale == null ? null : Customer.languageTag(typedLocale).orElse(null);
    if (typedLocale != null && locale == null) {
      fields.problem("locale: not a BCP 47 language tag such as fr-CA");
    }
    if (title != null && title.isBlank()) {
      fields.problem("title: must not be blank");
    }
    if (text != null) {
      if (text.isBlank()) {
        fields.problem("text: must not be blank");
      } else {
        CannedReplies.problems(text).forEach(fields::problem);
      }
    }
    fields.check();
    return new CannedReply(id, locale, title.strip(), text.strip(), clock.instant(), Api.actor(rc));
  }

  private Future<CannedReply> create(RoutingContext rc) {
    CannedReply reply = read(rc, Ids.next("can"));
    return replies.list().compose(all -> {
      if (all.size() >= CannedReplies.MAX_REPLIES) {
        return Future.failedFuture(RelayException.conflict("too_many",
            "there are already " + CannedReplies.MAX_REPLIES + " canned replies; delete some first"));
      }
      return replies.put(reply);
    }).compose(saved -> audited(rc, "canned-reply.created", saved));
  }

  private Future<CannedReply> replace(RoutingContext rc) {
    String id = rc.pathParam("id");
    CannedReply reply = read(rc, id);
    return replies.get(id).compose(found -> found.isEmpty()
            ? Future.<CannedReply>failedFuture(RelayException.notFound("canned reply " + id))
            : replies.put(reply))
        .compose(saved -> audited(rc, "canned-reply.updated", saved));
  }

  private Future<CannedReply> delete(RoutingContext rc) {
    String id = rc.pathParam("id");
    return replies.get(id).compose(found -> found.isEmpty()
            ? Future.<CannedReply>failedFuture(RelayException.notFound("canned reply " + id))
            : replies.delete(id).map(found.get()))
        .compose(deleted -> audited(rc, "canned-reply.deleted", deleted));
  }

  private Future<CannedReply> audited(RoutingContext rc, String action, CannedReply reply) {
    return audit.append(Api.actor(rc), action, reply.id(), Map.of("locale", reply.locale(), "title", reply.title()),
        clock.instant()).map(reply);
  }

  /** The replies for this conversation's customer, filled in with their first name and the calling agent's. */
  private Future<Map<String, Object>> filledIn(RoutingContext rc) {
    String agentName = Api.agent(rc).agent().name();
    return conversations.readable(Api.caller(rc), rc.pathParam("id")).compose(v -> replies.list().map(all -> {
      String tag = v.customer().locale() != null ? v.customer().locale() : company.toLanguageTag();
      String firstName = CannedReplies.firstName(v.customer());
      List<Map<String, Object>> items = CannedReplies.forLocale(all, tag, company).stream().map(reply -> {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", reply.id());
        item.put("locale", reply.locale());
        item.put("title", reply.title());
        item.put("text", CannedReplies.fill(reply.text(), Locale.forLanguageTag(reply.locale()), firstName, agentName));
        return item;
      }).toList();
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("locale", tag);
      answer.put("items", items);
      return answer;
    }));
  }
}
