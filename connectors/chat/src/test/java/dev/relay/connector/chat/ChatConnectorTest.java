package dev.relay.connector.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.testing.ConnectorContract;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat connector keeps the connector contract, with a WebSocket client as the visitor's widget. */
class ChatConnectorTest extends ConnectorContract {

  /** The gateway's answers to the widget, for a visitor nobody knows yet. */
  private static final ChatVisitors NEW_VISITORS = new ChatVisitors() {
    @Override
    public Future<VisitorState> resume(String visitorId) {
      return Future.succeededFuture(VisitorState.NEW);
    }

    @Override
    public Future<VisitorState> vouched(String visitorId, Address identity, String name) {
      return Future.succeededFuture(VisitorState.NEW);
    }

    @Override
    public Future<EarlierPage> earlier(String visitorId, String before) {
      return Future.succeededFuture(EarlierPage.NONE);
    }

    @Override
    public Future<CallbackOffer> callbackOffer(String visitorId, String timezone) {
      return Future.succeededFuture(new CallbackOffer(false, false, null, timezone, List.of()));
    }

    /** Reads only international numbers, as a gateway without a region would. */
    @Override
    public Future<CallbackNumber> callbackNumber(String visitorId, String typed, String locale) {
      return Future.succeededFuture(typed.startsWith("+") ? new CallbackNumber.Readable(typed.replaceAll("[^+0-9]", ""))
          : new CallbackNumber.Unreadable("Ajoutez l’indicatif du pays à « " + typed + " »."));
    }

    @Override
    public Future<Void> forget(String visitorId) {
      return Future.succeededFuture();
    }

    /** Takes PDFs only, up to 1 KiB: enough to see the connector hand over what the gateway decides. */
    @Override
    public VisitorFile file(String filename, byte[] content, String locale) {
      return content != null && new String(content, StandardCharsets.ISO_8859_1).startsWith("%PDF-")
          ? new VisitorFile.Accepted(new dev.relay.connector.spi.InboundAttachment(filename, "application/pdf",
              content.length, content))
          : new VisitorFile.Refused(dev.relay.connector.spi.RejectReason.FILE_TYPE, "Pas un PDF : " + filename);
    }

    @Override
    public long maxFileBytes() {
      return 1024;
    }

    @Override
    public int maxFiles() {
      return 2;
    }

    @Override
    public WidgetTexts texts(String locale) {
      return "fr-CA".equals(locale) ? new WidgetTexts("fr-CA", java.util.Map.of("launcher", "Clavarder avec nous"))
          : new WidgetTexts("en", java.util.Map.of("launcher", "Chat with us"));
    }
  };

  /** What the gateway answers the widget, and the channel's options; a test may swap them before the connector starts. */
  private ChatVisitors visitors = NEW_VISITORS;
  private ChatOptions options = new ChatOptions("chat-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @Override
  protected Connector createConnector() {
    return new ChatConnector(options, visitors);
  }

  @Override
  protected Future<Void> customerSends(String text) {
    return visitorSends(new JsonObject().put("type", "message").put("clientId", "c1").put("text", text));
  }

  @Override
  protected Address customer() {
    return new Address(Address.CHAT, "vis_offline");
  }

  @Test
  void theWidgetGetsItsTextsInTheLanguageItAsksForFromAnyOrigin() {
    started();
    // The body is read in the same chain, on the event loop: asked for later, it could already be gone.
    var answer = await(vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, port, "localhost",
            "/chat/texts?locale=fr-CA").compose(r -> r.putHeader("Origin", "https://www.acme.example").send())
        .compose(response -> response.body().map(body -> java.util.Map.entry(response, body))));
    assertEquals(200, answer.getKey().statusCode());
    assertEquals("*", answer.getKey().getHeader("Access-Control-Allow-Origin"), "any site may embed the widget");
    JsonObject body = answer.getValue().toJsonObject();
    assertEquals("fr-CA", body.getString("locale"));
    assertEquals(new JsonObject().put("launcher", "Clavarder avec nous"), body.getJsonObject("texts"));
    assertEquals("right", body.getJsonObject("brand").getString("position"), "without a brand, the widget's own look");
    assertEquals(4000, body.getJsonObject("limits").getInteger("maxTextLength"), "the widget counts against the real limit");
  }

