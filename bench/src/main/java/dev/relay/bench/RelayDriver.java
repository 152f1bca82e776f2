package dev.relay.bench;

import dev.relay.connector.twilio.TwilioSigning;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running gateway as its users do: agents on {@code /api/agents/stream} (acknowledging
 * every event, cumulatively), chat visitors on {@code /chat/ws}, texts posted to the SMS webhook signed as Twilio
 * signs them, agents' replies through the API. Every message carries {@code #<seq>}; its latency is
 * from when it was meant to be sent (open loop) or sent (closed loop) to when the owner's stream
 * (or the visitor's socket, for replies) has it.
 */
final class RelayDriver {

  static final String AUTH_TOKEN = "bench-twilio-auth-token";
  static final String ACCOUNT = "AC" + "0".repeat(32);
  static final String NUMBER = "+15005550006";

  private final Vertx vertx;
  private final int port;
  private final String admin;
  private final WebClient http;
  private final WebSocketClient sockets;
  final Latencies inbound = new Latencies();
  final Latencies replies = new Latencies();
  final Latencies mail = new Latencies();
  /** How late the open loop sent each message after its intended time: the generator's own share of a latency. */
  final Latencies sendLag = new Latencies();
  final AtomicLong mailed = new AtomicLong();
  private final Map<Long, Long> mailSentAt = new ConcurrentHashMap<>();
  /** Conversations that came in by SMS, to answer by SMS. */
  final List<String> smsConversations = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicLong routed = new AtomicLong();
  final AtomicLong replied = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();
  private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<Long, Visitor> waiting = new ConcurrentHashMap<>();
  private final Map<String, String> ownerToken = new ConcurrentHashMap<>();
  final List<Visitor> visitors = new ArrayList<>();
  private final List<WebSocket> agentStreams = new ArrayList<>();
  private volatile boolean closedLoop;
  private final boolean ackEach;

  /** @param ackEach acknowledge each event by its id instead of cumulatively */
  RelayDriver(Vertx vertx, int port, String admin, boolean ackEach) {
    this.vertx = vertx;
    this.ackEach = ackEach;
    this.port = port;
    this.admin = admin;
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(50_000));
  }

  /** {@code count} agents, online, each with a stream that acknowledges every event. */
  Future<Void> agents(int count) {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonObject agent = new JsonObject().put("name", "Agent " + i).put("email", "agent" + i + "@bench.test")
          .put("capacity", 1000);
      all.add(http.post("/api/admin/agents").bearerTokenAuthentication(admin).sendJsonObject(agent)
          .compose(created -> {
            String token = created.bodyAsJsonObject().getString("token");
            return http.put("/api/agents/me/presence").bearerTokenAuthentication(token)
                .sendJsonObject(new JsonObject().put("status", "online")).compose(v -> stream(token));
          }));
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> stream(String token) {
    return sockets.connect(port, "127.0.0.1", "/api/agents/stream").compose(ws -> {
      agentStreams.add(ws);
      ws.textMessageHandler(text -> onAgentFrame(ws, token, new JsonObject(text)));
      return ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).encode());
    });
  }

  private void onAgentFrame(WebSocket ws, String token, JsonObject frame) {
    if (!"event".equals(frame.getString("type"))) {
      return;
    }
    // Events arrive in order: acknowledging up to this one is what a desk that handled it would send.
    ws.writeTextMessage((ackEach ? new JsonObject().put("type", "ack").put("id", frame.getString("id"))
        : new JsonObject().put("type", "ack").put("upTo", Long.parseLong(frame.getString("id")))).encode());
    if (!"message.received".equals(frame.getString("event"))) {
      return;
    }
    JsonObject data = frame.getJsonObject("data");
    String conversation = data.getString("conversationId");
    String channel = data.getJsonObject("message").getString("channel");
    if (ownerToken.put(conversation, token) == null && "sms".equals(channel)) {
      smsConversations.add(conversation);
    }
    long id = marker(data.getJsonObject("message").getString("text"), "#");
    if ("email".equals(channel)) {
      Long start = id < 0 ? null : mailSentAt.remove(id);
      if (start != null) {
        mail.record(System.nanoTime() - start);
        mailed.incrementAndGet();
      }
      return;
    }
    Long start = id < 0 ? null : sentAt.remove(id);
    if (start != null) {
      inbound.record(System.nanoTime() - start);
      routed.incrementAndGet();
      Visitor next = waiting.remove(id);
      if (next != null && closedLoop) {
        next.send();
      }
    }
  }

  static long marker(String text, String prefix) {
    int at = text == null ? -1 : text.lastIndexOf(prefix);
    if (at < 0) {
      return -1;
    }
    try {
      return Long.parseLong(text.substring(at + prefix.length()).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A chat visitor, greeted. */
  final class Visitor {
    final WebSocket socket;
    volatile String conversationId;

    Visitor(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(text -> onFrame(new JsonObject(text)));
    }

    private void onFrame(JsonObject frame) {
      switch (frame.getString("type")) {
        case "ack" -> conversationId = frame.getString("conversationId");
        case "message" -> {
          long id = marker(frame.getString("text"), "#r");
          Long start = id < 0 ? null : sentAt.remove(-id);
          if (start != null) {
            replies.record(System.nanoTime() - start);
            replied.incrementAndGet();
          }
        }
        case "error" -> errors.incrementAndGet();
        default -> { }
      }
    }

    void send() {
      send(System.nanoTime());
    }

    /** Sends a message meant to leave at {@code intended} (nanoTime). */
    void send(long intended) {
      long id = seq.incrementAndGet();
      sentAt.put(id, intended);
      waiting.put(id, this);
      socket.writeTextMessage(new JsonObject().put("type", "message").put("clientId", "c" + id)
          .put("text", "Load message #" + id).encode());
    }
  }

  /** {@code count} visitors connected and greeted (new customers, nothing said yet). */
  Future<List<Visitor>> connectVisitors(int count) {
    List<Future<Visitor>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(sockets.connect(port, "127.0.0.1", "/chat/ws").compose(ws -> {
        io.vertx.core.Promise<Visitor> welcomed = io.vertx.core.Promise.promise();
        ws.textMessageHandler(text -> {
          if ("welcome".equals(new JsonObject(text).getString("type"))) {
            welcomed.tryComplete(new Visitor(ws));
          }
        });
        ws.writeTextMessage(new JsonObject().put("type", "hello").encode());
        return welcomed.future();
      }));
    }
    return Future.all(all).map(done -> {
      List<Visitor> list = all.stream().map(Future::result).toList();
      visitors.addAll(list);
      return list;
    });
  }

  /** Every visitor says a first message (so each has a conversation and an owner), and waits for it to arrive. */
  Future<Void> introduce() {
    visitors.forEach(Visitor::send);
    return until(() -> sentAt.isEmpty(), 30_000);
  }

  /** Closed loop: each visitor sends its next message as soon as the previous one reached its agent. */
  void saturate() {
    closedLoop = true;
    visitors.forEach(Visitor::send);
  }

  /**
   * {@code count} messages from one visitor, each sent when the previous one reached its agent:
   * one message in flight at a time, so what each costs the store can be counted apart.
   */
  Future<Void> oneAtATime(int count) {
    long target = routed.get() + count;
    closedLoop = true;
    visitors.get(0).send();
    return until(() -> routed.get() >= target, 120_000).compose(v -> stopAndDrain());
  }

  Future<Void> stopAndDrain() {
    closedLoop = false;
    return until(sentAt::isEmpty, 30_000).recover(err -> {
      sentAt.clear();
      waiting.clear();
      return Future.succeededFuture();
    });
  }

  /**
   * Open loop at {@code perSecond}: message i is meant for start + i/rate, whatever happened to the
   * others, and its latency counts from then (coordinated omission corrected).
   */
  Future<Void> fixedRate(double perSecond, long millis) {
    int[] turn = {0};
    return openLoop(perSecond, millis, intended -> visitors.get(turn[0]++ % visitors.size()).send(intended));
  }

  /** Agents answer chat visitors at {@code perSecond}; latency until the visitor's socket has it. */
  Future<Void> replies(double perSecond, long millis) {
    int[] turn = {0};
    return replies(perSecond, millis, () -> visitors.get(turn[0]++ % visitors.size()).conversationId);
  }

  /** Agents answer texters by SMS; latency until Twilio (the stub) has the request. */
  Future<Void> smsReplies(double perSecond, long millis) {
    int[] turn = {0};
    return replies(perSecond, millis, () -> smsConversations.isEmpty() ? null
        : smsConversations.get(turn[0]++ % smsConversations.size()));
  }

  private Future<Void> replies(double perSecond, long millis, java.util.function.Supplier<String> conversations) {
    return openLoop(perSecond, millis, intended -> {
      String conversation = conversations.get();
      String token = conversation == null ? null : ownerToken.get(conversation);
      if (token == null) {
        return;
      }
      long reply = seq.incrementAndGet();
      sentAt.put(-reply, intended);
      http.post("/api/conversations/" + conversation + "/messages").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("text", "Reply #r" + reply))
          .onSuccess(r -> {
            if (r.statusCode() != 202) {
              errors.incrementAndGet();
            }
          });
    });
  }

  /** What the Twilio stub received: a reply's text reached the provider. */
  void outboundArrived(String body) {
    long id = marker(body == null ? null : body.replaceAll("\\s*-.*$", ""), "#r");
    Long start = id < 0 ? null : sentAt.remove(-id);
    if (start != null) {
      replies.record(System.nanoTime() - start);
      replied.incrementAndGet();
    }
  }

  /** E-mails sent and not yet on an agent's stream. */
  int mailsInFlight() {
    return mailSentAt.size();
  }

  /** A number for an e-mail about to be sent at {@code intended} (nanoTime). */
  long nextMail(long intended) {
    long id = seq.incrementAndGet();
    mailSentAt.put(id, intended);
    return id;
  }

  /** Calls {@code send} with each intended time (nanoTime) of a schedule at {@code perSecond}, for {@code millis}. */
  private Future<Void> openLoop(double perSecond, long millis, java.util.function.LongConsumer send) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long start = System.nanoTime();
    long interval = (long) (1_000_000_000L / perSecond);
    long[] next = {start};
    vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (next[0] <= now) {
        sendLag.record(System.nanoTime() - next[0]);
        send.accept(next[0]);
        next[0] += interval;
      }
      if (now - start > millis * 1_000_000L) {
        vertx.cancelTimer(id);
        done.complete();
      }
    });
    return done.future();
  }

  /**
   * Texts from {@code senders} numbers, each posting its next one when the webhook answered
   * (stored); routed counts them on the agents' streams.
   */
  Future<Void> texts(int senders, long millis, String publicUrl) {
    return texts(senders, millis, publicUrl, "+4420794%05d");
  }

  /** {@link #texts}, sender i texting from {@code String.format(numbers, i)}. */
  Future<Void> texts(int senders, long millis, String publicUrl, String numbers) {
    long end = System.nanoTime() + millis * 1_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      String from = String.format(numbers, i % 100_000);
      loops.add(textLoop(from, end, publicUrl));
    }
    return Future.all(loops).mapEmpty();
  }

  private Future<Void> textLoop(String from, long end, String publicUrl) {
    if (System.nanoTime() > end) {
      return Future.succeededFuture();
    }
    long id = seq.incrementAndGet();
    Map<String, String> form = Map.of("MessageSid", "SM" + String.format("%032x", id), "AccountSid", ACCOUNT,
        "From", from, "To", NUMBER, "Body", "Text #" + id, "NumMedia", "0");
    MultiMap body = MultiMap.caseInsensitiveMultiMap();
    form.forEach(body::add);
    sentAt.put(id, System.nanoTime());
    return http.post("/webhooks/twilio/sms")
        .putHeader("X-Twilio-Signature", TwilioSigning.sign(AUTH_TOKEN, publicUrl + "/webhooks/twilio/sms", form))
        .sendForm(body)
        .compose(r -> {
          if (r.statusCode() != 200) {
            errors.incrementAndGet();
            sentAt.remove(id);
          }
          return textLoop(from, end, publicUrl);
        }, err -> {
          errors.incrementAndGet();
          sentAt.remove(id);
          return textLoop(from, end, publicUrl);
        });
  }

  Future<Void> until(java.util.function.BooleanSupplier condition, long timeoutMs) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("timed out after " + timeoutMs + " ms");
      }
    });
    return done.future();
  }

  Future<Void> closeVisitors() {
    List<Future<Void>> closing = visitors.stream().map(v -> v.socket.close()).toList();
    visitors.clear();
    return Future.join(closing).mapEmpty();
  }

  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>(agentStreams.stream().map(WebSocket::close).toList());
    closing.add(closeVisitors());
    return Future.join(closing).eventually(() -> {
      http.close();
      return sockets.close();
    }).mapEmpty();
  }

  /** Heap in use by the gateway, as its own /metrics says (after the caller ran a GC in it). */
  Future<Long> heapUsed() {
    return http.get("/metrics").bearerTokenAuthentication(admin).send().map(r -> r.bodyAsString().lines()
        .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
  }
}
