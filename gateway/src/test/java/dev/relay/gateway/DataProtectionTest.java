package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.twilio.TwilioTestServer;
import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.RedisServer;
import dev.relay.gateway.support.TestGateway;
import dev.relay.gateway.support.TwilioGatewayTestCase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * What a data-protection officer checks (docs/privacy.md): a customer who wrote by chat, SMS and
 * e-mail gets exactly their data in one archive; erasing them leaves nothing of theirs in any file
 * of the data directory, in any Redis key or in Redis's append-only file, nor at Twilio; the data
 * files are the owner's only; and the logs of the whole journey carry no text, address or number.
 */
@ExtendWith(VertxExtension.class)
class DataProtectionTest {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final String SUPPORT = "support@acme.test";
  static final String EMAIL = "anne.dupont.48213@exemple.fr";
  /** Anne's mobile as she writes it in France: 06 98 76 54 32. */
  static final String PHONE = "+33698765432";
  static final String CHAT_TEXT = "Bonjour, ma commande ZQ-48213 n'est jamais arrivée à Québec";
  static final String SMS_TEXT = "Toujours rien, je suis au 12 rue Saint-Éloi 7731";
  static final String MAIL_TEXT = "Veuillez trouver ci-joint la facture KV-5520, cordialement";
  static final byte[] INVOICE = "%PDF-1.4 facture KV-5520 au nom d'Anne Dupont".getBytes(StandardCharsets.UTF_8);
  static final String SMS_SID = "SM" + "a48213".repeat(5) + "ab";
  /** What only Anne's records hold: none of it may survive her erasure, nor ever reach a log at INFO. */
  static final List<String> ANNES = List.of("ZQ-48213", "Saint-Éloi 7731", "KV-5520", EMAIL, "698765432", "Anne Dupont");

  @TempDir
  Path dir;
  GreenMail mail;
  TwilioTestServer twilio;
  RedisServer redis;
  TestGateway gateway;
  Path data;
  Map<String, String> env;

