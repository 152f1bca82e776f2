package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import dev.relay.connector.twilio.TwilioTestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMS through Twilio, against a local server that speaks Twilio's REST API and signs like Twilio. */
class SmsChannelTest extends TwilioGatewayTestCase {

  /** A London number: its time zone (Europe/London) is UTC in early March, so windows read as UTC. */
  static final String CUSTOMER = "+442079460123";
  String kristin;

  @BeforeEach
  void agent() {
    kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
  }

  @Test
  void aTextReachesTheOwnerAndTheSignedReplyGoesOutThroughTwilioAndIsDelivered() {
    FrameSocket stream = gateway.stream(kristin);
    HttpResponse<Buffer> ok = text("SM" + "1".repeat(32), "+44 20 7946 0123", "My router is down", TwilioTestServer.AUTH_TOKEN);
    assertEquals(200, ok.statusCode());
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", ok.bodyAsString(), "empty TwiML, after storing");
    JsonObject data = stream.next(f -> "message.received".equals(f.getString("event")), "the text").getJsonObject("data");
    assertEquals("sms", data.getJsonObject("message").getString("channel"));
    String conversation = data.getString("conversationId");
    assertEquals(CUSTOMER, gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("customer")
        .getJsonArray("identities").getJsonObject(0).getString("value"), "numbers normalised to E.164");

    String replyId = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Please restart it and tell me."), 202).getString("id");
    JsonObject sent = stream.next(f -> "message.status".equals(f.getString("event"))
        && "sent".equals(f.getJsonObject("data").getString("status")), "handed to Twilio");
    assertEquals(replyId, sent.getJsonObject("data").getString("messageId"));
    assertEquals("1", sent.getJsonObject("data").getString("segments"), "the agent sees how many SMS it took");
    TwilioTestServer.Recorded create = twilio.requests().stream()
        .filter(r -> r.form().getOrDefault("Body", "").startsWith("Please restart")).findFirst().orElseThrow();
    assertEquals("/2010-04-01/Accounts/" + TwilioTestServer.ACCOUNT_SID + "/Messages.json", create.path());
    assertEquals(CUSTOMER, create.form().get("To"));
    assertEquals(NUMBER, create.form().get("From"));
    assertEquals("Please restart it and tell me.\n— Kristin Lavransdatter, Acme support", create.form().get("Body"));
    assertEquals(PUBLIC + "/webhooks/twilio/sms/status?relayMessageId=" + replyId, create.form().get("StatusCallback"));

    assertEquals(204, twilio.sendStatus(create, "delivered", null, gateway.port()).statusCode());
    JsonObject delivered = stream.next(f -> "message.status".equals(f.getString("event"))
        && "delivered".equals(f.getJsonObject("data").getString("status")), "delivered");
    assertEquals(replyId, delivered.getJsonObject("data").getString("messageId"));
    stream.close();
  }

  @Test
  void aLongTextShowsItsSegmentCountAndMmsMediaAreKeptAsLinks() {
    FrameSocket stream = gateway.stream(kristin);
    twilio.post(PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of("MessageSid", "SM" + "a".repeat(32),
        "From", CUSTOMER, "To", NUMBER, "Body", "Photo of the damage", "NumMedia", "1",
        "MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1",
        "MediaContentType0", "image/jpeg"), TwilioTestServer.AUTH_TOKEN);
    JsonObject data = stream.next(f -> "message.received".equals(f.getString("event")), "the MMS").getJsonObject("data");
    assertEquals("https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1 (image/jpeg)",
        data.getJsonObject("message").getJsonObject("attributes").getString("media0"));
    String longText = "Thank you for the photo. ".repeat(12);
    gateway.post("/api/conversations/" + data.getString("conversationId") + "/messages", kristin,
        new JsonObject().put("text", longText), 202);
    JsonObject sent = stream.next(f -> "message.status".equals(f.getString("event"))
        && "sent".equals(f.getJsonObject("data").getString("status")), "sent");
    assertEquals("6", sent.getJsonObject("data").getString("segments"),
        "about 340 characters; the signature's em dash is not GSM-7, so the text goes as UCS-2, 67 per segment");
    stream.close();
  }

