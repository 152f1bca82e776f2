package dev.relay.connector.twilio;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A local stand-in for Twilio's REST API 2010-04-01, as Twilio documents it: Messages create at
 * {@code /2010-04-01/Accounts/{AccountSid}/Messages.json}, HTTP basic auth with the account SID and
 * auth token, form fields, JSON resources with {@code sid}/{@code status}/{@code error_code}, and
 * Twilio's error shape. It records every request, can fail the next ones on demand, and sends
 * status callbacks and inbound webhooks signed the way Twilio signs them (HMAC-SHA1 of the URL plus
 * the sorted parameters, base64) — written from Twilio's documentation, not with the SDK, so the
 * gateway's use of the SDK's validator is checked against an independent implementation.
 */
public final class TwilioTestServer implements AutoCloseable {

  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";

  /** A request Relay made, as Twilio received it. */
  public record Recorded(String method, String path, Map<String, String> form, String authorization) {
  }

  private final Vertx vertx;
  private final WebClient client;
  private final List<Recorded> requests = new ArrayList<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final Deque<Integer> callFailures = new ArrayDeque<>();
  /** A "failure" that is no answer at all for this long: Twilio hanging. */
  public static final int HANG = -1;
  /** A "failure" that is a 201 whose body is not JSON (a proxy's page): Twilio took the text, the answer is lost. */
  public static final int GARBAGE = -2;
  private volatile long hangMillis = 3_000;
  private final SecureRandom random = new SecureRandom();
  /** What Twilio keeps, by sid: texts and calls it created or received, and recordings by call sid. */
  private final java.util.Set<String> messages = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> calls = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Map<String, String> recordings = new java.util.concurrent.ConcurrentHashMap<>();
  private HttpServer server;

  private TwilioTestServer(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
  }

  public static TwilioTestServer start(Vertx vertx) {
    TwilioTestServer twilio = new TwilioTestServer(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/2010-04-01/Accounts/:sid/Messages.json").handler(twilio::createMessage);
    router.post("/2010-04-01/Accounts/:sid/Calls.json").handler(twilio::createCall);
    router.get("/2010-04-01/Accounts/:sid/Recordings.json").handler(twilio::listRecordings);
    router.get("/2010-04-01/Accounts/:sid/Recordings/:resource").handler(twilio::fetchRecording);
    router.get("/media/recordings/:file").handler(twilio::recordingMedia);
    router.delete("/2010-04-01/Accounts/:sid/Messages/:resource").handler(rc -> twilio.delete(rc, twilio.messages));
    router.delete("/2010-04-01/Accounts/:sid/Calls/:resource").handler(rc -> twilio.delete(rc, twilio.calls));
    router.delete("/2010-04-01/Accounts/:sid/Recordings/:resource").handler(rc -> twilio.delete(rc, twilio.recordings.keySet()));
    router.route().handler(rc -> error(rc, 404, 20404, "The requested resource was not found"));
    twilio.server = await(vertx.createHttpServer().requestHandler(router).listen(0, "localhost"));
    return twilio;
  }

  public String base() {
    return "http://localhost:" + server.actualPort();
  }

  /** The next {@code count} requests (texts or calls) get this HTTP status (429, 500...) with Twilio's error body. */
  public synchronized void failNext(int status, int count) {
    for (int i = 0; i < count; i++) {
      failures.add(status);
    }
  }

  /** The next {@code count} calls placed get this HTTP status; texts go through. */
  public synchronized void failNextCalls(int status, int count) {
    for (int i = 0; i < count; i++) {
      callFailures.add(status);
    }
  }

  public synchronized void clearFailures() {
    failures.clear();
    callFailures.clear();
  }

  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  private void createMessage(RoutingContext rc) {
    MultiMap form = rc.request().formAttributes();
    Map<String, String> fields = new TreeMap<>();
    form.forEach(e -> fields.put(e.getKey(), e.getValue()));
    String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
        .getBytes(StandardCharsets.UTF_8));
    Integer failure;
    synchronized (this) {
      requests.add(new Recorded("POST", rc.request().path(), Map.copyOf(fields), rc.request().getHeader("Authorization")));
      failure = failures.poll();
    }
    if (!expectedAuth.equals(rc.request().getHeader("Authorization")) || !ACCOUNT_SID.equals(rc.pathParam("sid"))) {
      error(rc, 401, 20003, "Authenticate");
      return;
    }
    if (failure != null && failure == HANG) {
      vertx.setTimer(hangMillis, id -> error(rc, 504, 20504, "Gateway Timeout"));
      return;
    }
    if (failure != null && failure == GARBAGE) {
      rc.response().setStatusCode(201).putHeader("Content-Type", "text/html")
          .end("<html><body>Request accepted</body></html>");
      return;
    }
    if (failure != null) {
      switch (failure) {
        case 429 -> error(rc, 429, 20429, "Too Many Requests");
        case 400 -> error(rc, 400, 21211, "The 'To' number is not a valid phone number.");
        default -> error(rc, failure, 20500, "Internal Server Error");
      }
      return;
    }
    if (fields.get("To") == null) {
      error(rc, 400, 21604, "A 'To' phone number is required.");
      return;
    }
    if (fields.get("From") == null) {
      error(rc, 400, 21603, "A 'From' phone number is required.");
      return;
    }
    String sid = "SM" + HexFormat.of().formatHex(random.generateSeed(16));
    messages.add(sid);
    String body = fields.getOrDefault("Body", "");
    rc.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(resource(sid, body, fields.get("From"), fields.get("To")).encode());
  }