  void start(Vertx vertx, String storeKind) {
    mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(SUPPORT, "support", "support-pass");
    twilio = TwilioTestServer.start(vertx);
    env = new HashMap<>(Map.of(
        "RELAY_IMAP_URL", "imap://support:support-pass@localhost:" + mail.getImap().getPort() + "/INBOX",
        "RELAY_SMTP_URL", "smtp://support:support-pass@localhost:" + mail.getSmtp().getPort(),
        "RELAY_SUPPORT_ADDRESS", SUPPORT,
        "RELAY_EMAIL_POLL", "PT0.1S",
        "TWILIO_ACCOUNT_SID", TwilioTestServer.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN", TwilioTestServer.AUTH_TOKEN,
        "RELAY_TWILIO_NUMBER", TwilioGatewayTestCase.NUMBER,
        "RELAY_PUBLIC_URL", TwilioGatewayTestCase.PUBLIC,
        "RELAY_TWILIO_API_BASE", twilio.base(),
        // The test polls the API while e-mail arrives.
        "RELAY_API_BURST", "1000000"));
    if (storeKind.equals("redis")) {
      redis = RedisServer.start(dir.resolve("redis"));
      env.putAll(Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", redis.url()));
    }
    // A directory Relay creates itself, so its mode is Relay's doing.
    data = dir.resolve("relay-data");
    gateway = TestGateway.start(vertx, data, env);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (twilio != null) {
      twilio.close();
    }
    if (mail != null) {
      mail.stop();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** Anne (chat, then SMS and e-mail once the admin linked her number and address), answered and resolved; Bob chats. */
  record Journey(String customer, String conversation, String visitorToken, String bobConversation) {
  }

  Journey anneOnEveryChannel() throws Exception {
    String kristin = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("phone", "+33612345678"), 201).getString("token");
    gateway.atDesk(kristin);

    ChatVisitor anne = gateway.visitor(new JsonObject().put("name", "Anne Dupont"));
    String conversation = anne.say(CHAT_TEXT).getString("conversationId");
    String customer = gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("customer").getString("id");
    gateway.post("/api/admin/customers/" + customer + "/identities", ADMIN,
        new JsonObject().put("kind", "email").put("value", EMAIL), 200);
    gateway.post("/api/admin/customers/" + customer + "/identities", ADMIN,
        new JsonObject().put("kind", "phone").put("value", "+33 6 98 76 54 32"), 200);

    assertEquals(200, text(SMS_SID, SMS_TEXT).statusCode());
    twilio.received(SMS_SID);
    sendMail(EMAIL, "Anne Dupont", MAIL_TEXT, "facture-KV-5520.pdf", INVOICE);
    awaitMessages(conversation, 3);

    gateway.post("/api/conversations/" + conversation + "/messages", kristin,
        new JsonObject().put("text", "Je regarde la commande ZQ-48213 tout de suite, Madame Dupont."), 202);
    gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);

    ChatVisitor bob = gateway.newVisitor();
    String bobConversation = bob.say("Bob ici : mon colis 77-ZX est perdu").getString("conversationId");
    anne.close();
    bob.close();
    return new Journey(customer, conversation, anne.token(), bobConversation);
  }

  HttpResponse<Buffer> text(String sid, String body) {
    return text(sid, PHONE, body);
  }

  HttpResponse<Buffer> text(String sid, String from, String body) {
    return twilio.post(TwilioGatewayTestCase.PUBLIC + "/webhooks/twilio/sms", gateway.port(), Map.of(
        "MessageSid", sid, "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", from,
        "To", TwilioGatewayTestCase.NUMBER, "Body", body, "NumMedia", "0"), TwilioTestServer.AUTH_TOKEN);
  }

  /** A mail with one attachment, as Outlook in French sends it. */
  void sendMail(String from, String name, String text, String filename, byte[] file) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "localhost");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage message = new MimeMessage(Session.getInstance(p));
    message.setFrom(new InternetAddress(from, name, "UTF-8"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
    message.setSubject("TR: Commande non reçue", "UTF-8");
    message.setHeader("X-Mailer", "Microsoft Outlook 16.0");
    MimeBodyPart body = new MimeBodyPart();
    body.setText(text, "UTF-8");
    MimeBodyPart invoice = new MimeBodyPart();
    invoice.setContent(file, filename.endsWith(".pdf") ? "application/pdf" : "image/jpeg");
    invoice.setFileName(filename);
    message.setContent(new MimeMultipart(body, invoice));
    message.saveChanges();
    Transport.send(message);
  }

  void awaitMessages(String conversation, int inbound) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray messages = gateway.get("/api/conversations/" + conversation, ADMIN).getJsonArray("messages");
      if (messages.stream().filter(m -> "inbound".equals(((JsonObject) m).getString("direction"))).count() >= inbound) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the conversation never had " + inbound + " inbound messages");
  }

