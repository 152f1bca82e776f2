package dev.relay.connector.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.MediaLink;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ThreadRef;
import dev.relay.connector.spi.testing.ConnectorContract;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Twilio connector against a local server speaking Twilio's REST API (the SDK reaches it through
 * its HTTP-client extension point) and posting webhooks signed as Twilio signs them.
 */
class TwilioConnectorTest extends ConnectorContract {

  /** Where Twilio believes Relay is; signatures cover this URL, whatever port the test listens on. */
  private static final String PUBLIC = "https://relay.example.test";
  private static final String INBOUND = PUBLIC + SmsWebhook.INBOUND;
  private static final String CUSTOMER = "+442079460123";
  /** Twilio's magic test number: valid, and never a real subscriber. */
  private static final String OUR_NUMBER = "+15005550006";

  private TwilioTestServer twilio;
  private int sids;

  @BeforeEach
  void startTwilio() {
    twilio = TwilioTestServer.start(vertx);
  }

  @AfterEach
  void closeTwilio() {
    twilio.close();
  }

  @Override
  protected Connector createConnector() {
    return new TwilioConnector(TwilioOptions.parse(TwilioTestServer.ACCOUNT_SID, TwilioTestServer.AUTH_TOKEN,
        OUR_NUMBER, PUBLIC, twilio.base(), null, Duration.ofSeconds(2)));
  }

  @Override
  protected Future<Void> customerSends(String text) {
    return twilio.send(INBOUND, port, text(nextSid(), text), TwilioTestServer.AUTH_TOKEN)
        .compose(response -> response.statusCode() == 200 ? Future.<Void>succeededFuture()
            : Future.failedFuture("webhook answered " + response.statusCode()));
  }

  @Override
  protected Address customer() {
    return new Address(Address.PHONE, CUSTOMER);
  }

  @Test
  void aWebhookWithoutASignatureIsRefusedAndNothingIsStored() {
    started();
    assertEquals(403, twilio.post(INBOUND, port, text(nextSid(), "hello"), null).statusCode());
    assertTrue(sink.messages().isEmpty());
  }

  @Test
  void aFormWithARepeatedNameIsCheckedOverEveryValueAsTwilioSignsIt() {
    started();
    List<Map.Entry<String, String>> form = new java.util.ArrayList<>(text(nextSid(), "Bonjour, voici les photos").entrySet());
    form.add(Map.entry("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"));
    form.add(Map.entry("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2"));
    assertEquals(200, twilio.postForm(INBOUND, port, form, TwilioTestServer.AUTH_TOKEN, "HmacSHA1").statusCode(),
        "signed over both values, as Twilio's libraries do");
    assertEquals(1, sink.messages().size());
  }

  @Test
  void aSignatureMadeWithHmacSha256OrOverTheDefaultPortIsAccepted() {
    started();
    List<Map.Entry<String, String>> form = List.copyOf(text(nextSid(), "Merci beaucoup").entrySet());
    assertEquals(200, twilio.postForm(INBOUND, port, form, TwilioTestServer.AUTH_TOKEN, "HmacSHA256").statusCode());
    List<Map.Entry<String, String>> again = List.copyOf(text(nextSid(), "Encore merci").entrySet());
    assertEquals(200, twilio.postForm("https://relay.example.test:443" + SmsWebhook.INBOUND, port, again,
        TwilioTestServer.AUTH_TOKEN, "HmacSHA1").statusCode(), "Twilio sometimes signs the URL with :443");
    assertEquals(403, twilio.postForm(INBOUND, port, List.copyOf(text(nextSid(), "x").entrySet()), "not-the-token",
        "HmacSHA256").statusCode());
    assertEquals(2, sink.messages().size());
  }

  @Test
  void aJsonWebhookIsCheckedThroughItsBodyHash() {
    started();
    String status = PUBLIC + SmsWebhook.STATUS + "?relayMessageId=msg_1";
    String body = "{\"MessageSid\":\"SM1\",\"MessageStatus\":\"delivered\"}";
    assertEquals(400, twilio.postJson(status, port, body, body, TwilioTestServer.AUTH_TOKEN).statusCode(),
        "past the signature check (this hook expects a form, and says so)");
    assertEquals(403, twilio.postJson(status, port, body.replace("delivered", "failed"), body,
        TwilioTestServer.AUTH_TOKEN).statusCode(), "a body changed after signing is refused");
  }