  /** The field names of the Message resource this server answers with. */
  public static java.util.Set<String> resourceFields() {
    return new java.util.TreeSet<>(resource("SM0", "", "+1", "+1").fieldNames());
  }

  private static JsonObject resource(String sid, String body, String from, String to) {
    return new JsonObject()
        .put("account_sid", ACCOUNT_SID)
        .put("api_version", "2010-04-01")
        .put("body", body)
        .put("date_created", "Mon, 02 Mar 2026 09:00:00 +0000")
        .put("date_sent", null)
        .put("date_updated", "Mon, 02 Mar 2026 09:00:00 +0000")
        .put("direction", "outbound-api")
        .put("error_code", null)
        .put("error_message", null)
        .put("from", from)
        .put("messaging_service_sid", null)
        .put("num_media", "0")
        .put("num_segments", String.valueOf(segments(body)))
        .put("price", null)
        .put("price_unit", "USD")
        .put("sid", sid)
        .put("status", "queued")
        .put("subresource_uris", new JsonObject().put("media", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + "/Media.json"))
        .put("to", to)
        .put("uri", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json");
  }

  private void createCall(RoutingContext rc) {
    MultiMap form = rc.request().formAttributes();
    Map<String, String> fields = new TreeMap<>();
    form.forEach(e -> fields.put(e.getKey(), e.getValue()));
    Integer failure;
    synchronized (this) {
      requests.add(new Recorded("POST", rc.request().path(), Map.copyOf(fields), rc.request().getHeader("Authorization")));
      failure = callFailures.isEmpty() ? failures.poll() : callFailures.poll();
    }
    String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
        .getBytes(StandardCharsets.UTF_8));
    if (!expectedAuth.equals(rc.request().getHeader("Authorization")) || !ACCOUNT_SID.equals(rc.pathParam("sid"))) {
      error(rc, 401, 20003, "Authenticate");
      return;
    }
    if (failure != null) {
      error(rc, failure, failure == 429 ? 20429 : 20500, failure == 429 ? "Too Many Requests" : "Internal Server Error");
      return;
    }
    if (fields.get("To") == null || fields.get("From") == null || fields.get("Url") == null && fields.get("Twiml") == null) {
      error(rc, 400, 21205, "Url parameter is required.");
      return;
    }
    String sid = "CA" + HexFormat.of().formatHex(random.generateSeed(16));
    calls.add(sid);
    rc.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(callResource(sid, fields.get("From"), fields.get("To")).encode());
  }

  /** The field names of the Call resource this server answers with. */
  public static java.util.Set<String> callResourceFields() {
    return new java.util.TreeSet<>(callResource("CA0", "+1", "+1").fieldNames());
  }