  @Test
  void theExportHoldsEverythingAboutTheCustomerAndNothingAboutAnyoneElse(Vertx vertx) throws Exception {
    start(vertx, "embedded");
    Journey journey = anneOnEveryChannel();

    HttpResponse<Buffer> download = gateway.request(HttpMethod.GET,
        "/api/admin/customers/" + journey.customer() + "/export", ADMIN, null);

    assertEquals(200, download.statusCode(), download.bodyAsString());
    assertEquals("application/zip", download.getHeader("Content-Type"));
    assertTrue(download.getHeader("Content-Disposition").contains("relay-customer-" + journey.customer() + ".zip"));
    Map<String, byte[]> files = unzip(download.body().getBytes());
    JsonObject profile = new JsonObject(string(files.get("customer.json")));
    assertEquals("Anne Dupont", profile.getString("name"));
    assertEquals(List.of("chat", "email", "phone"), profile.getJsonArray("identities").stream()
        .map(i -> ((JsonObject) i).getString("kind")).toList());
    String messages = string(files.get("messages.json"));
    for (String said : List.of(CHAT_TEXT, SMS_TEXT, MAIL_TEXT, "Je regarde la commande ZQ-48213")) {
      assertTrue(messages.contains(said), "the export holds: " + said);
    }
    JsonArray timeline = new JsonArray(messages);
    assertEquals(List.of("chat", "sms", "email"), timeline.stream().map(m -> (JsonObject) m)
        .filter(m -> "inbound".equals(m.getString("direction"))).map(m -> m.getString("channel")).toList());
    JsonObject attachment = timeline.stream().map(m -> (JsonObject) m).flatMap(m -> m.getJsonArray("attachments").stream())
        .map(a -> (JsonObject) a).findFirst().orElseThrow();
    assertEquals("facture-KV-5520.pdf", attachment.getString("filename"));
    assertEquals(string(INVOICE), string(files.get(attachment.getString("file"))), "the file as Anne sent it");
    JsonArray conversations = new JsonArray(string(files.get("conversations.json")));
    assertEquals("resolved", conversations.getJsonObject(0).getString("status"));
    assertEquals(1, new JsonArray(string(files.get("satisfaction.json"))).size(), "the survey sent after resolution");
    assertTrue(new JsonArray(string(files.get("jobs.json"))).stream()
        .anyMatch(j -> "follow-up".equals(((JsonObject) j).getString("kind"))), "the follow-up planned for her");
    assertTrue(string(files.get("audit.json")).contains("customer.identity-linked"));
    assertTrue(files.containsKey("calls.json") && files.containsKey("README.txt"));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      assertFalse(string(file.getValue()).contains("77-ZX") || string(file.getValue()).contains(journey.bobConversation()),
          file.getKey() + " says nothing about Bob");
    }
    assertTrue(gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").stream()
        .anyMatch(e -> "customer.exported".equals(((JsonObject) e).getString("action"))), "the export is audited");
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/admin/customers/cus_nobody/export", ADMIN, null).statusCode());
    String kristin = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Olav Audunsson")
        .put("email", "olav@acme.test"), 201).getString("token");
    assertEquals(403, gateway.request(HttpMethod.GET, "/api/admin/customers/" + journey.customer() + "/export",
        kristin, null).statusCode(), "admins only");
  }

  @Test
  void aDownloadThatIsNotReadHoldsNothingUpAndArrivesWholeWhenItIs(Vertx vertx) throws Exception {
    start(vertx, "embedded");
    gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    byte[] scan = new byte[3 * 1024 * 1024];
    new java.util.Random(48213).nextBytes(scan);
    sendMail(EMAIL, "Anne Dupont", "Le scan de mon contrat (3 Mo)", "contrat-scanné.pdf", scan);
    String conversation = conversationOpenedWith("Le scan de mon contrat (3 Mo)");
    String customer = gateway.get("/api/conversations/" + conversation, ADMIN).getJsonObject("customer").getString("id");

    io.vertx.core.http.HttpClient client = vertx.createHttpClient();
    io.vertx.core.http.HttpClientResponse download = Await.result(client
        .request(HttpMethod.GET, gateway.port(), "localhost", "/api/admin/customers/" + customer + "/export")
        .compose(request -> request.putHeader("Authorization", "Bearer " + ADMIN).send())
        .map(response -> {
          response.pause();
          return response;
        }));
    assertEquals(200, download.statusCode());
    assertEquals("chunked", download.getHeader("Transfer-Encoding"), "streamed as it is written");
    assertNull(download.getHeader("Content-Length"));

    // While nobody reads the archive, the gateway answers everyone else.
    assertEquals("Le scan de mon contrat (3 Mo)", gateway.get("/api/conversations/" + conversation, ADMIN)
        .getJsonArray("messages").getJsonObject(0).getString("text"));

    io.vertx.core.Future<Buffer> body = download.body();
    download.resume();
    Map<String, byte[]> files = unzip(Await.result(body).getBytes());
    JsonObject file = new JsonArray(string(files.get("messages.json"))).getJsonObject(0).getJsonArray("attachments")
        .getJsonObject(0);
    assertTrue(java.util.Arrays.equals(scan, files.get(file.getString("file"))), "the 3 MB file, byte for byte");
    Await.result(client.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "redis"})
  void erasureLeavesNoTraceOnDiskInRedisOrAtTwilioAndTheCustomerComesBackAsNew(String storeKind, Vertx vertx)
      throws Exception {
    start(vertx, storeKind);
    Journey journey = anneOnEveryChannel();
    String everything = storedBytes(vertx);
    assertTrue(everything.contains("ZQ-48213") && everything.contains(EMAIL), "the scan sees what is stored");

    JsonObject erased = gateway.post("/api/admin/customers/" + journey.customer() + "/erase", ADMIN, null, 200);

    assertTrue(erased.getJsonObject("erased").getInteger("messages") >= 4, erased.encode());
    assertEquals(1, erased.getJsonObject("erased").getInteger("attachments"));
    assertTrue(erased.getInteger("cancelled") >= 1, "the follow-up will not run: " + erased.encode());
    Map<String, JsonObject> providers = new LinkedHashMap<>();
    erased.getJsonArray("providers").forEach(p -> providers.put(((JsonObject) p).getString("channel"), (JsonObject) p));
    assertTrue(providers.get("sms").getJsonArray("deleted").contains(SMS_SID), erased.encode());
    assertFalse(twilio.keeps(SMS_SID), "Twilio's copy of her text is deleted");
    assertTrue(gateway.request(HttpMethod.GET, "/metrics", ADMIN, null).bodyAsString()
        .contains("relay_channel_provider_deletes_total{channel=\"sms\",outcome=\"deleted\"}"), "and counted");
    assertTrue(providers.get("email").getString("remaining").contains("mailbox"), "the mailbox copy is named");
    assertNull(providers.get("chat").getString("remaining"), "the chat keeps nothing elsewhere");

    String customer = "/api/admin/customers/" + journey.customer();
    assertEquals(404, gateway.request(HttpMethod.GET, customer, ADMIN, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.GET, customer + "/export", ADMIN, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.POST, customer + "/erase", ADMIN, null).statusCode());
    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + journey.conversation(), ADMIN, null)
        .statusCode());
    assertTrue(gateway.get("/api/admin/jobs?state=pending", ADMIN).getJsonArray("items").stream()
        .map(JsonObject.class::cast).map(job -> job.getJsonObject("payload"))
        .noneMatch(p -> journey.customer().equals(p.getString("customerId"))
            || journey.conversation().equals(p.getString("conversationId"))),
        "her follow-up is cancelled (Bob's first-response check stays)");
    JsonArray audit = gateway.get("/api/admin/audit", ADMIN).getJsonArray("items");
    assertEquals("customer.erased", audit.getJsonObject(0).getString("action"));
    assertTrue(audit.stream().noneMatch(e -> e.toString().contains(EMAIL) || e.toString().contains("698765432")),
        "the audit keeps who erased whom, not her addresses");

    String left = storedBytes(vertx);
    for (String hers : ANNES) {
      int at = left.indexOf(hers);
      assertFalse(at >= 0, () -> "no trace of " + hers + " in the " + storeKind + " store's files and keys; found in: "
          + left.substring(Math.max(0, left.lastIndexOf('\n', Math.max(0, at - 300)) + 1), Math.min(left.length(), at + 200)));
    }
    assertTrue(left.contains("77-ZX"), "Bob's conversation is still there");
    assertEquals("Bob ici : mon colis 77-ZX est perdu", gateway.get("/api/conversations/" + journey.bobConversation(),
        ADMIN).getJsonArray("messages").getJsonObject(0).getString("text"));
    if (storeKind.equals("embedded")) {
      assertEquals("rw-------", mode(data.resolve("relay.mv.db")), "the rewritten file is the owner's only too");
    }

    ChatVisitor back = gateway.visitor(journey.visitorToken());
    assertNull(back.welcome().getValue("conversationId"), "her old chat token shows nothing");
    back.close();
    assertEquals(200, text("SM" + "b".repeat(32), "C'est encore moi").statusCode());
    JsonObject again = gateway.get("/api/conversations?status=open", ADMIN).getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getJsonObject("conversation"))
        .filter(c -> !c.getString("id").equals(journey.bobConversation())).findFirst().orElseThrow();
    JsonObject fresh = gateway.get("/api/conversations/" + again.getString("id"), ADMIN);
    assertNotEquals(journey.customer(), fresh.getJsonObject("customer").getString("id"), "writing again is a new customer");
    assertEquals(1, fresh.getJsonArray("messages").size(), "with no history");
  }

  /** The conversation that opened with {@code text}, once it has arrived (e-mail is polled) and has its agent. */
  String conversationOpenedWith(String text) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (Object item : gateway.get("/api/conversations", ADMIN).getJsonArray("items")) {
        String id = ((JsonObject) item).getJsonObject("conversation").getString("id");
        JsonObject detail = gateway.get("/api/conversations/" + id, ADMIN);
        JsonArray messages = detail.getJsonArray("messages");
        // A conversation is opened just before its first message is stored, and assigned just after.
        if (!messages.isEmpty() && text.equals(messages.getJsonObject(0).getString("text"))
            && detail.getJsonObject("conversation").getString("agentId") != null) {
          return id;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no conversation opened with: " + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "redis"})
  void retentionDeletesWhatIsDueAndNothingElseAfterADryRunShowedIt(String storeKind, Vertx vertx) throws Exception {
    start(vertx, storeKind);
    String kristin = gateway.post("/api/admin/agents", ADMIN, new JsonObject().put("name", "Kristin Lavransdatter")
        .put("email", "kristin@acme.test").put("phone", "+33612345678"), 201).getString("token");
    gateway.atDesk(kristin);
    // Day 0: Anne mails her invoice and is answered (resolved); Claire mails a photo and her question stays open.
    sendMail(EMAIL, "Anne Dupont", MAIL_TEXT, "facture-KV-5520.pdf", INVOICE);
    String anne = conversationOpenedWith(MAIL_TEXT);
    gateway.post("/api/conversations/" + anne + "/resolve", kristin, null, 200);
    sendMail("claire.tremblay@exemple.ca", "Claire Tremblay", "Voici la photo du colis abîmé",
        "photo-colis.jpg", "JFIF photo du colis".getBytes(StandardCharsets.UTF_8));
    String claire = conversationOpenedWith("Voici la photo du colis abîmé");
    // Day 200: Bob texts from his mobile (06 45 78 12 90) and is resolved; a week later Kristin's follow-up call, recorded.
    gateway.clock.advance(java.time.Duration.ofDays(200));
    assertEquals(200, text("SM" + "c".repeat(32), "+33645781290", "Mon colis 77-ZX est arrivé, merci").statusCode());
    String bob = conversationOpenedWith("Mon colis 77-ZX est arrivé, merci");
    gateway.post("/api/conversations/" + bob + "/resolve", kristin, null, 200);
    gateway.clock.advance(java.time.Duration.ofDays(7));
    gateway.runDueJobs();
    JsonObject call = gateway.get("/api/conversations/" + bob, ADMIN).getJsonArray("messages").stream()
        .map(m -> (JsonObject) m).filter(m -> "phone".equals(m.getString("channel"))).findFirst().orElseThrow();
    String recording = twilio.recorded(call.getString("externalId"));

    // Day 366, retention still off: the admin asks what a year / 90 days / 30 days would delete.
    gateway.clock.advance(java.time.Duration.ofDays(159));
    JsonObject inForce = gateway.get("/api/admin/retention", ADMIN);
    assertFalse(inForce.getBoolean("enabled"));
    assertNull(inForce.getValue("nextRun"));
    JsonObject periods = new JsonObject().put("resolvedConversations", "P365D").put("attachments", "P90D")
        .put("callRecordings", "P30D");
    JsonObject dryRun = gateway.post("/api/admin/retention/dry-run", ADMIN, periods, 200).getJsonObject("wouldDelete");
    assertEquals(1, dryRun.getInteger("conversations"), "Anne's, resolved over a year ago: " + dryRun);
    assertTrue(dryRun.getInteger("messages") >= 1, dryRun.encode());
    assertEquals(2, dryRun.getInteger("attachments"), "Anne's invoice and Claire's photo");
    assertEquals(1, dryRun.getInteger("callRecordings"));
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/conversations/" + anne, ADMIN, null).statusCode(),
        "a dry run deletes nothing");
    assertTrue(twilio.keeps(recording));
    assertEquals(422, gateway.request(HttpMethod.POST, "/api/admin/retention/dry-run", ADMIN,
        new JsonObject().put("attachments", "bientôt")).statusCode());
    HttpResponse<Buffer> tooShort = gateway.request(HttpMethod.POST, "/api/admin/retention/dry-run", ADMIN,
        new JsonObject().put("attachments", "PT1H"));
    assertEquals(422, tooShort.statusCode());
    assertTrue(tooShort.bodyAsString().contains("attachments: must be an ISO-8601 duration of at least P1D"),
        tooShort.bodyAsString());

    // The admin enables it; the first pass runs on the next tick.
    var clock = gateway.clock;
    gateway.close();
    env.putAll(Map.of("RELAY_RETENTION_CONVERSATIONS", "P365D", "RELAY_RETENTION_ATTACHMENTS", "P90D",
        "RELAY_RETENTION_RECORDINGS", "P30D"));
    gateway = TestGateway.start(vertx, data, env, clock);
    assertTrue(gateway.runDueJobs() >= 1);

    assertEquals(404, gateway.request(HttpMethod.GET, "/api/conversations/" + anne, ADMIN, null).statusCode());
    JsonObject photo = gateway.get("/api/conversations/" + claire, ADMIN).getJsonArray("messages").getJsonObject(0)
        .getJsonArray("attachments").getJsonObject(0);
    assertEquals("photo-colis.jpg", photo.getString("filename"), "still listed");
    assertFalse(photo.getBoolean("kept"));
    assertEquals(410, gateway.request(HttpMethod.GET, "/api/conversations/" + claire + "/attachments/"
        + photo.getString("id"), ADMIN, null).statusCode());
    assertEquals("Voici la photo du colis abîmé", gateway.get("/api/conversations/" + claire, ADMIN)
        .getJsonArray("messages").getJsonObject(0).getString("text"), "an open conversation is kept");
    JsonObject bobs = gateway.get("/api/conversations/" + bob, ADMIN);
    assertEquals("Mon colis 77-ZX est arrivé, merci", bobs.getJsonArray("messages").getJsonObject(0).getString("text"),
        "resolved 166 days ago: kept");
    assertFalse(twilio.keeps(recording), "the call's recording is deleted at Twilio");
    assertTrue(twilio.keeps(call.getString("externalId")), "the call itself stays in Twilio's log");
    assertTrue(bobs.getJsonArray("messages").stream().map(m -> (JsonObject) m)
        .anyMatch(m -> "deleted".equals(m.getJsonObject("attributes").getString("recordings"))));
    JsonObject enabled = gateway.get("/api/admin/retention", ADMIN);
    assertTrue(enabled.getBoolean("enabled"));
    assertEquals(periods, enabled.getJsonObject("policy"), "the retention in force, as set");
    assertEquals(gateway.clock.instant().plus(java.time.Duration.ofDays(1)).toString(), enabled.getString("nextRun"));

    gateway.clock.advance(java.time.Duration.ofDays(1));
    assertEquals(1, gateway.runDueJobs(), "tomorrow's pass");
    assertEquals(200, gateway.request(HttpMethod.GET, "/api/conversations/" + bob, ADMIN, null).statusCode());
    assertEquals(0, gateway.post("/api/admin/retention/dry-run", ADMIN, null, 200).getJsonObject("wouldDelete")
        .getInteger("attachments"), "nothing more is due");
  }

  @Test
  void dataFilesAndGeneratedSecretsAreTheOwnersOnly(Vertx vertx) throws IOException {
    Path loose = dir.resolve("loose");
    Files.createDirectories(loose, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    gateway = TestGateway.start(vertx, loose);

    assertEquals("rwx------", mode(loose), "a data directory found open is made the owner's");
    assertEquals("rw-------", mode(loose.resolve("relay.mv.db")));
    assertEquals("rw-------", mode(loose.resolve("chat-secret")));
    gateway.close();
    gateway = null;

    Files.setPosixFilePermissions(loose.resolve("relay.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
    gateway = TestGateway.start(vertx, loose);
    assertEquals("rw-------", mode(loose.resolve("relay.mv.db")), "a store file found readable by others is tightened");
  }

  @Test
  void theLogsOfAWholeJourneyCarryNoTextAddressOrNumberAtInfo(Vertx vertx) throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    root.setLevel(Level.INFO);
    logged.start();
    root.addAppender(logged);
    try {
      start(vertx, "embedded");
      Journey journey = anneOnEveryChannel();
      gateway.request(HttpMethod.GET, "/api/admin/customers/" + journey.customer() + "/export", ADMIN, null);
      gateway.post("/api/admin/customers/" + journey.customer() + "/erase", ADMIN, null, 200);
    } finally {
      root.detachAppender(logged);
      root.setLevel(before);
    }

    // GreenMail (the customer's mail server here) logs its own users; it is not part of Relay.
    List<String> lines = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .filter(e -> !e.getLoggerName().startsWith("com.icegreen")).map(DataProtectionTest::line).toList();
    assertTrue(lines.stream().anyMatch(l -> l.contains("customer erased")), "the journey was logged: " + lines);
    for (String line : lines) {
      for (String hers : ANNES) {
        assertFalse(line.contains(hers), "logged at INFO: " + line);
      }
      assertFalse(line.contains("77-ZX"), "logged at INFO: " + line);
    }
  }

  /** A log event as an operator's log shipper would keep it: message, key-value pairs, and the error chain. */
  private static String line(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(kv -> line.append(' ').append(kv.key).append('=').append(kv.value));
    }
    for (var error = event.getThrowableProxy(); error != null; error = error.getCause()) {
      line.append(" | ").append(error.getClassName()).append(": ").append(error.getMessage());
    }
    return line.toString();
  }

  /** Every byte the store holds: each file under the data directory, and with Redis every key, value and AOF file. */
  private String storedBytes(Vertx vertx) throws IOException {
    StringBuilder all = new StringBuilder(files(data));
    if (redis != null) {
      all.append(redisKeysAndValues(vertx)).append(appendOnlyFiles(vertx));
    }
    return all.toString();
  }

  private static String files(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    if (!Files.exists(root)) {
      return ""; // with Redis nothing is written on the gateway's disk, not even its data directory
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException replaced) {
          continue; // Redis swapped its append-only files while we walked them; the caller looks again
        }
        all.append(file.getFileName()).append('\n').append(string(bytes)).append('\n');
      }
    }
    return all.toString();
  }

  /** SCAN over every key; each key's name and whatever its type holds. */
  private String redisKeysAndValues(Vertx vertx) {
    Redis client = Redis.createClient(vertx, redis.url());
    RedisAPI api = RedisAPI.api(client);
    StringBuilder all = new StringBuilder();
    try {
      String cursor = "0";
      do {
        Response page = Await.result(api.scan(List.of(cursor, "COUNT", "500")));
        cursor = page.get(0).toString();
        for (Response key : page.get(1)) {
          String name = key.toString();
          all.append(name).append('\n');
          String type = Await.result(api.type(name)).toString();
          Response value = switch (type) {
            case "string" -> Await.result(api.get(name));
            case "list" -> Await.result(api.lrange(name, "0", "-1"));
            case "set" -> Await.result(api.smembers(name));
            case "zset" -> Await.result(api.zrange(List.of(name, "0", "-1")));
            case "hash" -> Await.result(api.hgetall(name));
            default -> Await.result(client.send(io.vertx.redis.client.Request.cmd(Command.XRANGE).arg(name).arg("-").arg("+")));
          };
          all.append(value).append('\n');
        }
      } while (!cursor.equals("0"));
    } finally {
      client.close();
    }
    return all.toString();
  }

  /** Redis's append-only files, once the rewrite the erasure asked for has finished and the old files are gone. */
  private String appendOnlyFiles(Vertx vertx) throws IOException {
    Redis client = Redis.createClient(vertx, redis.url());
    try {
      long deadline = System.currentTimeMillis() + 30_000; // a rewrite on a loaded machine can take a while
      String files;
      do {
        String info = Await.result(RedisAPI.api(client).info(List.of("persistence"))).toString();
        files = files(dir.resolve("redis"));
        if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")
            && ANNES.stream().noneMatch(files::contains)) {
          return files;
        }
        Thread.onSpinWait();
      } while (System.currentTimeMillis() < deadline);
      return files;
    } finally {
      client.close();
    }
  }

  private static Map<String, byte[]> unzip(byte[] archive) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        files.put(entry.getName(), zip.readAllBytes());
      }
    }
    return files;
  }

  private static String string(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
