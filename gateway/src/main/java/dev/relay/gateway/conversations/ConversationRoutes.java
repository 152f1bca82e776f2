package dev.relay.gateway.conversations;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.outbound.OutgoingFiles;
import dev.relay.gateway.outbound.Replies;
import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.store.AgentStore;
import dev.relay.gateway.agents.HandOver;
import dev.relay.gateway.customers.ProfileChange;
import dev.relay.gateway.http.Fields;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/conversations}: what agents (their own) and admins (all) read and do. */
public final class ConversationRoutes {

  private static final int MAX_REPLY = 10_000;
  private static final int MAX_NOTE = 2_000;

  private final ConversationService conversations;
  private final Replies replies;
  private final Callbacks calls;
  private final AgentStore agents;

  private final Transfers transfers;

  public ConversationRoutes(ConversationService conversations, Replies replies, Callbacks calls, AgentStore agents,
                            Transfers transfers) {
    this.conversations = conversations;
    this.replies = replies;
    this.calls = calls;
    this.agents = agents;
    this.transfers = transfers;
  }

  /** Mounts on a router whose requests are already authenticated. */
  public void mount(Router api) {
    api.get("/api/conversations").handler(rc -> Api.respond(rc, 200, this::list));
    api.get("/api/conversations/:id").handler(rc -> Api.respond(rc, 200,
        r -> conversations.detail(Api.caller(r), r.pathParam("id"))));
    api.post("/api/conversations/:id/messages").handler(rc -> Api.respond(rc, 202, this::reply));
    api.post("/api/conversations/:id/messages/:messageId/retry").handler(rc -> Api.respond(rc, 202,
        r -> conversations.visible(Api.caller(r), r.pathParam("id"))
            .compose(v -> replies.sendAgain(v.conversation(), r.pathParam("messageId")))));
    api.post("/api/conversations/:id/resolve").handler(rc -> Api.respond(rc, 200,
        r -> conversations.resolve(Api.caller(r), r.pathParam("id"))));
    api.post("/api/conversations/:id/reopen").handler(rc -> Api.respond(rc, 200,
        r -> conversations.reopen(Api.caller(r), r.pathParam("id"))));
    api.delete("/api/conversations/:id/participants/:address").handler(rc -> Api.respond(rc, 200,
        r -> conversations.removeParticipant(Api.caller(r), r.pathParam("id"), r.pathParam("address"))));
    api.get("/api/conversations/:id/attachments/:attachmentId").handler(this::download);
    api.post("/api/conversations/:id/callbacks").handler(rc -> Api.respond(rc, 201, this::callback));
    api.put("/api/conversations/:id/customer/locale").handler(rc -> Api.respond(rc, 200, this::customerLocale));
    api.patch("/api/conversations/:id/customer").handler(rc -> Api.respond(rc, 200, r -> conversations.profile(
        Api.caller(r), Api.actor(r), r.pathParam("id"), ProfileChange.read(Api.body(r)))));
    api.post("/api/conversations/:id/notes").handler(rc -> Api.respond(rc, 201, this::note));
    api.post("/api/conversations/:id/transfer").handler(rc -> Api.respond(rc, 200, this::transfer));
  }

  /** {@code {"text"}}: an internal note, for colleagues only; written by an agent under their name. */
  private io.vertx.core.Future<Message> note(RoutingContext rc) {
    Agent author = Api.agent(rc).agent();
    Fields fields = new Fields(Api.body(rc), Set.of("text"));
    String text = fields.requiredText("text", MAX_REPLY);
    fields.check();
    return conversations.note(Api.caller(rc), new Message.Author("agent", author.id(), author.name()),
        rc.pathParam("id"), text.strip(), Map.of());
  }