  private static JsonObject callResource(String sid, String from, String to) {
    return new JsonObject()
        .put("account_sid", ACCOUNT_SID).put("answered_by", null).put("api_version", "2010-04-01")
        .put("caller_name", null).put("date_created", "Mon, 02 Mar 2026 09:00:00 +0000")
        .put("date_updated", "Mon, 02 Mar 2026 09:00:00 +0000").put("direction", "outbound-api")
        .put("duration", null).put("end_time", null).put("forwarded_from", null).put("from", from)
        .put("from_formatted", from).put("group_sid", null).put("parent_call_sid", null)
        .put("phone_number_sid", "PN" + "0".repeat(32)).put("price", null).put("price_unit", "USD")
        .put("queue_time", "0").put("sid", sid).put("start_time", null).put("status", "queued")
        .put("subresource_uris", new JsonObject().put("recordings", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + sid
            + "/Recordings.json"))
        .put("to", to).put("to_formatted", to).put("trunk_sid", null)
        .put("uri", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + sid + ".json");
  }

  /** Twilio keeps an inbound text it delivered to our webhook, under its sid. */
  public void received(String messageSid) {
    messages.add(messageSid);
  }

  /** Twilio recorded the call: a recording under the call, as when recording is on in the Console. */
  public String recorded(String callSid) {
    String sid = "RE" + HexFormat.of().formatHex(random.generateSeed(16));
    recordings.put(sid, callSid);
    return sid;
  }

  /** Someone deleted this record in the Twilio Console: Relay still names it, Twilio no longer has it. */
  public void deletedInConsole(String sid) {
    messages.remove(sid);
    calls.remove(sid);
    recordings.remove(sid);
  }

  /** Whether Twilio still keeps the text, call or recording with this sid. */
  public boolean keeps(String sid) {
    return messages.contains(sid) || calls.contains(sid) || recordings.containsKey(sid);
  }

