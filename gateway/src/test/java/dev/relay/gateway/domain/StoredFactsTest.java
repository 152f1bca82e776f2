package dev.relay.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.Intent;
import dev.relay.connector.spi.MediaLink;
import dev.relay.connector.spi.RepliesTo;
import dev.relay.connector.spi.SenderClaims;
import dev.relay.connector.spi.ThreadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored messages keep the attribute names they always had, and read back as the same facts. */
class StoredFactsTest {

  @Test
  void aCallbackRequestIsStoredUnderItsOldNames() {
    ChannelFacts facts = ChannelFacts.NONE
        .withIntent(new Intent.CallbackRequest("+44 20 7946 0000", Instant.parse("2026-03-03T10:00:00Z")))
        .withClaims(new SenderClaims("ann@example.com", "Europe/London"));

    Map<String, String> stored = StoredFacts.attributes(facts);

    assertEquals(Map.of("callbackRequested", "true", "callbackPhone", "+44 20 7946 0000",
        "callbackAt", "2026-03-03T10:00:00Z", "claimedEmail", "ann@example.com", "timezone", "Europe/London"), stored);
    assertEquals(facts, StoredFacts.facts(stored));
  }

  @Test
  void smsKeywordsAndMediaReadBack() {
    ChannelFacts media = ChannelFacts.NONE.withMedia(List.of(new MediaLink("https://api.twilio.test/m/1", "image/png")));
    assertEquals(Map.of("media0", "https://api.twilio.test/m/1 (image/png)"), StoredFacts.attributes(media));
    assertEquals(media, StoredFacts.facts(StoredFacts.attributes(media)));
    for (Intent intent : List.of(new Intent.OptOut(), new Intent.OptIn(), new Intent.Help(),
        new Intent.CallbackRequest(null, null))) {
      ChannelFacts facts = ChannelFacts.NONE.withIntent(intent);
      assertEquals(facts, StoredFacts.facts(StoredFacts.attributes(facts)), intent.toString());
    }
    assertEquals(Map.of("optOut", "stop"), StoredFacts.attributes(ChannelFacts.NONE.withIntent(new Intent.OptOut())));
  }

  @Test
  void anEmailsThreadReadsBack() {
    ChannelFacts facts = ChannelFacts.NONE
        .withThread(new ThreadRef("Parcel", "<b@x>", List.of("<a@x>", "<b@x>")), new RepliesTo.OurMessage("msg_1"))
        .withBodies("Hi\n> earlier", "<p>Hi</p>");

    Map<String, String> stored = StoredFacts.attributes(facts);

    assertEquals(Map.of("subject", "Parcel", "inReplyTo", "<b@x>", "references", "<a@x> <b@x>",
        "inReplyToMessage", "msg_1", "fullText", "Hi\n> earlier", "html", "<p>Hi</p>"), stored);
    assertEquals(facts, StoredFacts.facts(stored));
    assertEquals(new RepliesTo.Conversation("con_1"), StoredFacts.facts(StoredFacts.attributes(
        ChannelFacts.NONE.withThread(ThreadRef.NONE, new RepliesTo.Conversation("con_1")))).repliesTo());
  }

  @Test
  void whoElseIsOnTheThreadAndWhatTheServerCheckedReadBack() {
    ChannelFacts facts = ChannelFacts.NONE
        .withThread(new ThreadRef("Réclamation", null, List.of(), List.of(new dev.relay.connector.spi.Address("email",
            "marc@partner.test"))), null)
        .withSender(new dev.relay.connector.spi.SenderCheck(dev.relay.connector.spi.SenderCheck.Verdict.FAIL, "DMARC fail",
            "mx.acme.test; dmarc=fail header.from=example.fr"));

    Map<String, String> stored = StoredFacts.attributes(facts);

    assertEquals("marc@partner.test", stored.get("copied"));
    assertEquals("the sender's address could not be verified (DMARC fail): this mail may not be from who it says",
        stored.get("senderWarning"), "what the agent reads");
    assertEquals(facts, StoredFacts.facts(stored));
  }
}