  @Test
  void aTextTwilioCannotAcceptFailsAtOnceWithTwilioReason() {
    FrameSocket stream = gateway.stream(kristin);
    text("SM" + "b".repeat(32), CUSTOMER, "Hi", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    awaitNotice();
    twilio.failNext(400, 1);
    String replyId = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "This one cannot go"), 202).getString("id");
    JsonObject failed = stream.next(f -> "message.status".equals(f.getString("event"))
        && replyId.equals(f.getJsonObject("data").getString("messageId")), "failed at once");
    assertEquals("failed", failed.getJsonObject("data").getString("status"));
    assertTrue(failed.getJsonObject("data").getString("error").contains("21211"), failed.encode());
    stream.close();
  }

  /** The acknowledgement text ("Kristin … will answer you.") goes first; failures injected after it hit the reply. */
  private void awaitNotice() {
    long deadline = System.currentTimeMillis() + 5_000;
    while (twilio.requests().stream().noneMatch(r -> r.form().getOrDefault("Body", "").contains("will answer you"))) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no acknowledgement text was sent");
      }
      Thread.yield();
    }
  }

  /**
   * Checks the requests Relay sends, and the resources the local test server answers, against
   * Twilio's published OpenAPI document. It lives in ../shared (present in CI and on developer
   * machines); on a bare clone the check is skipped, and says so.
   */
  @Test
  void whatRelaySendsAndTheTestServerAnswersConformToTwilioOpenApi() throws Exception {
    Path spec = java.util.stream.Stream.of("../../shared/twilio/twilio_api_v2010.json", "../shared/twilio/twilio_api_v2010.json")
        .map(Path::of).filter(java.nio.file.Files::exists).findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(spec != null,
        "Twilio's OpenAPI document (../shared/twilio) is not present: conformance check skipped");
    var api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(spec.toFile());
    var create = api.at("/paths/~12010-04-01~1Accounts~1{AccountSid}~1Messages.json/post");
    assertTrue(!create.isMissingNode(), "Messages create is in the document");
    var fields = create.at("/requestBody/content/application~1x-www-form-urlencoded/schema");

    FrameSocket stream = gateway.stream(kristin);
    text("SM" + "c".repeat(32), CUSTOMER, "Conformance", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/messages", kristin, new JsonObject().put("text", "Checked"), 202);
    stream.next(f -> "message.status".equals(f.getString("event")) && "sent".equals(f.getJsonObject("data").getString("status")), "sent");
    stream.close();

    for (TwilioTestServer.Recorded request : twilio.requests()) {
      assertTrue(request.path().matches("/2010-04-01/Accounts/AC[0-9a-f]{32}/Messages\\.json"), request.path());
      for (String field : request.form().keySet()) {
        assertTrue(fields.at("/properties/" + field).isObject(), "Relay sends a field Twilio declares: " + field);
      }
      fields.get("required").forEach(required -> assertTrue(request.form().containsKey(required.asText()),
          "required field sent: " + required.asText()));
    }
    var resource = api.at("/components/schemas/api.v2010.account.message/properties");
    java.util.Set<String> declared = new java.util.TreeSet<>();
    resource.fieldNames().forEachRemaining(declared::add);
    assertEquals(declared, TwilioTestServer.resourceFields(), "the test server answers Twilio's Message resource, field for field");
    java.util.Set<String> callFields = new java.util.TreeSet<>();
    api.at("/components/schemas/api.v2010.account.call/properties").fieldNames().forEachRemaining(callFields::add);
    assertEquals(callFields, TwilioTestServer.callResourceFields(), "and Twilio's Call resource");
    java.util.Set<String> statuses = new java.util.TreeSet<>();
    api.at("/components/schemas/message_enum_status/enum").forEach(v -> statuses.add(v.asText()));
    assertTrue(statuses.containsAll(java.util.List.of("queued", "sent", "delivered", "undelivered", "failed")),
        "every status Relay handles is one Twilio sends: " + statuses);
  }

  @Test
  void theSameCustomerOnChatReachesTheSameAgentOnceAnAdminLinksTheirEmail() throws Exception {
    FrameSocket stream = gateway.stream(kristin);
    text("SM" + "d".repeat(32), CUSTOMER, "Texting about my order", TwilioTestServer.AUTH_TOKEN);
    JsonObject data = stream.next(f -> "message.received".equals(f.getString("event")), "the text").getJsonObject("data");
    String conversation = data.getString("conversationId");
    String customer = gateway.get("/api/conversations/" + conversation, kristin).getJsonObject("customer").getString("id");
    String path = "/api/admin/customers/" + customer + "/identities";
    assertEquals(422, gateway.request(io.vertx.core.http.HttpMethod.POST, path, TestGateway.ADMIN_TOKEN,
        new JsonObject().put("kind", "email").put("value", "not-an-address")).statusCode());
    assertEquals(422, gateway.request(io.vertx.core.http.HttpMethod.POST, path, TestGateway.ADMIN_TOKEN,
        new JsonObject().put("kind", "fax").put("value", "123")).statusCode());
    gateway.post(path, TestGateway.ADMIN_TOKEN, new JsonObject().put("kind", "email").put("value", "Ann@Example.com"), 200);

    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(SITE_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = java.util.HexFormat.of().formatHex(mac.doFinal("email:ann@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var visitor = gateway.visitor(new JsonObject().put("identity",
        new JsonObject().put("email", "ann@example.com").put("signature", signature)));
    assertEquals(conversation, visitor.welcome().getString("conversationId"), "the site vouches for Ann: her SMS conversation");
    assertEquals("Kristin Lavransdatter", visitor.welcome().getJsonObject("agent").getString("name"));
    assertEquals(conversation, visitor.say("Now writing from your website").getString("conversationId"));
    assertEquals(2, gateway.get("/api/conversations/" + conversation, kristin).getJsonArray("messages").size(),
        "one timeline across SMS and chat");
    visitor.close();

    text("SM" + "e".repeat(32), "+14155550199", "Someone else", TwilioTestServer.AUTH_TOKEN);
    String second = stream.next(f -> "message.received".equals(f.getString("event"))
        && "Someone else".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "another texter")
        .getJsonObject("data").getString("conversationId");
    String otherCustomer = gateway.get("/api/conversations/" + second, kristin).getJsonObject("customer").getString("id");
    assertEquals(409, gateway.request(io.vertx.core.http.HttpMethod.POST, "/api/admin/customers/" + otherCustomer + "/identities",
        TestGateway.ADMIN_TOKEN, new JsonObject().put("kind", "email").put("value", "ann@example.com")).statusCode(),
        "an address that is someone else's is never silently moved");
    stream.close();
  }

  /** Olav (who has a phone) owns a texting customer whose conversation he just resolved. */
  private record Resolved(String olav, String conversation, FrameSocket stream) {
  }

  private Resolved resolvedByAnAgentWithAPhone(String sid, String text) {
    String olav = gateway.post("/api/admin/agents", TestGateway.ADMIN_TOKEN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test").put("phone", "+14155550100"), 201).getString("token");
    gateway.presence(kristin, "offline");
    gateway.presence(olav, "online");
    FrameSocket stream = gateway.stream(olav);
    text(sid, CUSTOMER, text, TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    gateway.post("/api/conversations/" + conversation + "/resolve", olav, null, 200);
    return new Resolved(olav, conversation, stream);
  }

  @Test
  void aWeekAfterResolutionTheOwnerCallsTheCustomerAgentFirst() {
    Resolved resolved = resolvedByAnAgentWithAPhone("SM" + "f".repeat(32), "Broken screen");
    String olav = resolved.olav();
    String conversation = resolved.conversation();
    FrameSocket stream = resolved.stream();
    gateway.clock.advance(Duration.ofDays(7));
    assertEquals(1, gateway.runDueJobs());

    TwilioTestServer.Recorded call = twilio.requests().stream().filter(r -> r.path().endsWith("/Calls.json"))
        .findFirst().orElseThrow(() -> new AssertionError("no call was placed"));
    assertEquals("+14155550100", call.form().get("To"), "the agent's phone rings first");
    assertEquals(NUMBER, call.form().get("From"));
    String connect = call.form().get("Url");
    assertTrue(connect.startsWith(PUBLIC + "/webhooks/twilio/voice/connect?relayCallId="), connect);
    assertEquals(1, twilio.requests().stream().filter(r -> r.path().endsWith("/Calls.json")).count(), "exactly one call");

    HttpResponse<Buffer> twiml = twilio.post(connect, gateway.port(), Map.of("CallSid", "CA" + "1".repeat(32),
        "CallStatus", "in-progress", "AccountSid", TwilioTestServer.ACCOUNT_SID), TwilioTestServer.AUTH_TOKEN);
    assertEquals(200, twiml.statusCode());
    String xml = twiml.bodyAsString();
    assertTrue(xml.contains("<Say>Follow-up call with your customer, a week after we resolved their question."), xml);
    assertTrue(xml.contains("<Number>" + CUSTOMER + "</Number>"), "then the customer is bridged: " + xml);
    assertEquals(403, twilio.post(connect, gateway.port(), Map.of("CallSid", "CA1"), "wrong-token").statusCode());

    String dialed = xml.replaceAll("(?s).*action=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
    assertEquals(200, twilio.post(dialed, gateway.port(), Map.of("DialCallStatus", "completed", "DialCallDuration", "95",
        "CallSid", "CA" + "1".repeat(32)), TwilioTestServer.AUTH_TOKEN).statusCode());
    JsonObject outcome = stream.next(f -> "message.status".equals(f.getString("event"))
        && "delivered".equals(f.getJsonObject("data").getString("status")), "the call was answered");
    var messages = gateway.get("/api/conversations/" + conversation, olav).getJsonArray("messages");
    JsonObject record = messages.getJsonObject(messages.size() - 1);
    assertEquals("phone", record.getString("channel"));
    assertEquals("answered", record.getJsonObject("attributes").getString("outcome"));
    assertEquals("95", record.getJsonObject("attributes").getString("seconds"));
    assertEquals(record.getString("id"), outcome.getJsonObject("data").getString("messageId"));
    stream.close();
  }

  @Test
  void unansweredFollowUpCallsAreRetriedThenTheOwnerWritesInstead() {
    FrameSocket stream = resolvedByAnAgentWithAPhone("SM" + "0".repeat(31) + "1", "Hello").stream();
    gateway.clock.advance(Duration.ofDays(7));
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertEquals(1, gateway.runDueJobs(), "attempt " + attempt);
      java.util.List<TwilioTestServer.Recorded> calls = twilio.requests().stream()
          .filter(r -> r.path().endsWith("/Calls.json")).toList();
      assertEquals(attempt, calls.size());
      String connect = calls.get(attempt - 1).form().get("Url");
      String xml = twilio.post(connect, gateway.port(), Map.of("CallSid", "CA" + attempt), TwilioTestServer.AUTH_TOKEN)
          .bodyAsString();
      String dialed = xml.replaceAll("(?s).*action=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
      twilio.post(dialed, gateway.port(), Map.of("DialCallStatus", "no-answer", "CallSid", "CA" + attempt),
          TwilioTestServer.AUTH_TOKEN);
      gateway.clock.advance(Duration.ofHours(1));
    }
    JsonObject written = stream.next(f -> "message.status".equals(f.getString("event"))
        && "sent".equals(f.getJsonObject("data").getString("status"))
        && twilio.requests().stream().anyMatch(r -> r.form().getOrDefault("Body", "").contains("I tried to call you")),
        "the owner's message once the calls went unanswered");
    assertTrue(written.getJsonObject("data").getString("messageId").startsWith("msg_"));
    assertEquals(1, twilio.requests().stream().filter(r -> r.form().getOrDefault("Body", "").contains("I tried to call you"))
        .count(), "after three unanswered calls the owner writes on the customer's last channel, once");
    assertEquals(0, gateway.runDueJobs(), "and stops calling");
    stream.close();
  }

  @Test
  void anAgentPromisesACallbackTheCustomerIsToldWhenAndTheCallIsPlacedThen() {
    Resolved setup = resolvedByAnAgentWithAPhone("SM" + "0".repeat(31) + "2", "My invoice is wrong, can we talk it over?");
    String olav = setup.olav();
    String path = "/api/conversations/" + setup.conversation() + "/callbacks";
    awaitNotice();
    HttpResponse<Buffer> tooLate = gateway.request(io.vertx.core.http.HttpMethod.POST, path, olav,
        new JsonObject().put("at", "2027-01-01T10:00:00Z"));
    assertEquals(422, tooLate.statusCode());
    assertEquals(422, gateway.request(io.vertx.core.http.HttpMethod.POST, path, olav, new JsonObject().put("at", "tomorrow"))
        .statusCode());
    HttpResponse<Buffer> badPhone = gateway.request(io.vertx.core.http.HttpMethod.POST, path, olav,
        new JsonObject().put("phone", "call me maybe"));
    assertEquals(422, badPhone.statusCode());
    assertTrue(badPhone.bodyAsString().contains("phone: not a phone number"), badPhone.bodyAsString());
    assertTrue(gateway.get("/api/admin/jobs?kind=callback", TestGateway.ADMIN_TOKEN).getJsonArray("items").isEmpty(),
        "nothing scheduled by refused requests");

    JsonObject job = gateway.post(path, olav, new JsonObject().put("at", "2026-03-03T10:00:00Z"), 201);
    assertEquals("callback", job.getString("kind"));
    assertEquals("2026-03-03T10:00:00Z", job.getString("dueAt"));
    long deadline = System.currentTimeMillis() + 5_000;
    while (twilio.requests().stream().noneMatch(r -> r.form().getOrDefault("Body", "").contains("will call you"))
        && System.currentTimeMillis() < deadline) {
      Thread.yield();
    }
    assertTrue(twilio.requests().stream().anyMatch(r -> r.form().getOrDefault("Body", "")
        .startsWith("Olav Audunsson will call you Tuesday 3 March at 10:00 (your time).")), "the customer is told, by name");

    gateway.clock.advance(Duration.ofHours(24));
    assertEquals(0, gateway.runDueJobs(), "not before ten");
    gateway.clock.advance(Duration.ofHours(1));
    assertEquals(1, gateway.runDueJobs());
    TwilioTestServer.Recorded call = twilio.requests().stream().filter(r -> r.path().endsWith("/Calls.json"))
        .findFirst().orElseThrow();
    assertEquals("+14155550100", call.form().get("To"));
    String xml = twilio.post(call.form().get("Url"), gateway.port(), Map.of("CallSid", "CA9"), TwilioTestServer.AUTH_TOKEN)
        .bodyAsString();
    assertTrue(xml.contains("<Say>Callback for your customer, as you promised."), xml);
    setup.stream().close();
  }

  @Test
  void textingCallMeSchedulesACallbackFromTheOwner() {
    Resolved setup = resolvedByAnAgentWithAPhone("SM" + "0".repeat(31) + "4", "Hello");
    text("SM" + "0".repeat(31) + "5", CUSTOMER, "Call me back please", TwilioTestServer.AUTH_TOKEN);
    long deadline = System.currentTimeMillis() + 5_000;
    var jobs = gateway.get("/api/admin/jobs?kind=callback", TestGateway.ADMIN_TOKEN).getJsonArray("items");
    while (jobs.isEmpty() && System.currentTimeMillis() < deadline) {
      jobs = gateway.get("/api/admin/jobs?kind=callback", TestGateway.ADMIN_TOKEN).getJsonArray("items");
    }
    assertEquals(1, jobs.size(), "the customer's request became Olav's callback");
    assertEquals(TestGateway.START.toString(), jobs.getJsonObject(0).getString("dueAt"), "as soon as the window allows");
    assertEquals(1, gateway.runDueJobs());
    assertTrue(twilio.requests().stream().anyMatch(r -> r.path().endsWith("/Calls.json")
        && "+14155550100".equals(r.form().get("To"))));
    setup.stream().close();
  }

  @Test
  void aChatVisitorAsksForACallbackAndTheirAgentCallsTheNumberTheyGave() {
    String olav = gateway.post("/api/admin/agents", TestGateway.ADMIN_TOKEN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test").put("phone", "+14155550100"), 201).getString("token");
    gateway.presence(kristin, "offline");
    gateway.presence(olav, "online");
    var visitor = gateway.newVisitor();
    visitor.say("I would rather talk on the phone");
    visitor.notice();
    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-0").put("phone", "call me maybe"));
    JsonObject unreadable = visitor.socket.next("error");
    assertEquals("invalid_phone", unreadable.getString("code"));
    assertEquals("cb-0", unreadable.getString("clientId"));
    assertTrue(unreadable.getString("text").startsWith("We could not read the number \"call me maybe\"."), unreadable.encode());
    visitor.socket.send(new JsonObject().put("type", "callback.request").put("clientId", "cb-1")
        .put("phone", "+1 415 555 0177").put("at", "2026-03-02T15:00:00Z"));
    assertEquals("cb-1", visitor.socket.next("ack").getString("clientId"));
    assertEquals("Olav Audunsson will call you Monday 2 March at 15:00 (your time).", visitor.notice().getString("text"));
    gateway.clock.advance(Duration.ofHours(6));
    assertEquals(1, gateway.runDueJobs());
    TwilioTestServer.Recorded call = twilio.requests().stream().filter(r -> r.path().endsWith("/Calls.json"))
        .findFirst().orElseThrow();
    assertEquals("+14155550100", call.form().get("To"), "the agent's phone first");
    assertTrue(call.form().get("Url").contains("customer=%2B14155550177"), "then the number the visitor gave: " + call.form());
    visitor.close();
  }

  @Test
  void aCallbackNeedsBothPhones() {
    FrameSocket stream = gateway.stream(kristin);
    text("SM" + "0".repeat(31) + "3", CUSTOMER, "Call me", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    HttpResponse<Buffer> refused = gateway.request(io.vertx.core.http.HttpMethod.POST,
        "/api/conversations/" + conversation + "/callbacks", kristin, new JsonObject());
    assertEquals(422, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("your profile has no phone number to ring first"), refused.bodyAsString());
    assertEquals(0, gateway.get("/api/admin/jobs?kind=callback", TestGateway.ADMIN_TOKEN).getJsonArray("items").size());
    stream.close();
  }

  @Test
  void aTextersTimeZoneComesFromTheirNumberWhenItPinsOneDown() {
    text("SM" + "0".repeat(31) + "6", "+33 6 12 34 56 78", "Bonjour", TwilioTestServer.AUTH_TOKEN);
    text("SM" + "0".repeat(31) + "7", "+14155550123", "Hello from California", TwilioTestServer.AUTH_TOKEN);
    var items = gateway.get("/api/conversations", TestGateway.ADMIN_TOKEN).getJsonArray("items");
    java.util.Map<String, String> zones = new java.util.HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject customer = gateway.get("/api/admin/customers/" + items.getJsonObject(i).getJsonObject("customer").getString("id"),
          TestGateway.ADMIN_TOKEN);
      zones.put(customer.getJsonArray("identities").getJsonObject(0).getString("value"), customer.getString("timezone"));
    }
    assertEquals("Europe/Paris", zones.get("+33612345678"));
    assertEquals("America/Los_Angeles", zones.get("+14155550123"), "415 is San Francisco");
  }

  @Test
  void unsignedOrWronglySignedWebhooksAreRefusedAndStoreNothing() {
    assertEquals(403, text("SM" + "2".repeat(32), CUSTOMER, "no signature", null).statusCode());
    assertEquals(403, text("SM" + "3".repeat(32), CUSTOMER, "wrong token", "not-the-auth-token").statusCode());
    assertEquals(0, gateway.get("/api/conversations", TestGateway.ADMIN_TOKEN).getJsonArray("items").size());
    assertEquals(400, text("SM" + "4".repeat(32), "12", "bad number", TwilioTestServer.AUTH_TOKEN).statusCode());
    assertEquals(0, gateway.get("/api/conversations", TestGateway.ADMIN_TOKEN).getJsonArray("items").size());
  }

  @Test
  void aRetriedMessageSidIsStoredOnce() {
    String sid = "SM" + "5".repeat(32);
    assertEquals(200, text(sid, CUSTOMER, "Hello?", TwilioTestServer.AUTH_TOKEN).statusCode());
    assertEquals(200, text(sid, CUSTOMER, "Hello?", TwilioTestServer.AUTH_TOKEN).statusCode());
    var items = gateway.get("/api/conversations", TestGateway.ADMIN_TOKEN).getJsonArray("items");
    assertEquals(1, items.size());
    assertEquals(1, gateway.get("/api/conversations/" + items.getJsonObject(0).getJsonObject("conversation").getString("id"),
        TestGateway.ADMIN_TOKEN).getJsonArray("messages").size());
  }

  @Test
  void stopIsHonouredAndTheAgentIsToldWhyUntilStart() {
    FrameSocket stream = gateway.stream(kristin);
    text("SM" + "7".repeat(32), CUSTOMER, "Hello", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "hello")
        .getJsonObject("data").getString("conversationId");
    text("SM" + "8".repeat(32), CUSTOMER, "stop", TwilioTestServer.AUTH_TOKEN);
    stream.next(f -> "message.received".equals(f.getString("event"))
        && "stop".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the STOP, in the timeline");
    awaitNotice();
    int before = twilio.requests().size();
    HttpResponse<Buffer> refused = gateway.request(io.vertx.core.http.HttpMethod.POST, "/api/conversations/" + conversation
        + "/messages", kristin, new JsonObject().put("text", "Are you still there?"));
    assertEquals(422, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("opted out of sms (they sent STOP)"), refused.bodyAsString());
    assertEquals(before, twilio.requests().size(), "nothing was sent to Twilio");

    text("SM" + "9".repeat(32), CUSTOMER, "START", TwilioTestServer.AUTH_TOKEN);
    stream.next(f -> "message.received".equals(f.getString("event"))
        && "START".equals(f.getJsonObject("data").getJsonObject("message").getString("text")), "the START");
    gateway.post("/api/conversations/" + conversation + "/messages", kristin, new JsonObject().put("text", "Welcome back"), 202);
    stream.close();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "Twilio answers {0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {429, 500, 503, TwilioTestServer.HANG})
  void twilioFailuresKeepTheReplyQueuedEvenAcrossARestartUntilItGoesThrough(int status) {
    FrameSocket stream = gateway.stream(kristin);
    text("SM" + "6".repeat(32), CUSTOMER, "Hi", TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    awaitNotice();
    twilio.failNext(status, 10);
    String replyId = gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Answer during a rate limit"), 202).getString("id");
    JsonObject queued = stream.next(f -> "message.status".equals(f.getString("event"))
        && replyId.equals(f.getJsonObject("data").getString("messageId")), "queued with the reason");
    assertEquals("queued", queued.getJsonObject("data").getString("status"));
    String reason = queued.getJsonObject("data").getString("error");
    assertTrue(reason.startsWith("Twilio is failing") || reason.startsWith("Twilio could not be reached"), queued.encode());

    twilio.clearFailures();
    stream.close();
    gateway.restart();
    stream = gateway.stream(kristin);
    gateway.clock.advance(Duration.ofMinutes(1));
    gateway.runDueJobs();
    stream.next(f -> "message.status".equals(f.getString("event")) && "sent".equals(f.getJsonObject("data").getString("status"))
        && replyId.equals(f.getJsonObject("data").getString("messageId")), "sent once Twilio accepts again");
    stream.close();
  }
}