  /** {@code GET Recordings.json?CallSid=}: Twilio's list page, one page holding every match. */
  private void listRecordings(RoutingContext rc) {
    if (!authorized(rc, "GET")) {
      return;
    }
    String callSid = rc.request().getParam("CallSid");
    io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
    recordings.forEach((sid, call) -> {
      if (callSid == null || callSid.equals(call)) {
        items.add(recordingResource(sid, call));
      }
    });
    String uri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings.json?PageSize=50&Page=0";
    rc.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("end", Math.max(0, items.size() - 1)).put("first_page_uri", uri).put("next_page_uri", null).put("page", 0)
        .put("page_size", 50).put("previous_page_uri", null).put("start", 0).put("uri", uri)
        .put("recordings", items).encode());
  }

  /** A Recording resource as Twilio's API 2010-04-01 describes it. */
  private static JsonObject recordingResource(String sid, String call) {
    return new JsonObject().put("account_sid", ACCOUNT_SID).put("api_version", "2010-04-01")
        .put("call_sid", call).put("conference_sid", null).put("date_created", "Mon, 02 Mar 2026 09:00:00 +0000")
        .put("date_updated", "Mon, 02 Mar 2026 09:01:00 +0000").put("start_time", "Mon, 02 Mar 2026 09:00:00 +0000")
        .put("duration", "42").put("sid", sid).put("price", null).put("price_unit", "USD").put("status", "completed")
        .put("channels", 2).put("source", "DialVerb").put("error_code", null)
        .put("uri", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + sid + ".json")
        .put("encryption_details", null).put("subresource_uris", new JsonObject())
        .put("media_url", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + sid);
  }

  /**
   * {@code GET Recordings/{Sid}.json}: the resource; {@code Recordings/{Sid}.mp3} (or {@code .wav}, or no
   * extension: WAV, Twilio's default): the audio. Like Twilio, the audio answer is a redirect to its media
   * storage, a pre-signed address that refuses the API's credentials if they are sent again.
   */
  private void fetchRecording(RoutingContext rc) {
    if (!authorized(rc, "GET")) {
      return;
    }
    String resource = rc.pathParam("resource");
    int dot = resource.lastIndexOf('.');
    String sid = dot < 0 ? resource : resource.substring(0, dot);
    String extension = dot < 0 ? "wav" : resource.substring(dot + 1);
    String call = recordings.get(sid);
    if (call == null || !java.util.Set.of("json", "mp3", "wav").contains(extension)) {
      error(rc, 404, 20404, "The requested resource /2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + resource
          + " was not found");
      return;
    }
    if ("json".equals(extension)) {
      rc.response().putHeader("Content-Type", "application/json").end(recordingResource(sid, call).encode());
      return;
    }
    rc.response().setStatusCode(302).putHeader("Location", "/media/recordings/" + sid + "." + extension
        + "?Expires=1772442000&Signature=c2lnbmVk").end();
  }

  private void recordingMedia(RoutingContext rc) {
    synchronized (this) {
      requests.add(new Recorded("GET", rc.request().path(), Map.of(), rc.request().getHeader("Authorization")));
    }
    if (rc.request().getHeader("Authorization") != null) {
      rc.response().setStatusCode(400).putHeader("Content-Type", "application/xml")
          .end("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>");
      return;
    }
    String file = rc.pathParam("file");
    String sid = file.substring(0, file.lastIndexOf('.'));
    if (!recordings.containsKey(sid)) {
      rc.response().setStatusCode(404).end();
      return;
    }
    boolean mp3 = file.endsWith(".mp3");
    rc.response().putHeader("Content-Type", mp3 ? "audio/mpeg" : "audio/x-wav")
        .end(Buffer.buffer(mp3 ? silentMp3() : silentWav()));
  }

  /** One second of silence as MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono): what a player can play. */
  public static byte[] silentMp3() {
    int frame = 417;
    byte[] audio = new byte[frame * 38];
    for (int at = 0; at < audio.length; at += frame) {
      audio[at] = (byte) 0xFF;
      audio[at + 1] = (byte) 0xFB;
      audio[at + 2] = (byte) 0x90;
      audio[at + 3] = (byte) 0xC4;
    }
    return audio;
  }

  /** One second of silence as 8 kHz 16-bit mono PCM WAV, Twilio's default format. */
  public static byte[] silentWav() {
    int samples = 8000;
    java.nio.ByteBuffer wav = java.nio.ByteBuffer.allocate(44 + samples * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000)
        .putInt(16000).putShort((short) 2).putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII))
        .putInt(samples * 2);
    return wav.array();
  }

  /**
   * Twilio's recording status callback for a recorded dial ({@code recordingStatusCallback} on
   * {@code <Dial>}), signed: {@code RecordingStatus} completed once the audio is stored, with its sid,
   * URL and duration.
   */
  public HttpResponse<Buffer> recordingStatus(String callbackUrl, String callSid, String recordingSid, int seconds,
                                             int localPort) {
    Map<String, String> params = new TreeMap<>(Map.of("AccountSid", ACCOUNT_SID, "CallSid", callSid,
        "RecordingSid", recordingSid, "RecordingStatus", "completed", "RecordingDuration", String.valueOf(seconds),
        "RecordingChannels", "2", "RecordingSource", "DialVerb",
        "RecordingStartTime", "Mon, 02 Mar 2026 09:00:00 +0000",
        "RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Recordings/" + recordingSid));
    return post(callbackUrl, localPort, params, AUTH_TOKEN);
  }

  /** {@code DELETE .../{Sid}.json}: 204 with no body, or Twilio's 404 when it has no such record. */
  private void delete(RoutingContext rc, java.util.Collection<String> kept) {
    if (!authorized(rc, "DELETE")) {
      return;
    }
    String resource = rc.pathParam("resource");
    String sid = resource.endsWith(".json") ? resource.substring(0, resource.length() - 5) : resource;
    if (kept.remove(sid)) {
      rc.response().setStatusCode(204).end();
    } else {
      error(rc, 404, 20404, "The requested resource /2010-04-01/Accounts/" + ACCOUNT_SID + "/" + resource
          + " was not found");
    }
  }

  /** Records the request, answers a failure asked for, checks Twilio's basic auth; false when it answered. */
  private boolean authorized(RoutingContext rc, String method) {
    Integer failure;
    synchronized (this) {
      requests.add(new Recorded(method, rc.request().path(), Map.of(), rc.request().getHeader("Authorization")));
      failure = failures.poll();
    }
    if (failure != null) {
      error(rc, failure, failure == 403 ? 20403 : 20500, failure == 403 ? "Forbidden" : "Internal Server Error");
      return false;
    }
    String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
        .getBytes(StandardCharsets.UTF_8));
    if (!expectedAuth.equals(rc.request().getHeader("Authorization")) || !ACCOUNT_SID.equals(rc.pathParam("sid"))) {
      error(rc, 401, 20003, "Authenticate");
      return false;
    }
    return true;
  }

  /** GSM-7 texts take 160 characters in one segment, 153 per segment when concatenated; UCS-2 70/67. */
  static int segments(String body) {
    boolean gsm = body.chars().allMatch(c -> c < 128);
    int single = gsm ? 160 : 70;
    int multi = gsm ? 153 : 67;
    return body.length() <= single ? 1 : (body.length() + multi - 1) / multi;
  }

  private static void error(RoutingContext rc, int status, int code, String message) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("code", code).put("message", message)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status).encode());
  }

  /**
   * Posts a form to {@code localPort} as Twilio would post it to {@code publicUrl} (the address the
   * gateway is known by; a proxy in front forwards it), signed for that public URL.
   */
  public HttpResponse<Buffer> post(String publicUrl, int localPort, Map<String, String> params, String token) {
    return await(send(publicUrl, localPort, params, token));
  }

  /** {@link #post}, without waiting: for a test that checks what happens before the answer. */
  public Future<HttpResponse<Buffer>> send(String publicUrl, int localPort, Map<String, String> params, String token) {
    URI uri = URI.create(publicUrl);
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::add);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    var request = client.post(localPort, "localhost", path);
    if (token != null) {
      request.putHeader("X-Twilio-Signature", signature(token, publicUrl, params));
    }
    return request.sendForm(form);
  }

  /** A form in which a name may repeat, posted as Twilio posts it, signed with {@code algorithm} (HmacSHA1, HmacSHA256). */
  public HttpResponse<Buffer> postForm(String publicUrl, int localPort, List<Map.Entry<String, String>> form,
                                       String token, String algorithm) {
    MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    form.forEach(e -> fields.add(e.getKey(), e.getValue()));
    return await(client.post(localPort, "localhost", pathOf(publicUrl))
        .putHeader("X-Twilio-Signature", TwilioSigning.sign(algorithm, token, publicUrl, form)).sendForm(fields));
  }

  /** A JSON webhook: {@code bodySHA256} added to the URL, the URL signed, the body sent as is. */
  public HttpResponse<Buffer> postJson(String publicUrl, int localPort, String body, String signedBody, String token) {
    String signedUrl = TwilioSigning.withBodyHash(publicUrl, signedBody);
    return await(client.post(localPort, "localhost", pathOf(signedUrl)).putHeader("Content-Type", "application/json")
        .putHeader("X-Twilio-Signature", TwilioSigning.sign(token, signedUrl, Map.of()))
        .sendBuffer(Buffer.buffer(body)));
  }

  private static String pathOf(String publicUrl) {
    URI uri = URI.create(publicUrl);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** Twilio's status callback for a message Relay created. */
  public HttpResponse<Buffer> sendStatus(Recorded created, String status, Integer errorCode, int localPort) {
    Map<String, String> params = new TreeMap<>(Map.of(
        "AccountSid", ACCOUNT_SID, "MessageSid", "SM" + "0".repeat(32), "MessageStatus", status,
        "From", created.form().get("From"), "To", created.form().get("To"), "ApiVersion", "2010-04-01"));
    if (errorCode != null) {
      params.put("ErrorCode", String.valueOf(errorCode));
    }
    return post(created.form().get("StatusCallback"), localPort, params, AUTH_TOKEN);
  }

  /** X-Twilio-Signature, as Twilio computes it. */
  public static String signature(String token, String url, Map<String, String> params) {
    return TwilioSigning.sign(token, url, params);
  }

  /** Blocks the test thread (never an event loop), so tests and the gateway's journeys read top to bottom. */
  private static <T> T await(Future<T> future) {
    try {
      return future.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Twilio test server: no answer in 10 s", e);
    }
  }

  @Override
  public void close() {
    client.close();
    await(server.close());
  }
}