  @Test
  void aCallbackRequestIsStoredAsTheWidgetWordedIt() {
    started();
    await(visitorSends(new JsonObject().put("type", "callback.request").put("clientId", "c3")
        .put("phone", "+33 6 98 76 54 32").put("text", "Merci de me rappeler au +33 6 98 76 54 32")));
    assertEquals("Merci de me rappeler au +33 6 98 76 54 32", sink.messages().get(0).text());
  }

  @Test
  void aCallbackButtonIsACallbackRequest() {
    started();
    await(visitorSends(new JsonObject().put("type", "callback.request").put("clientId", "c2")
        .put("phone", "+44 20 7946 0000").put("at", "2026-03-03T10:00:00Z")));

    assertEquals(new Intent.CallbackRequest("+442079460000", Instant.parse("2026-03-03T10:00:00Z")),
        sink.messages().get(0).facts().intent(), "the number as the gateway read it");
  }

  @Test
  void aNumberTheGatewayCannotReadIsRefusedAtOnceWithItsExplanationAndNothingIsStored() {
    started();
    JsonObject refused = await(answerTo(new JsonObject().put("type", "callback.request").put("clientId", "c3")
        .put("phone", "06 98 76 54 32")));

    assertEquals("error", refused.getString("type"));
    assertEquals("invalid_phone", refused.getString("code"));
    assertEquals("c3", refused.getString("clientId"), "the widget shows it in the callback form");
    assertEquals("Ajoutez l’indicatif du pays à « 06 98 76 54 32 ».", refused.getString("text"), "in the visitor’s language");
    assertEquals(0, sink.messages().size(), "nothing stored, nothing scheduled");
  }

