package dev.relay.connector.chat;

import dev.relay.connector.chat.ChatVisitors.VisitorState;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.RejectReason;
import dev.relay.connector.spi.SenderClaims;
import dev.relay.connector.spi.WebSocketLimits;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One visitor's WebSocket: greets, takes messages, acknowledges them once the gateway stored them. */
final class ChatSocket {

  private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
  private static final int MAX_CLIENT_ID = 64;
  private static final int MAX_CLAIM = 200;
  private static final long TYPING_EVERY_MS = 2_000;
  /** RFC 6455: the peer broke the protocol's rules (here: it never said hello). */
  private static final short POLICY_VIOLATION = 1008;

  private final ServerWebSocket ws;
  private final ChatConnector connector;
  private final ConnectorContext context;
  private final ChatOptions options;
  private String visitorId;
  private String claimedName;
  private String claimedEmail;
  private String timezone;
  /** The identity the site vouched for in this socket's hello, or null: the token issued names it. */
  private Address vouched;
  private String locale;
  private long lastTyping = Long.MIN_VALUE / 2;
  /** True once the hello was answered with a welcome; only then are messages taken. */
  private boolean welcomed;
  private long helloTimer;
  /**
   * Tells this socket's own echoes from its sibling tabs', on whichever replica they are; made when
   * it first stores something (a socket that never did cannot be the one an echo came from).
   */
  private String socketId;

  ChatSocket(ServerWebSocket ws, ChatConnector connector, ConnectorContext context, ChatOptions options) {
    this.ws = ws;
    this.connector = connector;
    this.context = context;
    this.options = options;
  }

  void start() {
    context.metrics().connections(1);
    helloTimer = context.vertx().setTimer(options.helloTimeout().toMillis(), id -> {
      if (!welcomed && visitorId == null) {
        reject(new BadFrame(RejectReason.HELLO_REQUIRED, "say hello within " + options.helloTimeout().toSeconds()
            + " seconds of connecting"), null);
        ws.close(POLICY_VIOLATION, "no hello");
      }
    });
    ws.textMessageHandler(this::onText);
    WebSocketLimits.closeWhenOversized(ws, () -> context.metrics().rejected(RejectReason.TOO_LARGE));
    ws.binaryMessageHandler(buffer -> reject(new BadFrame(RejectReason.BAD_FRAME, "frames are JSON text"), null));
    // On graceful shutdown the widget reconnects (to another replica, or to us once restarted).
    ws.shutdownHandler(v -> close());
    ws.closeHandler(v -> {
      context.vertx().cancelTimer(helloTimer);
      context.metrics().connections(-1);
      connector.detach(this);
    });
  }

  String visitorId() {
    return visitorId;
  }

  /**
   * Nothing more is queued for a visitor who is not taking what was sent (the server drops such a
   * connection); a reply not written stays queued and is delivered when they come back.
   */
  Future<Void> write(JsonObject frame) {
    return write(frame.encode());
  }

  private Future<Void> write(String frame) {
    if (ws.writeQueueFull()) {
      return Future.failedFuture("the visitor is not reading");
    }
    return ws.writeTextMessage(frame);
  }

  void close() {
    ws.close((short) 1001, "server going away");
  }

  private void onText(String text) {
    if (text.length() > options.maxFrameChars()) {
      reject(new BadFrame(RejectReason.TOO_LARGE, "frames are limited to " + options.maxFrameChars() + " characters"), null);
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      reject(new BadFrame(RejectReason.BAD_JSON, "a frame is one JSON object"), null);
      return;
    }
    Object type = frame.getValue("type");
    String clientId = frame.getValue("clientId") instanceof String s ? s : null;
    try {
      if ("hello".equals(type)) {
        onHello(frame);
      } else if ("message".equals(type)) {
        onMessage(frame);
      } else if ("callback.request".equals(type)) {
        onCallbackRequest(frame);
      } else if ("callback.slots".equals(type)) {
        onCallbackSlots();
      } else if ("earlier".equals(type)) {
        onEarlier(frame);
      } else if ("typing".equals(type)) {
        onTyping();
      } else if ("forget".equals(type)) {
        onForget();
      } else {
        // The type is not quoted back: an answer must never carry what the client chose to put in it.
        throw new BadFrame(RejectReason.UNKNOWN_TYPE,
            "unknown frame type; expected hello, message, typing, earlier, callback.slots, callback.request or forget");
      }
    } catch (BadFrame bad) {
      reject(bad, clientId);
    }
  }