  @Test
  void aWebhookSignedWithAnotherTokenIsRefusedAndNothingIsStored() {
    started();
    assertEquals(403, twilio.post(INBOUND, port, text(nextSid(), "hello"), "someone-elses-token").statusCode());
    assertTrue(sink.messages().isEmpty());
  }

  @Test
  void twilioRetryingAMessageSidStoresItOnce() {
    started();
    String sid = nextSid();
    assertEquals(200, twilio.post(INBOUND, port, text(sid, "My router is down"), TwilioTestServer.AUTH_TOKEN).statusCode());
    assertEquals(200, twilio.post(INBOUND, port, text(sid, "My router is down"), TwilioTestServer.AUTH_TOKEN).statusCode(),
        "the retry is answered 200 too, or Twilio keeps retrying");

    assertEquals(List.of(sid, sid), sink.messages().stream().map(m -> m.externalId()).toList());
    assertEquals(1, sink.stored().size());
  }

  @Test
  void aWebhookTheGatewayCannotStoreIsAnswered503SoTwilioRetries() {
    started();
    sink.failNext(1);
    assertEquals(503, twilio.post(INBOUND, port, text(nextSid(), "hello"), TwilioTestServer.AUTH_TOKEN).statusCode());
    assertTrue(sink.stored().isEmpty());
  }

  @Test
  void keywordsAndMediaArriveTyped() {
    started();
    Map<String, String> mms = text(nextSid(), "CALL ME");
    mms.putAll(Map.of("NumMedia", "1", "MediaUrl0", "https://api.twilio.test/media/ME1", "MediaContentType0", "image/jpeg"));
    twilio.post(INBOUND, port, text(nextSid(), "stop"), TwilioTestServer.AUTH_TOKEN);
    twilio.post(INBOUND, port, text(nextSid(), "Start"), TwilioTestServer.AUTH_TOKEN);
    twilio.post(INBOUND, port, text(nextSid(), "HELP"), TwilioTestServer.AUTH_TOKEN);
    twilio.post(INBOUND, port, mms, TwilioTestServer.AUTH_TOKEN);

    var messages = sink.messages();
    assertEquals(List.of(new Intent.OptOut(), new Intent.OptIn(), new Intent.Help(), new Intent.CallbackRequest(null, null)),
        messages.stream().map(m -> m.facts().intent()).toList());
    assertEquals(List.of(new MediaLink("https://api.twilio.test/media/ME1", "image/jpeg")), messages.get(3).facts().media());
    assertEquals(new Address(Address.PHONE, CUSTOMER), messages.get(0).from());
  }

  @Test
  void frenchCarrierKeywordsBesideTwiliosAreRequestsTooAndSayTheyAreFrench() {
    started();
    List<String> texts = List.of("ARRET", "ARRÊT", "arrêt", "Arret ", "STOP", "AIDE", "aide", "HELP", "UNSTOP");
    texts.forEach(text -> twilio.post(INBOUND, port, text(nextSid(), text), TwilioTestServer.AUTH_TOKEN));

    var messages = sink.messages();
    assertEquals(List.of(new Intent.OptOut(), new Intent.OptOut(), new Intent.OptOut(), new Intent.OptOut(), new Intent.OptOut(),
            new Intent.Help(), new Intent.Help(), new Intent.Help(), new Intent.OptIn()),
        messages.stream().map(m -> m.facts().intent()).toList());
    assertEquals(java.util.Arrays.asList("fr", "fr", "fr", "fr", null, "fr", "fr", null, null),
        messages.stream().map(m -> m.facts().language()).toList(), "a French keyword is answered in French");
    assertEquals("arrêt", messages.get(2).text(), "the text is kept as written");
  }

