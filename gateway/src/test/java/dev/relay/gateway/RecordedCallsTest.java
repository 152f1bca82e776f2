package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.Eventually;
import dev.relay.gateway.support.FrameSocket;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code quality.recordCalls} on, a follow-up call is recorded at Twilio: the customer hears
 * first, in their language, that it is; the recording is played through Relay to supervisors,
 * admins and the customer's agent only, goes out with the customer's export and is deleted at
 * Twilio with the customer.
 */
class RecordedCallsTest extends TwilioGatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String PARIS_CUSTOMER = "+33698765432";
  static final String MONTREAL_CUSTOMER = "+15145550188";

  String etienne;
  String sigrid;
  String kristin;

  @Override
  protected Map<String, String> extraEnv() {
    // Twilio's answers are not what this class tests: a cold JVM on a busy machine gets 5 s for them.
    return Map.of("RELAY_QUALITY_RECORD_CALLS", "true", "RELAY_TWILIO_TIMEOUT", "PT5S");
  }

  @BeforeEach
  void team() {
    etienne = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Étienne Marchand")
        .put("email", "etienne@acme.test").put("phone", "+33612345670"), 201).getString("token");
    gateway.atDesk(etienne);
    sigrid = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Sigrid Undset")
        .put("email", "sigrid@acme.test").put("role", "supervisor"), 201).getString("token");
    kristin = gateway.createAgent("Kristin Lavransdatter", "kristin@acme.test").getString("token");
  }

  /**
   * A customer texts, Étienne resolves; a week later (in the afternoon, inside both Paris's and
   * Montréal's call windows) his follow-up call is placed. Answers the conversation, the call's
   * TwiML and Twilio's sid of the call.
   */
  private Map<String, String> followUpCallTo(String customer, String sid, String text) {
    FrameSocket stream = gateway.stream(etienne);
    text(sid, customer, text, TwilioTestServer.AUTH_TOKEN);
    String conversation = stream.next(f -> "message.received".equals(f.getString("event")), "the text")
        .getJsonObject("data").getString("conversationId");
    stream.close();
    gateway.post("/api/conversations/" + conversation + "/resolve", etienne, null, 200);
    gateway.clock.advance(Duration.ofDays(7).plusHours(6));
    gateway.runDueJobsButPresence();
    assertFalse(calls().isEmpty(), () -> "no call placed: " + gateway.get("/api/admin/jobs", ADMIN).encode());
    TwilioTestServer.Recorded call = calls().get(calls().size() - 1);
    assertEquals("+33612345670", call.form().get("To"), "Étienne's phone rings first");
    String callSid = Eventually.get(() -> gateway.get("/api/conversations/" + conversation, etienne).getJsonArray("messages")
        .stream().map(JsonObject.class::cast).filter(m -> "phone".equals(m.getString("channel")))
        .map(m -> m.getString("externalId")).filter(java.util.Objects::nonNull).findFirst().orElse(null), "the call's sid");
    HttpResponse<Buffer> connect = twilio.post(call.form().get("Url"), gateway.port(), Map.of("CallSid", callSid,
        "CallStatus", "in-progress", "AccountSid", TwilioTestServer.ACCOUNT_SID), TwilioTestServer.AUTH_TOKEN);
    assertEquals(200, connect.statusCode());
    return Map.of("conversation", conversation, "twiml", connect.bodyAsString(), "callSid", callSid);
  }

  private static String attribute(String xml, String name) {
    return xml.replaceAll("(?s).*" + name + "=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
  }

  @Test
  void aFrenchCustomerIsToldInFrenchTheCallIsRecordedAndOnlyTheRightPeopleHearIt() throws IOException {
    Map<String, String> placed = followUpCallTo(PARIS_CUSTOMER, "SM" + "a".repeat(32),
        "Bonjour, l’écran de ma tablette est fissuré depuis hier, pouvez-vous m’aider ?");
    String xml = placed.get("twiml");
    assertTrue(xml.contains("record=\"record-from-answer-dual\""), xml);
    assertTrue(xml.contains("recordingStatusCallbackEvent=\"completed\""), xml);
    assertTrue(xml.contains(">" + PARIS_CUSTOMER + "</Number>"), xml);
    String notice = attribute(xml, "url");
    assertTrue(notice.startsWith(PUBLIC + "/webhooks/twilio/voice/notice?"), notice);

    HttpResponse<Buffer> told = twilio.post(notice, gateway.port(), Map.of("CallSid", "CA" + "2".repeat(32),
        "AccountSid", TwilioTestServer.ACCOUNT_SID), TwilioTestServer.AUTH_TOKEN);
    assertEquals(200, told.statusCode());
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"fr-FR\">Bonjour, afin d’améliorer "
        + "la qualité de notre service, cet appel est enregistré. Je vous mets en relation avec Étienne Marchand.</Say>"
        + "</Response>", told.bodyAsString(), "the customer hears it in French, as they answer, before Étienne");
    assertEquals(403, twilio.post(notice, gateway.port(), Map.of("CallSid", "CA1"), "not-twilio").statusCode());

    String callSid = placed.get("callSid");
    twilio.post(attribute(xml, "action"), gateway.port(), Map.of("DialCallStatus", "completed", "DialCallDuration", "95",
        "CallSid", callSid), TwilioTestServer.AUTH_TOKEN);
    String recording = twilio.recorded(callSid);
    String callback = attribute(xml, "recordingStatusCallback");
    assertEquals(403, twilio.post(callback, gateway.port(), Map.of("RecordingSid", recording, "RecordingStatus", "completed"),
        "forged").statusCode(), "the recording callback is signed like every webhook");
    assertEquals(204, twilio.recordingStatus(callback, callSid, recording, 93, gateway.port()).statusCode());

    JsonArray timeline = gateway.get("/api/conversations/" + placed.get("conversation"), etienne).getJsonArray("messages");
    JsonObject call = timeline.getJsonObject(timeline.size() - 1);
    assertEquals("phone", call.getString("channel"));
    assertEquals(recording, call.getJsonObject("attributes").getString("recording"));
    assertEquals("93", call.getJsonObject("attributes").getString("recordingSeconds"));
    String path = "/api/quality/recordings/" + call.getString("id");

    for (String listener : List.of(sigrid, etienne, ADMIN)) {
      HttpResponse<Buffer> audio = gateway.request(HttpMethod.GET, path, listener, null);
      assertEquals(200, audio.statusCode(), audio.bodyAsString());
      assertEquals("audio/mpeg", audio.getHeader("Content-Type"));
      assertEquals("private, no-store", audio.getHeader("Cache-Control"));
      assertArrayEquals(TwilioTestServer.silentMp3(), audio.body().getBytes(), "the audio as Twilio keeps it");
    }
    List<TwilioTestServer.Recorded> fetched = twilio.requests().stream().filter(r -> r.method().equals("GET")
        && r.path().contains(recording)).toList();
    assertEquals("/2010-04-01/Accounts/" + TwilioTestServer.ACCOUNT_SID + "/Recordings/" + recording + ".mp3",
        fetched.get(0).path());
    assertTrue(fetched.get(0).authorization().startsWith("Basic "), "Relay signs in to Twilio's API");
    assertNull(fetched.get(1).authorization(), "and follows the redirect to the media without the credentials");

    assertEquals(403, gateway.request(HttpMethod.GET, path, kristin, null).statusCode(), "another agent may not listen");
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/quality/recordings/msg_nope", sigrid, null).statusCode());
    String text = timeline.getJsonObject(0).getString("id");
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/quality/recordings/" + text, sigrid, null).statusCode(),
        "a text has no recording");
    assertEquals(401, gateway.request(HttpMethod.GET, path, null, null).statusCode());
    JsonArray audit = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items");
    assertEquals(3, audit.stream().map(JsonObject.class::cast).filter(e -> "recording.played".equals(e.getString("action")))
        .count(), "who listened is audited, the refused ones are not");

    String customer = gateway.get("/api/conversations/" + placed.get("conversation"), ADMIN).getJsonObject("customer")
        .getString("id");
    HttpResponse<Buffer> export = gateway.request(HttpMethod.GET, "/api/admin/customers/" + customer + "/export", ADMIN, null);
    assertEquals(200, export.statusCode());
    Map<String, byte[]> files = unzip(export.body().getBytes());
    assertArrayEquals(TwilioTestServer.silentMp3(), files.get("recordings/" + call.getString("id") + ".mp3"),
        "the customer's export holds the recording of their call");

    assertTrue(twilio.keeps(recording));
    JsonObject erased = gateway.post("/api/admin/customers/" + customer + "/erase", ADMIN, null, 200);
    assertFalse(twilio.keeps(recording), "erasure deletes the recording at Twilio: " + erased.encode());
    assertFalse(twilio.keeps(callSid));
    assertEquals(404, gateway.request(HttpMethod.GET, path, sigrid, null).statusCode(), "and nothing is left to play");
  }

  @Test
  void aQuebecCustomerHearsQuebecFrenchAndARecordingTwilioNoLongerHasIsA404() {
    Map<String, String> placed = followUpCallTo(MONTREAL_CUSTOMER, "SM" + "b".repeat(32),
        "Bonjour, ma facture de février est erronée, pouvez-vous vérifier?");
    String notice = attribute(placed.get("twiml"), "url");
    String said = twilio.post(notice, gateway.port(), Map.of("CallSid", "CA3"), TwilioTestServer.AUTH_TOKEN).bodyAsString();
    assertTrue(said.contains("<Say language=\"fr-CA\">Bonjour, pour la qualité du service, cet appel est enregistré. "
        + "Je vous mets en ligne avec Étienne Marchand.</Say>"), said);

    String callSid = placed.get("callSid");
    String recording = twilio.recorded(callSid);
    String callback = attribute(placed.get("twiml"), "recordingStatusCallback");
    Map<String, String> absent = Map.of("AccountSid", TwilioTestServer.ACCOUNT_SID, "CallSid", callSid,
        "RecordingSid", recording, "RecordingStatus", "absent", "RecordingDuration", "0");
    assertEquals(204, twilio.post(callback, gateway.port(), absent, TwilioTestServer.AUTH_TOKEN).statusCode());
    JsonArray timeline = gateway.get("/api/conversations/" + placed.get("conversation"), etienne).getJsonArray("messages");
    String callId = timeline.getJsonObject(timeline.size() - 1).getString("id");
    assertFalse(timeline.getJsonObject(timeline.size() - 1).getJsonObject("attributes").containsKey("recording"),
        "a recording Twilio reports absent (nothing was said) is not kept");
    assertEquals(400, twilio.post(callback, gateway.port(), Map.of("CallSid", callSid), TwilioTestServer.AUTH_TOKEN)
        .statusCode(), "a callback without a recording is refused");

    twilio.recordingStatus(callback, callSid, recording, 12, gateway.port());
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/quality/recordings/" + callId, sigrid, null).statusCode());
    twilio.deletedInConsole(recording);
    HttpResponse<Buffer> gone = gateway.request(HttpMethod.GET, "/api/quality/recordings/" + callId, sigrid, null);
    assertEquals(404, gone.statusCode());
    assertTrue(gone.bodyAsString().contains("Twilio no longer keeps it"), gone.bodyAsString());
  }

  private static Map<String, byte[]> unzip(byte[] archive) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        files.put(entry.getName(), zip.readAllBytes());
      }
    }
    return files;
  }
}
