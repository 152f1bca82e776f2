package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Caller;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.WebSocketLimits;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.BearerAuth;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.LiveStreams;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.presence.PresenceWatch;
import dev.relay.gateway.store.InboxStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/agents/stream}: an agent's real-time events. The first frame authenticates; then every
 * unacknowledged event in the agent's inbox is sent, oldest first, and new ones as they arrive.
 * Events stay in the inbox until acknowledged ({@code {"type":"ack","id":…}} one event, {@code
 * {"type":"ack","upTo":…}} every event up to that id), so a dropped connection loses nothing. An event
 * stored on this replica comes straight from its write ({@link LiveStreams}); the inbox is read on
 * connection, when an event does not follow the last one sent, and on a wake-up from another replica. An open
 * stream is what makes the agent reachable ({@link PresenceWatch}); their presence is sent after
 * {@code ready} and whenever it changes ({@code {"type":"presence","state":"here|away|closed"}}).
 */
public final class AgentStream {

  private static final Duration SWEEP = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(AgentStream.class);
  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final BearerAuth auth;
  private final InboxStore inbox;
  private final LiveStreams live;
  private final GatewayMetrics metrics;
  private final ActivityRelay activity;
  private final PresenceWatch presence;

  /** Where an agent's "I am typing in / I have read this conversation" goes (ephemeral: never stored). */
  @FunctionalInterface
  public interface ActivityRelay {
    Future<Void> relay(Agent agent, String conversationId, Connector.AgentActivity activity);
  }

  public AgentStream(Vertx vertx, BearerAuth auth, InboxStore inbox, LiveStreams live, GatewayMetrics metrics,
                     ActivityRelay activity, PresenceWatch presence) {
    this.vertx = vertx;
    this.live = live;
    this.presence = presence;
    this.auth = auth;
    this.inbox = inbox;
    this.metrics = metrics;
    this.activity = activity;
  }

  public void mount(Router router) {
    router.get("/api/agents/stream").handler(rc -> {
      if (!WebSocketLimits.isUpgrade(rc.request())) {
        rc.fail(RelayException.badRequest("websocket_required", "/api/agents/stream speaks WebSocket only"));
        return;
      }
      // The desk signs its stream in with its session cookie, which a page of another site would send
      // too: only a page of this origin may use it.
      Cookie cookie = rc.request().getCookie(BearerAuth.SESSION_COOKIE);
      String session = cookie != null && sameOrigin(rc.request()) ? cookie.getValue() : null;
      rc.request().toWebSocket()
          .onSuccess(ws -> new Session(ws, session).start())
          .onFailure(err -> LOG.atDebug().setCause(err).log("agent stream handshake failed"));
    });
  }

