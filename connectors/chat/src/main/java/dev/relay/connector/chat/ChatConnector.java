package dev.relay.connector.chat;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.KeyedRateLimits;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.StaticPages;
import dev.relay.connector.spi.WebSocketLimits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat channel: the demo page and widget under {@code /chat/}, its texts at
 * {@code /chat/texts}, and the visitor WebSocket at {@code /chat/ws}. A visitor may have several
 * tabs open; replies go to all. What other replicas signal about a visitor (a reply waiting, their
 * agent typing, an echo of what they wrote) comes on three addresses, each with one consumer here
 * that hands it to the visitor's sockets: a consumer per socket cost every idle socket about 1.5 KiB.
 */
public final class ChatConnector implements Connector {

  public static final String CHANNEL = "chat";
  /** Where a replica hears that a visitor has something waiting, written on another replica ({@code visitor id|message id}). */
  static final String WAITING = "relay.chat.waiting";
  /** Where a replica hears that a visitor's agent is typing or has seen their messages ({@code visitor id|kind|agent name}). */
  static final String ACTIVITY = "relay.chat.activity";
  /** Where a visitor's tabs hear what they wrote in another tab ({@code visitor id|socket id|echo frame}). */
  static final String ECHO = "relay.chat.echo";
  private static final Logger LOG = LoggerFactory.getLogger(ChatConnector.class);

  private final ChatOptions options;
  private final ChatVisitors visitors;
  private VisitorTokens tokens;
  private final SiteIdentity siteIdentity;
  private final VisitorSockets sockets = new VisitorSockets();
  private final List<MessageConsumer<String>> signalled = new ArrayList<>();
  private ConnectorContext context;
  private KeyedRateLimits newVisitors;
  private KeyedRateLimits messageLimits;

  public ChatConnector(ChatOptions options, ChatVisitors visitors) {
    this.options = options;
    this.visitors = visitors;
    this.siteIdentity = options.identitySecret() == null ? null : new SiteIdentity(options.identitySecret());
  }

  /** Each visitor's message budget, shared by all their sockets. */
  KeyedRateLimits messageLimits() {
    return messageLimits;
  }