  @Test
  void askingForACallInFrenchIsTheSameRequestAsInEnglish() {
    started();
    Map<String, Intent> asked = new java.util.LinkedHashMap<>();
    asked.put("Rappelez-moi", new Intent.CallbackRequest(null, null));
    asked.put("Call me back", new Intent.CallbackRequest(null, null));
    asked.put("pouvez-vous m'appeler", new Intent.CallbackRequest(null, null));
    asked.put("Pouvez-vous m’appeler s’il vous plaît ?", new Intent.CallbackRequest(null, null));
    asked.put("can you call me?", new Intent.CallbackRequest(null, null));
    asked.put("appelez-moi demain matin", new Intent.CallbackRequest(null, null));
    asked.put("Please call me back tomorrow morning", new Intent.CallbackRequest(null, null));
    asked.put("Bonjour, rappelle-moi vers 14h stp", new Intent.CallbackRequest(null, null));
    asked.put("Hi, call me back around 2pm please", new Intent.CallbackRequest(null, null));
    asked.put("Vous pouvez me rappeler au 06 98 76 54 32 ?", new Intent.CallbackRequest("06 98 76 54 32", null));
    asked.put("Pouvez-vous me rappeler au 06\u00a098\u00a076\u00a054\u00a032\u202f?", new Intent.CallbackRequest("06 98 76 54 32", null));
    asked.put("Could you call me back on (514) 555-0199?", new Intent.CallbackRequest("(514) 555 0199", null));
    asked.put("Rappelez-moi sur le +33 6 98 76 54 32 demain, merci", new Intent.CallbackRequest("+33 6 98 76 54 32", null));
    asked.put("Ne m'appelez pas, écrivez-moi", null);
    asked.put("Don't call me, write instead", null);
    asked.put("Rappelez-moi : ma facture de mars est fausse et je ne comprends pas pourquoi", null);
    asked.put("call me maybe", null);
    asked.forEach((text, intent) -> twilio.post(INBOUND, port, text(nextSid(), text), TwilioTestServer.AUTH_TOKEN));

    var messages = sink.messages();
    List<String> texts = List.copyOf(asked.keySet());
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(asked.get(texts.get(i)), messages.get(i).facts().intent(), texts.get(i));
      assertEquals(null, messages.get(i).facts().language(), "only keywords declare a language; the gateway detects the rest");
    }
  }

  @Test
  void statusCallbacksBecomeDeliveryReceipts() {
    DeliveryReceipt sent = await(started().send(reply("msg_1")));
    assertEquals(DeliveryStatus.SENT, sent.status());
    TwilioTestServer.Recorded created = twilio.requests().get(0);

    assertEquals(204, twilio.sendStatus(created, "delivered", null, port).statusCode());
    assertEquals(204, twilio.sendStatus(created, "undelivered", 30003, port).statusCode());

    List<DeliveryReceipt> statuses = sink.statuses();
    assertEquals(List.of(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED), statuses.stream().map(DeliveryReceipt::status).toList());
    assertEquals("msg_1", statuses.get(0).messageId());
    assertEquals("Twilio reports undelivered (error 30003)", statuses.get(1).error());
  }

  @Test
  void theReadmesExampleNumberIsAcceptedAndANationalOneIsRefusedWithTheFormToUse() {
    assertEquals("+15551234567", TwilioOptions.parse(TwilioTestServer.ACCOUNT_SID, TwilioTestServer.AUTH_TOKEN,
        "+1 555 123 4567", PUBLIC, null, null, null).number(), "Twilio sold it: a possible number is enough");
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TwilioOptions.parse(TwilioTestServer.ACCOUNT_SID, TwilioTestServer.AUTH_TOKEN, "06 12 34 56 78", PUBLIC,
            null, null, null));
    assertEquals("RELAY_TWILIO_NUMBER must be your Twilio number in international form: + and the country code, "
        + "e.g. +15551234567 or +33612345678", refused.getMessage());
  }

  @Test
  void aTextFromAShortCodeIsStoredUnderItsRawSender() {
    started();
    assertEquals(200, twilio.post(INBOUND, port, new HashMap<>(Map.of("MessageSid", nextSid(), "AccountSid",
        TwilioTestServer.ACCOUNT_SID, "From", "36179", "To", OUR_NUMBER, "Body", "Code de confirmation : 4821")),
        TwilioTestServer.AUTH_TOKEN).statusCode());
    assertEquals(new Address(Address.SMS_SENDER, "36179"), sink.messages().get(0).from());
  }

  @Test
  void aTextTwilioRefusesFailsWithTwiliosReason() {
    twilio.failNext(400, 1);
    DeliveryReceipt receipt = await(started().send(reply("msg_2")));

    assertEquals(DeliveryStatus.FAILED, receipt.status());
    assertEquals("Twilio refused the text: The 'To' number is not a valid phone number. (error 21211)", receipt.error());
  }

  @Test
  void aTextTwilioCannotTakeNowStaysQueuedToBeRetriedAndIsPostedOnce() {
    twilio.failNext(500, 10);
    DeliveryReceipt receipt = await(started().send(reply("msg_3")));

    assertTrue(receipt.shouldRetry(), String.valueOf(receipt));
    assertTrue(receipt.error().startsWith("Twilio is failing"), receipt.error());
    assertEquals(1, twilio.requests().size(), "the SDK's own retries are off: Relay's outbox decides");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "Twilio {0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {TwilioTestServer.GARBAGE, TwilioTestServer.HANG})
  void aTextTwilioMayHaveTakenIsUnknownNotToBeSentAgain(int failure) {
    twilio.failNext(failure, 1);
    DeliveryReceipt receipt = await(started().send(reply("msg_4")));

    assertEquals(DeliveryStatus.UNKNOWN, receipt.status(), String.valueOf(receipt));
    assertFalse(receipt.shouldRetry(), "not queued for another send");
    assertTrue(receipt.error().startsWith("Twilio may have sent this text"), receipt.error());
    assertEquals(1, twilio.requests().size(), "posted once");
  }

  @Test
  void aTwilioThatCannotBeReachedLeavesTheTextQueued() {
    Connector unreachable = new TwilioConnector(TwilioOptions.parse(TwilioTestServer.ACCOUNT_SID,
        TwilioTestServer.AUTH_TOKEN, OUR_NUMBER, PUBLIC, "http://127.0.0.1:1", null, Duration.ofSeconds(2)));
    await(unreachable.start(context));
    try {
      DeliveryReceipt receipt = await(unreachable.send(reply("msg_5")));
      assertTrue(receipt.shouldRetry(), String.valueOf(receipt));
      assertEquals("Twilio could not be reached", receipt.error());
    } finally {
      await(unreachable.stop());
    }
  }

  @Test
  void forgettingACustomerDeletesTheirTextsCallsAndRecordingsAtTwilio() {
    Connector connector = started();
    String text = await(connector.send(reply("msg_4"))).providerId();
    String call = await(connector.calls().orElseThrow().place(new dev.relay.connector.spi.Calls.CallRequest("call_1",
        new Address(Address.PHONE, "+33698765432"), customer(), "Rappel de Mme Tremblay", null))).providerId();
    String recording = twilio.recorded(call);
    twilio.received("SM" + "1".repeat(32));

    var copies = await(connector.forget(List.of(text, call, "SM" + "1".repeat(32), "SM" + "9".repeat(32))));

    assertEquals(List.of(text, recording, call, "SM" + "1".repeat(32), "SM" + "9".repeat(32)), copies.deleted(),
        "a record Twilio no longer has is as good as deleted");
    assertEquals(null, copies.remaining());
    for (String sid : List.of(text, call, recording)) {
      assertTrue(!twilio.keeps(sid), sid + " is gone at Twilio");
    }
    assertTrue(twilio.requests().stream().anyMatch(r -> r.method().equals("DELETE")
        && r.path().equals("/2010-04-01/Accounts/" + TwilioTestServer.ACCOUNT_SID + "/Recordings/" + recording + ".json")));
  }

  @Test
  void aDeleteTwilioRefusesIsReportedWithHowToDoItByHand() {
    Connector connector = started();
    String text = await(connector.send(reply("msg_5"))).providerId();
    twilio.failNext(403, 1);

    var copies = await(connector.forget(List.of(text)));

    assertEquals(List.of(), copies.deleted());
    assertTrue(copies.remaining().contains(text) && copies.remaining().contains("Twilio Console"), copies.remaining());
    assertTrue(twilio.keeps(text));
  }

  @Test
  void withoutTheChannelConfiguredTheCopiesAtTwilioAreListedForDeletionByHand() {
    String sid = "SM" + "2".repeat(32);
    var copies = await(new TwilioConnector(null).forget(List.of(sid)));
    assertEquals(List.of(), copies.deleted());
    assertTrue(copies.remaining().contains(sid) && copies.remaining().contains("Twilio Console"), copies.remaining());
    assertEquals(null, await(new TwilioConnector(null).forget(List.of())).remaining(), "nothing to say when none were sent");
  }

  private OutboundMessage reply(String id) {
    return new OutboundMessage(id, OutboundMessage.Kind.REPLY, customer(), "Try unplugging it.", "Olav", "con_1",
        Instant.now(), ThreadRef.NONE);
  }

  private Map<String, String> text(String sid, String body) {
    return new HashMap<>(Map.of("MessageSid", sid, "AccountSid", TwilioTestServer.ACCOUNT_SID, "From", CUSTOMER,
        "To", OUR_NUMBER, "Body", body));
  }

  private String nextSid() {
    return "SM" + String.format("%032d", ++sids);
  }
}
