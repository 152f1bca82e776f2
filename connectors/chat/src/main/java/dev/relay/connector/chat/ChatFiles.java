package dev.relay.connector.chat;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.InboundAttachment;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.OutboundAttachment;
import dev.relay.connector.spi.RejectReason;
import dev.relay.connector.spi.SenderClaims;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat/files?name=&clientId=&locale=}: a file the visitor sends, its bytes as the body,
 * {@code Authorization: Bearer <visitor token>}. Over HTTP, not in a frame: a frame is 16 KiB and
 * text. The gateway checks it as it checks agents' files ({@link ChatVisitors#file}); it is stored
 * as the visitor's message (the same {@code clientId} stored once, like a frame's) and answered
 * only then. A refusal says why in the visitor's language ({@code error.text}). Readable from any
 * origin: the widget runs on the company's site, and the token, not a cookie, is the credential.
 */
final class ChatFiles {

  private static final Logger LOG = LoggerFactory.getLogger(ChatFiles.class);
  private static final int MAX_CLIENT_ID = 64;
  private static final int MAX_NAME = 255;

  private final ChatConnector connector;
  private final ConnectorContext context;

  ChatFiles(ChatConnector connector, ConnectorContext context) {
    this.connector = connector;
    this.context = context;
  }

  void mount(Router router) {
    router.options("/chat/files").handler(this::preflight);
    router.post("/chat/files").handler(rc -> {
      String visitorId = admit(rc);
      if (visitorId != null) {
        receive(rc, visitorId);
      }
    });
  }

  private void preflight(RoutingContext rc) {
    rc.response().setStatusCode(204)
        .putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("Access-Control-Allow-Methods", "POST")
        .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
        .putHeader("Access-Control-Max-Age", "600")
        .end();
  }

  /**
   * Before any byte is read: whose it is, what it is called, that it fits, and that the visitor may
   * send now. The visitor's id, or null when the request was refused (answered here).
   */
  private String admit(RoutingContext rc) {
    rc.response().putHeader("Access-Control-Allow-Origin", "*");
    String auth = rc.request().getHeader("Authorization");
    String visitorId = auth == null || !auth.startsWith("Bearer ") ? null
        : connector.tokens().verify(auth.substring(7).strip()).map(VisitorTokens.Token::visitorId).orElse(null);
    if (visitorId == null) {
      refuse(rc, 401, RejectReason.INVALID_TOKEN, "Authorization: Bearer <the visitor token of the welcome>", null);
      return null;
    }
    String clientId = rc.queryParams().get("clientId");
    String name = rc.queryParams().get("name");
    if (clientId == null || clientId.isBlank() || clientId.length() > MAX_CLIENT_ID || name == null || name.isBlank()
        || name.length() > MAX_NAME) {
      refuse(rc, 400, RejectReason.BAD_FRAME, "name (the file's, at most " + MAX_NAME + " characters) and clientId"
          + " (at most " + MAX_CLIENT_ID + ") are required", null);
      return null;
    }
    // The length first, so a file too large is refused before a byte of it is read (a browser always says it).
    String length = rc.request().getHeader("Content-Length");
    if (length == null || !length.matches("\\d{1,19}")) {
      refuse(rc, 411, RejectReason.BAD_FRAME, "Content-Length is required: the file's size in bytes", null);
      return null;
    }
    if (Long.parseLong(length) > connector.visitors().maxFileBytes()) {
      rc.response().putHeader("Connection", "close");
      refused(rc, connector.visitors().file(name, null, locale(rc)));
      return null;
    }
    if (!connector.messageLimits().tryTake(visitorId)) {
      long wait = Math.max(1, connector.messageLimits().waitSeconds(visitorId));
      rc.response().putHeader("Retry-After", Long.toString(wait));
      refuse(rc, 429, RejectReason.RATE_LIMITED, "too many messages at once: wait " + wait + " s and send it again", wait);
      return null;
    }
    return visitorId;
  }

  /** The bytes (no more than the Content-Length admitted), checked by the gateway, stored as the visitor's message. */
  private void receive(RoutingContext rc, String visitorId) {
    rc.request().body()
        .onSuccess(bytes -> store(rc, visitorId, connector.visitors().file(rc.queryParams().get("name"), bytes.getBytes(),
            locale(rc))))
        .onFailure(err -> LOG.atDebug().addKeyValue("visitor", visitorId).setCause(err).log("chat file upload broken off"));
    rc.request().resume();
  }

  private void store(RoutingContext rc, String visitorId, ChatVisitors.VisitorFile checked) {
    if (!(checked instanceof ChatVisitors.VisitorFile.Accepted accepted)) {
      refused(rc, checked);
      return;
    }
    String clientId = rc.queryParams().get("clientId");
    InboundAttachment file = accepted.file();
    // The file is the message: no words of its own (the visitor writes those as a message). Its
    // language is the widget's, which the hello also claims.
    InboundMessage message = new InboundMessage(ChatConnector.CHANNEL, visitorId + ":" + clientId,
        new Address(Address.CHAT, visitorId), null, "", context.clock().instant(),
        ChannelFacts.NONE.withClaims(new SenderClaims(null, null, locale(rc))), List.of(file));
    context.inbound().message(message)
        .onSuccess(receipt -> {
          context.metrics().received();
          List<OutboundAttachment> shown = List.of(new OutboundAttachment(file.filename(), file.contentType(), file.size(),
              null, null));
          if (!receipt.duplicate()) {
            connector.echo(visitorId, null, ChatFrames.echo(clientId, receipt.messageId(), "", message.receivedAt(), shown));
          }
          rc.response().setStatusCode(202).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("messageId", receipt.messageId()).put("conversationId", receipt.conversationId())
                  .put("duplicate", receipt.duplicate()).put("file", ChatFrames.files(shown).getJsonObject(0)).encode());
        })
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("visitor", visitorId).setCause(err).log("chat file not stored");
          refuse(rc, 503, RejectReason.UNAVAILABLE, "your file was not stored, please send it again", null);
        });
  }

  private void refused(RoutingContext rc, ChatVisitors.VisitorFile checked) {
    ChatVisitors.VisitorFile.Refused refused = (ChatVisitors.VisitorFile.Refused) checked;
    int status = switch (refused.reason()) {
      case TOO_LARGE -> 413;
      case FILE_TYPE -> 415;
      default -> 400;
    };
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    context.metrics().rejected(refused.reason());
    rc.response().end(body(refused.reason(), "the file was refused (text says why, in the visitor's language)",
        refused.explanation(), null).encode());
  }

  /** @param retryAfter seconds until the visitor may send again, or null */
  private void refuse(RoutingContext rc, int status, RejectReason reason, String message, Long retryAfter) {
    context.metrics().rejected(reason);
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body(reason, message, null, retryAfter).encode());
  }

  /** The API's error shape; {@code text}: what the visitor reads, when the widget's text for the code would not say enough. */
  private static JsonObject body(RejectReason reason, String message, String text, Long retryAfter) {
    JsonObject error = new JsonObject().put("code", reason.code()).put("message", message).put("details", new JsonArray());
    if (text != null) {
      error.put("text", text);
    }
    if (retryAfter != null) {
      error.put("retryAfter", retryAfter);
    }
    return new JsonObject().put("error", error);
  }

  private static String locale(RoutingContext rc) {
    String locale = rc.queryParams().get("locale");
    return locale == null || locale.length() > 35 ? null : locale;
  }
}