  private void onHello(JsonObject frame) {
    if (visitorId != null) {
      throw new BadFrame(RejectReason.ALREADY_GREETED, "hello is sent once per connection");
    }
    // The site's signed-in user's name and e-mail may come beside what it signs, in the identity.
    JsonObject site = frame.getValue("identity") instanceof JsonObject i ? i : new JsonObject();
    String name = optionalString(frame.containsKey("name") ? frame : site, "name", MAX_CLAIM);
    String email = optionalString(frame.containsKey("email") ? frame : site, "email", MAX_CLAIM);
    String token = optionalString(frame, "visitorToken", 256);
    Address vouched = vouchedIdentity(frame);
    VisitorTokens.Token held = token == null ? null : connector.tokens().verify(token).orElseThrow(() -> new BadFrame(
        RejectReason.INVALID_TOKEN, "this visitor token was not issued here or has expired; say hello without it to start afresh"));
    // A token issued while the site vouched for someone resumes only while it vouches for the same
    // person: signed out of the site (no identity, or another), the browser starts afresh, anonymous.
    boolean resumable = held != null && (held.vouched() == null || connector.tokens().vouchedFor(held, vouched));
    Future<VisitorState> state;
    if (vouched != null) {
      visitorId = resumable ? held.visitorId() : connector.tokens().newVisitorId();
      state = connector.visitors().vouched(visitorId, vouched, name);
    } else if (resumable) {
      visitorId = held.visitorId();
      state = connector.visitors().resume(visitorId);
    } else {
      if (!connector.newVisitors().tryTake(options.trustedProxies().clientOf(ws))) {
        throw new BadFrame(RejectReason.RATE_LIMITED, "too many new chats from your network; try again in a minute");
      }
      visitorId = connector.tokens().newVisitorId();
      state = connector.visitors().resume(visitorId);
    }
    this.vouched = vouched;
    claimedName = name;
    claimedEmail = email;
    timezone = optionalString(frame, "timezone", 64);
    locale = optionalString(frame, "locale", 35);
    connector.attach(this);
    state.onSuccess(this::welcome)
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("chat resume failed");
          // Not greeted: nothing this socket sends is taken until a hello succeeds.
          connector.detach(this);
          visitorId = null;
          reject(new BadFrame(RejectReason.UNAVAILABLE, "could not load your conversation, please reconnect"), null);
        });
  }

  /** The identity the site signed for this visitor, if the hello carries one; a bad signature is refused. */
  private Address vouchedIdentity(JsonObject frame) {
    Object raw = frame.getValue("identity");
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject identity)) {
      throw new BadFrame(RejectReason.BAD_FRAME, "identity must be an object with userId (or email) and signature");
    }
    if (connector.siteIdentity() == null) {
      throw new BadFrame(RejectReason.IDENTITY_NOT_ENABLED, "this site's identities cannot be checked: RELAY_CHAT_IDENTITY_SECRET is not set");
    }
    String userId = optionalString(identity, "userId", MAX_CLAIM);
    String vouchedEmail = optionalString(identity, "email", MAX_CLAIM);
    String signature = optionalString(identity, "signature", 128);
    return connector.siteIdentity().verify(userId, vouchedEmail, signature)
        .orElseThrow(() -> new BadFrame(RejectReason.INVALID_IDENTITY, "the identity's signature is not the site's; nothing was revealed"));
  }

  private void welcome(VisitorState state) {
    welcomed = true;
    // Greeted: the timer has nothing left to check, and would hold on to this socket until it fires.
    context.vertx().cancelTimer(helloTimer);
    write(ChatFrames.welcome(connector.tokens().tokenFor(visitorId, vouched), state));
    deliver(state);
  }

  /** A reply written on another replica while this socket is here: fetch what waits and deliver it. */
  void replyWaiting() {
    if (welcomed) {
      connector.visitors().resume(visitorId).onSuccess(this::deliver);
    }
  }

  /** The agent is typing, or has seen the visitor's messages ({@code kind}), wherever they are connected. */
  void agentActivity(String kind, String agentName) {
    if (welcomed) {
      write(ChatFrames.agentActivity(kind, agentName));
    }
  }

  /** What the visitor wrote in another tab ({@code fromSocket}), connected here or to another replica. */
  void echo(String fromSocket, String frame) {
    if (welcomed && !fromSocket.equals(socketId)) {
      write(frame);
    }
  }

  String socketId() {
    if (socketId == null) {
      socketId = java.util.UUID.randomUUID().toString();
    }
    return socketId;
  }

  private void deliver(VisitorState state) {
    for (OutboundMessage missed : state.undelivered()) {
      write(ChatFrames.outbound(missed))
          .compose(v -> context.inbound().status(DeliveryReceipt.of(missed.messageId(), DeliveryStatus.DELIVERED)))
          .onFailure(err -> LOG.atWarn().addKeyValue("message", missed.messageId()).setCause(err)
              .log("could not record chat delivery"));
    }
  }

  private void onMessage(JsonObject frame) {
    String clientId = clientId(frame);
    Object text = frame.getValue("text");
    if (!(text instanceof String body) || body.isBlank()) {
      throw new BadFrame(RejectReason.BAD_FRAME, "text is required and must not be blank");
    }
    if (body.length() > options.maxTextLength()) {
      throw new BadFrame(RejectReason.TOO_LARGE, "messages are limited to " + options.maxTextLength() + " characters");
    }
    // The name the widget asked for (when the company wants one): a claim, like the hello's.
    String name = optionalString(frame, "name", MAX_CLAIM);
    if (name != null && vouched == null) {
      claimedName = name;
    }
    store(clientId, body, null);
  }

  /**
   * {@code {"type":"callback.request","clientId","phone","at"?}}: the visitor asks to be called. The
   * gateway reads the number as people write it; one it cannot read is refused at once with an
   * {@code invalid_phone} error saying why, in the visitor's language, and nothing is stored. Else it
   * is stored like a message (the agent sees it in the timeline) and acknowledged the same way; the
   * gateway schedules the call and tells the visitor when, by name.
   */
  private void onCallbackRequest(JsonObject frame) {
    String clientId = clientId(frame);
    String phone = optionalString(frame, "phone", 40);
    if (phone == null) {
      throw new BadFrame(RejectReason.BAD_FRAME, "phone is required: the number to call");
    }
    String at = optionalString(frame, "at", 40);
    if (at != null) {
      try {
        java.time.Instant.parse(at);
      } catch (java.time.format.DateTimeParseException e) {
        throw new BadFrame(RejectReason.BAD_FRAME, "at must be an ISO-8601 UTC time such as 2026-03-03T10:00:00Z");
      }
    }
    // The widget words the request in the visitor's language; a client that does not gets this.
    String worded = optionalString(frame, "text", options.maxTextLength());
    connector.visitors().callbackNumber(visitorId, phone, locale)
        .onSuccess(number -> {
          try {
            if (number instanceof ChatVisitors.CallbackNumber.Readable readable) {
              Intent request = new Intent.CallbackRequest(readable.e164(), at == null ? null : java.time.Instant.parse(at));
              store(clientId, worded != null ? worded : "Please call me back on " + phone + (at == null ? "" : " at " + at),
                  request);
            } else if (number instanceof ChatVisitors.CallbackNumber.Unreadable unreadable) {
              throw new BadFrame(RejectReason.INVALID_PHONE, "phone: the number cannot be read (text says why, in the"
                  + " visitor's language)", unreadable.explanation());
            }
          } catch (BadFrame bad) {
            reject(bad, clientId);
          }
        })
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("callback number not read");
          reject(new BadFrame(RejectReason.UNAVAILABLE, "your request was not stored, please send it again"), clientId);
        });
  }

  /**
   * {@code {"type":"callback.slots"}}: when could the visitor be called? Answered with whether their
   * agent can call now, else the next times both are free, so the widget offers those instead of a queue.
   */
  private void onCallbackSlots() {
    if (!welcomed) {
      throw new BadFrame(RejectReason.HELLO_REQUIRED, "say hello before asking for a callback");
    }
    connector.visitors().callbackOffer(visitorId, timezone)
        .onSuccess(offer -> write(ChatFrames.callbackSlots(offer)))
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("callback slots not computed");
          reject(new BadFrame(RejectReason.UNAVAILABLE, "could not look up callback times, please try again"), null);
        });
  }

  /** {@code {"type":"earlier","before"}}: the page of older chats a welcome's (or a page's) {@code before} names. */
  private void onEarlier(JsonObject frame) {
    if (!welcomed) {
      throw new BadFrame(RejectReason.HELLO_REQUIRED, "say hello before asking for earlier conversations");
    }
    if (!(frame.getValue("before") instanceof String before)) {
      throw new BadFrame(RejectReason.BAD_FRAME, "earlier needs the before a welcome or an earlier page gave");
    }
    connector.visitors().earlier(visitorId, before)
        .onSuccess(page -> write(ChatFrames.earlier(page)))
        .onFailure(err -> {
          if (err instanceof IllegalArgumentException) {
            reject(new BadFrame(RejectReason.BAD_FRAME, "before is not one a welcome or an earlier page gave"), null);
            return;
          }
          LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("earlier conversations not read");
          reject(new BadFrame(RejectReason.UNAVAILABLE, "could not read earlier conversations, please try again"), null);
        });
  }

  /** {@code {"type":"typing"}}: passed on to the agent at most every two seconds; never stored. */
  private void onTyping() {
    if (!welcomed) {
      throw new BadFrame(RejectReason.HELLO_REQUIRED, "say hello first");
    }
    long now = context.clock().millis();
    if (now - lastTyping >= TYPING_EVERY_MS) {
      lastTyping = now;
      context.inbound().typing(new Address(Address.CHAT, visitorId));
    }
  }

  /** {@code {"type":"forget"}}: the visitor ends the session and is forgotten on this browser. */
  private void onForget() {
    if (!welcomed) {
      throw new BadFrame(RejectReason.HELLO_REQUIRED, "say hello first");
    }
    connector.forget(visitorId).onFailure(err -> {
      LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("chat visitor not forgotten");
      reject(new BadFrame(RejectReason.UNAVAILABLE, "could not forget you just now, please try again"), null);
    });
  }

  /** This visitor was forgotten (from this tab or another): the widget clears its storage; the socket closes. */
  void forgotten() {
    welcomed = false;
    write(ChatFrames.forgotten()).onComplete(v -> ws.close((short) 1000, "forgotten"));
  }

  private String clientId(JsonObject frame) {
    if (!welcomed) {
      throw new BadFrame(RejectReason.HELLO_REQUIRED, "say hello before sending messages");
    }
    String clientId = optionalString(frame, "clientId", MAX_CLIENT_ID);
    if (clientId == null) {
      throw new BadFrame(RejectReason.BAD_FRAME, "clientId is required: a string of 1 to " + MAX_CLIENT_ID + " characters");
    }
    return clientId;
  }

  /** @param intent what the visitor asked for beyond the text, or null */
  private void store(String clientId, String body, Intent intent) {
    // Per visitor, not per socket: reconnecting or opening tabs does not refill the budget.
    if (!connector.messageLimits().tryTake(visitorId)) {
      long wait = Math.max(1, connector.messageLimits().waitSeconds(visitorId));
      throw new BadFrame(RejectReason.RATE_LIMITED, "too many messages at once: wait " + wait
          + " s and send it again (it was not stored)", null, wait);
    }
    lastTyping = Long.MIN_VALUE / 2; // a message ends the typing; the next keystroke is news again
    ChannelFacts facts = ChannelFacts.NONE.withIntent(intent).withClaims(new SenderClaims(claimedEmail, timezone, locale));
    InboundMessage message = new InboundMessage(ChatConnector.CHANNEL, visitorId + ":" + clientId,
        new Address(Address.CHAT, visitorId), claimedName, body, context.clock().instant(), facts,
        java.util.List.of());
    context.inbound().message(message)
        .onSuccess(receipt -> {
          context.metrics().received();
          write(ChatFrames.ack(clientId, receipt.messageId(), receipt.conversationId(), receipt.duplicate()));
          if (!receipt.duplicate()) {
            connector.echo(visitorId, this, ChatFrames.echo(clientId, receipt.messageId(), body, message.receivedAt(), List.of()));
          }
        })
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("chat message not stored");
          reject(new BadFrame(RejectReason.UNAVAILABLE, "your message was not stored, please send it again"), clientId);
        });
  }

  private void reject(BadFrame bad, String clientId) {
    context.metrics().rejected(bad.reason);
    write(ChatFrames.error(bad.reason.code(), bad.getMessage(), clientId, bad.text, bad.retryAfter));
  }

  /** Null when absent; a {@link BadFrame} when present but not a non-blank string of acceptable length. */
  private static String optionalString(JsonObject frame, String field, int maxLength) {
    Object value = frame.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.length() > maxLength) {
      throw new BadFrame(RejectReason.BAD_FRAME, field + " must be a non-blank string of at most " + maxLength + " characters");
    }
    return s.strip();
  }

  /** A frame the protocol refuses; becomes an {@code error} frame, and the connection stays open. */
  private static final class BadFrame extends RuntimeException {
    private final RejectReason reason;
    /** What the visitor reads, in their language, when the widget's text for the code would not say enough; or null. */
    private final String text;
    /** Seconds until the visitor may send again (rate limited), or null. */
    private final Long retryAfter;

    BadFrame(RejectReason reason, String message) {
      this(reason, message, null);
    }

    BadFrame(RejectReason reason, String message, String text) {
      this(reason, message, text, null);
    }

    BadFrame(RejectReason reason, String message, String text, Long retryAfter) {
      super(message, null, false, false);
      this.reason = reason;
      this.text = text;
      this.retryAfter = retryAfter;
    }
  }
}