  /** {@code {"agentId"} or {"team"}, "note"?}: the customer to a teammate or a team ({@link Transfers}). */
  private io.vertx.core.Future<Transfers.Transferred> transfer(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("agentId", "team", "note"));
    String agentId = fields.optionalString("agentId", 100);
    String team = fields.optionalString("team", 100);
    String note = fields.optionalText("note", MAX_NOTE);
    if ((agentId == null) == (team == null)) {
      fields.problem("agentId or team: give exactly one (a teammate's id, or a team)");
    }
    fields.check();
    Caller caller = Api.caller(rc);
    Message.Author author = caller instanceof Caller.AgentCaller a
        ? new Message.Author("agent", a.agent().id(), a.agent().name()) : new Message.Author("admin", null, "Admin");
    return transfers.transfer(caller, Api.actor(rc), author, rc.pathParam("id"), new HandOver.Target(agentId, team),
        note == null || note.isBlank() ? null : note.strip());
  }

  /**
   * A customer's file, to the agents who may see its conversation. Always as a download, never
   * rendered by the browser: a file is untrusted content.
   */
  private void download(RoutingContext rc) {
    String attachmentId = rc.pathParam("attachmentId");
    conversations.attachment(Api.caller(rc), rc.pathParam("id"), attachmentId)
        .onSuccess(file -> rc.response()
            .putHeader("Content-Type", "application/octet-stream")
            .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encode(file.ref().filename()))
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
            .putHeader("X-Relay-Content-Type", file.ref().contentType())
            .end(io.vertx.core.buffer.Buffer.buffer(file.content())))
        .onFailure(rc::fail);
  }

  private static String encode(String filename) {
    return java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private io.vertx.core.Future<Map<String, Object>> list(RoutingContext rc) {
    String status = rc.queryParams().get("status");
    Conversation.Status filter = null;
    if (status != null) {
      filter = switch (status) {
        case "open" -> Conversation.Status.OPEN;
        case "resolved" -> Conversation.Status.RESOLVED;
        default -> throw RelayException.badRequest("bad_query", "status must be open or resolved");
      };
    }
    return conversations.list(Api.caller(rc), filter, Page.of(rc)).map(Page.Slice::answer);
  }

  /**
   * A call promised to the customer: {@code {"at"?, "phone"?}}; answers the scheduled job. An agent
   * promises it themselves; through the admin API (an integration, the company's site) the
   * customer's own agent is the one who calls. A national number ("06 98 76 54 32") is read in the
   * customer's region, else the company's.
   */
  private io.vertx.core.Future<dev.relay.gateway.domain.Job> callback(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), Set.of("at", "phone"));
    java.time.Instant at = fields.optionalInstant("at");
    String typed = fields.optionalString("phone", 40);
    fields.check();
    Caller caller = Api.caller(rc);
    return conversations.visible(caller, rc.pathParam("id")).compose(v -> {
      Address phone = typed == null ? null : new Address(Address.PHONE, calls.numberOf(v.customer(), null, typed)
          .e164OrThrow("phone"));
      return callerOf(caller, v).compose(agent -> calls.requestCallback(agent, v.conversation(), v.customer(), at, phone));
    });
  }

  private io.vertx.core.Future<Agent> callerOf(Caller caller, ConversationService.Visible v) {
    if (caller instanceof Caller.AgentCaller a) {
      return io.vertx.core.Future.succeededFuture(a.agent());
    }
    String ownerId = v.customer().ownerId() != null ? v.customer().ownerId() : v.conversation().agentId();
    if (ownerId == null) {
      return io.vertx.core.Future.failedFuture(RelayException.conflict("no_agent",
          "the customer has no agent yet to call them; ask again once one answers"));
    }
    return agents.get(ownerId).map(found -> found.orElseThrow(() -> RelayException.notFound("agent " + ownerId)));
  }

  /** {@code {"locale": "fr-CA"}} (or null): the language Relay writes to the customer in, from now on. */
  private io.vertx.core.Future<dev.relay.gateway.domain.Customer> customerLocale(RoutingContext rc) {
    var body = Api.body(rc);
    Fields fields = new Fields(body, Set.of("locale"));
    String typed = fields.optionalString("locale", 35);
    String tag = typed == null ? null : dev.relay.gateway.domain.Customer.languageTag(typed).orElse(null);
    if (!body.containsKey("locale")) {
      fields.problem("locale: required, a BCP 47 language tag such as fr-CA (null to forget it)");
    } else if (typed != null && tag == null) {
      fields.problem("locale: not a BCP 47 language tag such as fr-CA");
    }
    fields.check();
    return conversations.customerLocale(Api.caller(rc), Api.actor(rc), rc.pathParam("id"), tag);
  }

  /** The body is read on a worker: up to five files of 10 MB in base64 are parsed, decoded and checked there. */
  private io.vertx.core.Future<Message> reply(RoutingContext rc) {
    var agent = Api.agent(rc).agent();
    return rc.vertx().executeBlocking(() -> ReplyBody.read(Api.body(rc)), false)
        .compose(body -> conversations.visible(Api.caller(rc), rc.pathParam("id"))
            .compose(v -> replies.reply(agent, v.conversation(), v.customer(), body.text(), body.channel(), body.answering(),
                body.files())));
  }

  private record ReplyBody(String text, String channel, String answering, List<OutgoingFiles.OutgoingFile> files) {
    static ReplyBody read(io.vertx.core.json.JsonObject body) {
      Fields fields = new Fields(body, Set.of("text", "channel", "replyTo", "attachments"));
      String text = fields.requiredText("text", MAX_REPLY);
      String channel = fields.optionalString("channel", 40);
      String answering = fields.optionalString("replyTo", 64);
      List<OutgoingFiles.OutgoingFile> files = OutgoingFiles.read(body, fields);
      fields.check();
      return new ReplyBody(text, channel, answering, files);
    }
  }
}