  /** Anonymous new visitors, limited per client address. */
  KeyedRateLimits newVisitors() {
    return newVisitors;
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public String addressKind() {
    return Address.CHAT;
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    this.context = context;
    this.tokens = new VisitorTokens(options.tokenSecret(), context.clock(), options.tokenLifetime());
    // Per client address, across sockets: without it a script opened thousands of chats and filled every agent.
    this.newVisitors = new KeyedRateLimits(context.clock(), options.newVisitorBurst(), options.newVisitorsPerMinute(),
        Duration.ofMinutes(1), 10_000);
    this.messageLimits = new KeyedRateLimits(context.clock(), options.messageBurst(), options.messagesPerMinute(),
        Duration.ofMinutes(1), 100_000);
    Router router = context.router();
    listen(WAITING, 2, parts -> sockets.of(parts[0]).forEach(ChatSocket::replyWaiting));
    listen(ACTIVITY, 3, parts -> sockets.of(parts[0]).forEach(socket -> socket.agentActivity(parts[1], parts[2])));
    listen(ECHO, 3, parts -> sockets.of(parts[0]).forEach(socket -> socket.echo(parts[1], parts[2])));
    router.get("/chat/ws").handler(this::upgrade);
    router.get("/chat/texts").handler(this::texts);
    new ChatFiles(this, context).mount(router);
    StaticPages.mount(router, "chat");
    return Future.succeededFuture();
  }

  /**
   * {@code GET /chat/texts?locale=fr-CA}: the widget's texts, asked for before it shows anything.
   * Any site may embed the widget, and the texts are the same for everyone: readable from any origin.
   */
  private void texts(RoutingContext rc) {
    ChatVisitors.WidgetTexts texts = visitors.texts(rc.queryParams().get("locale"));
    rc.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("Cache-Control", "no-cache")
        .end(new JsonObject().put("locale", texts.locale())
            .put("texts", new JsonObject(new LinkedHashMap<>(texts.texts())))
            .put("brand", ChatFrames.brand(texts.brand()))
            .put("limits", new JsonObject().put("maxTextLength", options.maxTextLength())
                .put("maxFileBytes", visitors.maxFileBytes()).put("maxFiles", visitors.maxFiles())).encode());
  }

  private void upgrade(RoutingContext rc) {
    if (!WebSocketLimits.isUpgrade(rc.request())) {
      rc.response().setStatusCode(400).putHeader("Content-Type", "application/json")
          .end("{\"error\":{\"code\":\"websocket_required\",\"message\":\"/chat/ws speaks WebSocket only\",\"details\":[]}}");
      return;
    }
    rc.request().toWebSocket()
        .onSuccess(ws -> new ChatSocket(ws, this, context, options).start())
        .onFailure(err -> LOG.atDebug().setCause(err).log("chat WebSocket handshake failed"));
  }

  /** A signal on {@code address} is {@code visitorId|…}, {@code fields} fields in all, the last one free text. */
  private void listen(String address, int fields, java.util.function.Consumer<String[]> toSockets) {
    signalled.add(context.vertx().eventBus().<String>localConsumer(address, m -> {
      String[] parts = m.body().split("\\|", fields);
      if (parts.length == fields) {
        toSockets.accept(parts);
      }
    }));
  }

  @Override
  public Future<Void> stop() {
    sockets.clear().forEach(ChatSocket::close);
    signalled.forEach(MessageConsumer::unregister);
    signalled.clear();
    return Future.succeededFuture();
  }

  /** Files go as links (the gateway's signed download links), up to the e-mail channel's default size. */
  @Override
  public java.util.Optional<FileLimit> carriesFiles(Address to) {
    return java.util.Optional.of(new FileLimit(MAX_FILE_BYTES, true));
  }

  static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

  /** The text of a reply with files, as the visitor reads it: each file's link on its own line under it. */
  public static String withLinks(String text, java.util.List<dev.relay.connector.spi.OutboundAttachment> files) {
    StringBuilder out = new StringBuilder(text);
    out.append("\n");
    files.forEach(f -> out.append("\n").append(f.linkLine()));
    return out.toString();
  }

  @Override
  public Future<DeliveryReceipt> send(OutboundMessage message) {
    List<ChatSocket> open = sockets.of(message.to().value());
    String id = message.messageId();
    if (open.isEmpty()) {
      // Delivered when the visitor comes back (the gateway lists it in VisitorState.undelivered),
      // or now by the replica the visitor is connected to, which this wakes up.
      context.signals().publish(WAITING, message.to().value() + "|" + (id == null ? "" : id));
      context.metrics().sent(DeliveryStatus.QUEUED);
      return Future.succeededFuture(id == null ? null : DeliveryReceipt.of(id, DeliveryStatus.QUEUED));
    }
    List<Future<Void>> writes = open.stream().map(socket -> socket.write(ChatFrames.outbound(message))).toList();
    return Future.join(writes).transform(all -> {
      boolean anyWritten = writes.stream().anyMatch(Future::succeeded);
      DeliveryStatus status = anyWritten ? DeliveryStatus.DELIVERED : DeliveryStatus.QUEUED;
      context.metrics().sent(status);
      return Future.succeededFuture(id == null ? null : DeliveryReceipt.of(id, status));
    });
  }

  @Override
  public ConnectorHealth health() {
    return ConnectorHealth.up(sockets.visitors() + " visitors connected");
  }

  VisitorTokens tokens() {
    return tokens;
  }

  /** Null when the site does not vouch for visitors (no identity secret configured). */
  SiteIdentity siteIdentity() {
    return siteIdentity;
  }

  ChatVisitors visitors() {
    return visitors;
  }

  @Override
  public void agentActivity(Address to, String agentName, AgentActivity activity) {
    // To whichever replica holds the visitor's socket (this one included).
    context.signals().publish(ACTIVITY, to.value() + "|" + activity.name().toLowerCase(java.util.Locale.ROOT) + "|" + agentName);
  }

  /**
   * The visitor asked to be forgotten on this browser: the gateway lets their visitor id go (their
   * token opens nothing any more), and every tab they have open here is told and closed.
   */
  Future<Void> forget(String visitorId) {
    return visitors.forget(visitorId).onSuccess(v -> {
      sockets.removeAll(visitorId).forEach(ChatSocket::forgotten);
    });
  }

  /**
   * What the visitor wrote in one tab, to their other tabs, here and on other replicas (two tabs
   * behind a load balancer rarely share one), so every tab shows the whole conversation.
   *
   * @param from the tab it was written in, which shows it already; null for a file (sent over HTTP): every tab
   */
  void echo(String visitorId, ChatSocket from, JsonObject frame) {
    context.signals().publish(ECHO, visitorId + "|" + (from == null ? "" : from.socketId()) + "|" + frame.encode());
  }

  void attach(ChatSocket socket) {
    sockets.add(socket.visitorId(), socket);
    LOG.atDebug().addKeyValue("visitor", socket.visitorId()).log("chat visitor connected");
  }

  void detach(ChatSocket socket) {
    if (socket.visitorId() != null) {
      sockets.remove(socket.visitorId(), socket);
    }
  }
}
