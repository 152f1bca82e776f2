package dev.relay.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ids made near a customer or a key carry its home, so a sharded store finds them next to it. */
class IdsTest {

  @Test
  void aConversationAndItsMessagesShareTheirCustomersHome() {
    String customer = Ids.next("cus");
    String conversation = Ids.near("cnv", customer);
    String message = Ids.near("msg", conversation);
    assertEquals(Ids.home(customer), Ids.home(conversation));
    assertEquals(Ids.home(customer), Ids.home(message), "near something near the customer is near the customer");
    assertTrue(Ids.hasHome(message));
    assertFalse(Ids.hasHome(customer), "a customer's own id is its home's source, it carries none");
    assertNotEquals(Ids.near("msg", customer), Ids.near("msg", customer), "still unguessable and unique");
  }

  @Test
  void aJobKeyOrAnAddressHasAStableHomeOfItsOwn() {
    assertEquals(Ids.home("follow-up:cnv_x1"), Ids.home("follow-up:cnv_x1"));
    assertEquals(Ids.home("follow-up:cnv_x1"), Ids.home(Ids.near("job", "follow-up:cnv_x1")));
    assertEquals(4, Ids.home("phone:+15145550101").length());
    assertFalse(Ids.hasHome("cnv_old0123456789abcdef"), "an id of an earlier version has no home in it");
  }

  @Test
  void aConversationIdStaysShortEnoughForItsEmailReplyToken() {
    assertEquals(Ids.next("cnv").length() + 1, Ids.near("cnv", Ids.next("cus")).length());
  }
}