  @Test
  void aHelloThatCouldNotBeAnsweredLeavesNothingThatStoresMessages() {
    visitors = new ChatVisitors() {
          @Override
          public Future<VisitorState> resume(String visitorId) {
            return Future.failedFuture("the store is down");
          }

          @Override
          public Future<VisitorState> vouched(String visitorId, Address identity, String name) {
            return Future.failedFuture("the store is down");
          }

          @Override
          public Future<EarlierPage> earlier(String visitorId, String before) {
            return Future.failedFuture("the store is down");
          }

          @Override
          public Future<CallbackOffer> callbackOffer(String visitorId, String timezone) {
            return NEW_VISITORS.callbackOffer(visitorId, timezone);
          }

          @Override
          public Future<Void> forget(String visitorId) {
            return Future.failedFuture("the store is down");
          }

          @Override
          public Future<CallbackNumber> callbackNumber(String visitorId, String typed, String locale) {
            return NEW_VISITORS.callbackNumber(visitorId, typed, locale);
          }

          @Override
          public VisitorFile file(String filename, byte[] content, String locale) {
            return NEW_VISITORS.file(filename, content, locale);
          }

          @Override
          public long maxFileBytes() {
            return NEW_VISITORS.maxFileBytes();
          }

          @Override
          public int maxFiles() {
            return NEW_VISITORS.maxFiles();
          }

          @Override
          public WidgetTexts texts(String locale) {
            return NEW_VISITORS.texts(locale);
          }
        };
    ChatConnector chat = (ChatConnector) started();
    String token = chat.tokens().tokenFor(chat.tokens().newVisitorId(), null);
    List<String> codes = new java.util.concurrent.CopyOnWriteArrayList<>();
    Promise<Void> done = Promise.promise();
    vertx.createWebSocketClient().connect(port, "localhost", "/chat/ws").onSuccess(ws -> {
      ws.textMessageHandler(text -> {
        codes.add(new JsonObject(text).getString("code"));
        if (codes.size() == 1) {
          ws.writeTextMessage(new JsonObject().put("type", "message").put("clientId", "c1").put("text", "Allô ?").encode());
        } else {
          done.tryComplete();
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("visitorToken", token).encode());
    }).onFailure(done::tryFail);
    await(done.future());

    assertEquals(List.of("unavailable", "hello_required"), codes, "the socket is not half-open after the refusal");
    assertEquals(0, sink.messages().size(), "nothing stored");
  }

  @Test
  void aSocketThatNeverSaysHelloIsClosed() {
    options = options.withHelloTimeout(java.time.Duration.ofMillis(200));
    started();
    List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
    Promise<Short> closed = Promise.promise();
    vertx.createWebSocketClient().connect(port, "localhost", "/chat/ws").onSuccess(ws -> {
      ws.textMessageHandler(text -> frames.add(new JsonObject(text).getString("code")));
      ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    }).onFailure(closed::tryFail);

    assertEquals((short) 1008, await(closed.future()), "closed as a policy violation");
    assertEquals(List.of("hello_required"), frames, "told why first");
  }

  @Test
  void oneAddressCannotOpenNewChatsWithoutEnd() {
    options = options.withNewVisitorLimit(3, 1);
    started();
    for (int i = 0; i < 3; i++) {
      assertEquals("welcome", firstAnswerToHello(new JsonObject()), "visitor " + i);
    }
    assertEquals("rate_limited", firstAnswerToHello(new JsonObject()), "the next new visitor from this address waits");
    String returning = ((ChatConnector) started()).tokens().tokenFor("vis_returning", null);
    assertEquals("welcome", firstAnswerToHello(new JsonObject().put("visitorToken", returning)),
        "a visitor coming back is not a new chat");
  }

  @Test
  void whatTheAgentDoesReachesEveryTabOfTheirVisitorAndNoOtherVisitor() throws InterruptedException {
    ChatConnector chat = (ChatConnector) started();
    String visitorId = chat.tokens().newVisitorId();
    String token = chat.tokens().tokenFor(visitorId, null);
    List<Tab> tabs = List.of(greeted(token), greeted(token));
    Tab stranger = greeted(chat.tokens().tokenFor(chat.tokens().newVisitorId(), null));

    chat.agentActivity(new Address(Address.CHAT, visitorId), "Kristin", Connector.AgentActivity.TYPING);

    for (Tab tab : tabs) {
      assertEquals(new JsonObject().put("type", "typing").put("agent", new JsonObject().put("name", "Kristin")), tab.next());
    }
    // Had the stranger been told, it would have been before this answer: one signal reaches every socket at once.
    stranger.ws.writeTextMessage(new JsonObject().put("type", "nonsense").encode());
    assertEquals("unknown_type", stranger.next().getString("code"), "the other visitor hears nothing of it");
  }

  /** A widget's socket, greeted, and what it is sent after the welcome. */
  private record Tab(io.vertx.core.http.WebSocket ws, java.util.concurrent.BlockingQueue<JsonObject> frames) {
    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertNotNull(frame, "nothing came within 10 s");
      return frame;
    }
  }

  private Tab greeted(String token) throws InterruptedException {
    io.vertx.core.http.WebSocket ws = await(vertx.createWebSocketClient().connect(port, "localhost", "/chat/ws"));
    Tab tab = new Tab(ws, new java.util.concurrent.LinkedBlockingQueue<>());
    ws.textMessageHandler(text -> tab.frames().add(new JsonObject(text)));
    ws.writeTextMessage(new JsonObject().put("type", "hello").put("visitorToken", token).encode());
    assertEquals("welcome", tab.next().getString("type"));
    return tab;
  }

  /** The type (or error code) of what answers a hello with these fields. */
  private String firstAnswerToHello(JsonObject hello) {
    Promise<String> answer = Promise.promise();
    vertx.createWebSocketClient().connect(port, "localhost", "/chat/ws").onSuccess(ws -> {
      ws.textMessageHandler(text -> {
        JsonObject frame = new JsonObject(text);
        answer.tryComplete("error".equals(frame.getString("type")) ? frame.getString("code") : frame.getString("type"));
        ws.close();
      });
      ws.writeTextMessage(hello.copy().put("type", "hello").encode());
    }).onFailure(answer::tryFail);
    return await(answer.future());
  }

  /** Says hello, sends {@code frame} once welcomed, and completes on its ack. */
  private Future<Void> visitorSends(JsonObject frame) {
    return answerTo(frame).compose(answer -> "ack".equals(answer.getString("type")) ? Future.<Void>succeededFuture()
        : Future.failedFuture("unexpected frame: " + answer.encode()));
  }

  /** The frame the connector answers {@code frame} with, sent by a visitor once welcomed. */
  private Future<JsonObject> answerTo(JsonObject frame) {
    Promise<JsonObject> answered = Promise.promise();
    vertx.createWebSocketClient().connect(port, "localhost", "/chat/ws").onSuccess(ws -> {
      ws.textMessageHandler(text -> {
        JsonObject answer = new JsonObject(text);
        if ("welcome".equals(answer.getString("type"))) {
          ws.writeTextMessage(frame.encode());
        } else {
          answered.tryComplete(answer);
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", "hello").put("name", "Ann").encode());
    }).onFailure(answered::tryFail);
    return answered.future();
  }
}