  /** Whether the page that opens the socket comes from the host it connects to (browsers always say which, in Origin). */
  static boolean sameOrigin(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    HostAndPort authority = request.authority();
    if (origin == null || authority == null) {
      return false;
    }
    try {
      URI page = URI.create(origin);
      int port = page.getPort() != -1 ? page.getPort() : "https".equalsIgnoreCase(page.getScheme()) ? 443 : 80;
      int asked = authority.port() != -1 ? authority.port() : port;
      return authority.host().equalsIgnoreCase(page.getHost()) && asked == port;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** One connection. All its callbacks run on the connection's event loop, so its fields need no locks. */
  private final class Session {
    private final ServerWebSocket ws;
    /** The desk's session cookie, when it came from a page of this origin; used by an auth frame without a token. */
    private final String deskSession;
    private String agentId;
    private Agent agent;
    private MessageConsumer<String> wakeUps;
    private MessageConsumer<String> typingHints;
    private MessageConsumer<String> presenceChanges;
    private MessageConsumer<String> accessChanges;
    private LiveStreams.Listener pushes;
    /** Acknowledgements received while one is being written: the next write takes them all. */
    private final Set<Long> acks = new HashSet<>();
    private long ackUpTo;
    private boolean acking;
    /** Kept to check again that it still signs this agent in (a new token, a deactivation). */
    private String token;
    private long sweep = -1;
    private long lastSent;
    private boolean pumping;
    private boolean again;
    private long authTimer;
    private boolean goingAway;

    Session(ServerWebSocket ws, String deskSession) {
      this.ws = ws;
      this.deskSession = deskSession;
    }

    void start() {
      authTimer = vertx.setTimer(AUTH_TIMEOUT.toMillis(), id -> {
        if (agentId == null) {
          error("auth_timeout", "send {\"type\":\"auth\",\"token\":...} first");
          ws.close((short) 1008, "authentication timeout");
        }
      });
      ws.textMessageHandler(this::onText);
      WebSocketLimits.closeWhenOversized(ws, () -> { });
      ws.binaryMessageHandler(b -> error("bad_frame", "frames are JSON text"));
      // Unacknowledged events stay in the inbox: the desk reconnects and gets them again.
      ws.shutdownHandler(v -> {
        // This replica stops, the desk does not: it reconnects elsewhere within the grace.
        goingAway = true;
        ws.close((short) 1001, "server going away");
      });
      metrics.streams(1);
      ws.closeHandler(v -> {
        metrics.streams(-1);
        vertx.cancelTimer(authTimer);
        vertx.cancelTimer(sweep);
        if (wakeUps != null) {
          pushes.close();
          wakeUps.unregister();
          typingHints.unregister();
          presenceChanges.unregister();
          accessChanges.unregister();
          if (!goingAway) {
            presence.deskClosed(agentId)
                .onFailure(err -> LOG.atWarn().addKeyValue("agent", agentId).setCause(err).log("closed desk not recorded"));
          }
        }
      });
    }

    private void onText(String text) {
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        error("bad_json", "a frame is one JSON object");
        return;
      }
      Object type = frame.getValue("type");
      if ("auth".equals(type)) {
        onAuth(frame);
      } else if (agentId == null) {
        error("auth_required", "the first frame must be {\"type\":\"auth\",\"token\":...}");
      } else if ("ack".equals(type)) {
        onAck(frame);
      } else if ("typing".equals(type) || "seen".equals(type)) {
        onActivity(frame, "typing".equals(type) ? Connector.AgentActivity.TYPING : Connector.AgentActivity.SEEN);
      } else {
        // The type is not quoted back: an answer must never carry what the client chose to put in it.
        error("unknown_type", "unknown frame type; expected ack, typing or seen");
      }
    }

    private void onAuth(JsonObject frame) {
      if (agentId != null) {
        error("already_authenticated", "auth is sent once per connection");
        return;
      }
      String given = frame.getValue("token") instanceof String s ? s : null;
      String address = auth.clientOf(ws);
      Future<Caller> signedIn = given == null && deskSession != null
          ? auth.resolveSession(deskSession, address) : auth.resolve(given, address);
      signedIn.onSuccess(principal -> {
        if (!(principal instanceof Caller.AgentCaller caller)) {
          error("forbidden", "the stream is for agents; use an agent token");
          return;
        }
        vertx.cancelTimer(authTimer);
        agentId = caller.agent().id();
        agent = caller.agent();
        token = given;
        accessChanges = vertx.eventBus().localConsumer(AgentAccess.changedAddress(agentId), m -> recheck());
        pushes = live.listen(agentId, vertx.getOrCreateContext(), this::pushed);
        wakeUps = vertx.eventBus().<String>localConsumer(AgentInbox.wakeUpAddress(agentId), m -> woken(m.body()));
        typingHints = vertx.eventBus().<String>localConsumer(AgentInbox.typingAddress(agentId), m -> {
          if (!ws.writeQueueFull()) {
            ws.writeTextMessage(new JsonObject().put("type", "typing").put("conversationId", m.body()).encode());
          }
        });
        presenceChanges = vertx.eventBus().<String>localConsumer(PresenceWatch.address(agentId),
            m -> ws.writeTextMessage(m.body()));
        // A signal from another replica can be missed (pub/sub reconnecting): look now and then too.
        sweep = vertx.setPeriodic(SWEEP.toMillis(), id -> {
          pump();
          recheck();
        });
        ws.writeTextMessage(new JsonObject().put("type", "ready")
            .put("agent", new JsonObject().put("id", agentId).put("name", caller.agent().name())).encode());
        presence.deskOpened(agentId).onComplete(opened -> {
          if (opened.succeeded() && !ws.isClosed()) {
            ws.writeTextMessage(presence.frameOf(opened.result()).encode());
          } else if (opened.failed()) {
            LOG.atWarn().addKeyValue("agent", agentId).setCause(opened.cause()).log("open desk not recorded");
          }
        });
        pump();
      }).onFailure(err -> {
        if (err instanceof RelayException e && e.status() == 429) {
          error("rate_limited", e.getMessage());
        } else {
          error("unauthorized", "the token is not valid");
        }
      });
    }

    /** Closes the stream if its token no longer signs this agent in; a store that cannot answer now is asked next sweep. */
    private void recheck() {
      (token == null ? auth.recheckSession(deskSession) : auth.recheck(token)).onComplete(result -> {
        boolean signedOut = result.succeeded()
            ? !(result.result() instanceof Caller.AgentCaller c && c.agent().id().equals(agentId))
            : result.cause() instanceof RelayException e && e.status() == 401;
        if (signedOut && !ws.isClosed()) {
          error("signed_out", "this sign-in is no longer valid (a new token, or the account was deactivated)");
          ws.close((short) 1008, "signed out");
        }
      });
    }

    private void onActivity(JsonObject frame, Connector.AgentActivity what) {
      if (!(frame.getValue("conversationId") instanceof String conversationId) || conversationId.length() > 64) {
        error("bad_frame", frame.getString("type") + " needs the conversationId");
        return;
      }
      activity.relay(agent, conversationId, what).onFailure(err -> error("not_found", "no conversation " + conversationId));
    }

    /** {@code id}: that event; {@code upTo}: every event up to it. Written together with those that come meanwhile. */
    private void onAck(JsonObject frame) {
      boolean cumulative = frame.containsKey("upTo");
      Object raw = frame.getValue(cumulative ? "upTo" : "id");
      long id;
      try {
        id = raw instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(raw));
      } catch (NumberFormatException e) {
        error("bad_frame", "ack needs the id of an event (id) or the last of those handled (upTo)");
        return;
      }
      if (cumulative) {
        ackUpTo = Math.max(ackUpTo, id);
      } else {
        acks.add(id);
      }
      writeAcks();
    }

    private void writeAcks() {
      if (acking || (ackUpTo == 0 && acks.isEmpty())) {
        return;
      }
      long upTo = ackUpTo;
      Set<Long> ids = Set.copyOf(acks);
      ackUpTo = 0;
      acks.clear();
      acking = true;
      inbox.ack(agentId, upTo, ids).onComplete(result -> {
        acking = false;
        if (result.succeeded()) {
          metrics.eventsAcknowledged(result.result().removed());
          result.result().notPending().forEach(unknown -> error("unknown_event", "no pending event " + unknown));
        } else {
          error("unavailable", "ack not stored, send it again");
        }
        writeAcks();
      });
    }

    /**
     * An event just stored for this agent here: sent now when it follows the last one sent, else the
     * inbox is read.
     */
    private void pushed(InboxStore.Appended appended) {
      if (ws.isClosed() || appended.event().id() <= lastSent) {
        return;
      }
      if (!pumping && appended.previousId() == lastSent) {
        send(List.of(appended.event()));
      } else {
        pump();
      }
    }

    /** A wake-up names the event's id: one this stream sent already (it came through {@link #pushed}) needs no read. */
    private void woken(String eventId) {
      try {
        if (Long.parseLong(eventId) <= lastSent) {
          return;
        }
      } catch (NumberFormatException e) {
        // not an id: read the inbox
      }
      pump();
    }

    /** Sends pending events after the last one sent; a wake-up during a send triggers one more pass. */
    private void pump() {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      again = false;
      inbox.pending(agentId, lastSent).onComplete(result -> {
        if (result.succeeded()) {
          send(result.result());
        } else {
          LOG.atWarn().addKeyValue("agent", agentId).setCause(result.cause()).log("inbox read failed");
        }
        pumping = false;
        if (again && !ws.isClosed()) {
          pump();
        }
      });
    }

    /** Stops at a desk that is not taking what it was sent: the rest stays in the inbox for the next pass. */
    private void send(List<AgentEvent> events) {
      for (AgentEvent event : events) {
        if (ws.writeQueueFull()) {
          return;
        }
        JsonObject frame = new JsonObject()
            .put("type", "event")
            .put("id", String.valueOf(event.id()))
            .put("event", event.type())
            .put("at", event.at().toString())
            .put("data", new JsonObject(Json.encode(event.data())));
        ws.writeTextMessage(frame.encode());
        lastSent = Math.max(lastSent, event.id());
      }
    }

    private void error(String code, String message) {
      if (!ws.isClosed() && !ws.writeQueueFull()) {
        ws.writeTextMessage(new JsonObject().put("type", "error").put("code", code).put("message", message).encode());
      }
    }
  }
}
