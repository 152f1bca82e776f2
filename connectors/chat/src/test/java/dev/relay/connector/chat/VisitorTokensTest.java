package dev.relay.connector.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VisitorTokensTest {

  private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8);
  private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  private final VisitorTokens tokens = at(MONDAY);

  private static VisitorTokens at(Instant now) {
    return new VisitorTokens(SECRET, Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(30));
  }

  @Test
  void aTokenWeIssuedNamesItsVisitor() {
    String visitor = tokens.newVisitorId();
    VisitorTokens.Token token = tokens.verify(tokens.tokenFor(visitor, null)).orElseThrow();
    assertEquals(visitor, token.visitorId());
    assertEquals(MONDAY, token.issued());
    assertNotEquals(visitor, tokens.newVisitorId(), "every visitor id is new");
  }

  @Test
  void aTokenExpiresThirtyDaysAfterItWasIssued() {
    String token = tokens.tokenFor("v_ann", null);
    assertTrue(at(MONDAY.plus(Duration.ofDays(29))).verify(token).isPresent());
    assertTrue(at(MONDAY.plus(Duration.ofDays(30))).verify(token).isEmpty(), "a month later it opens nothing");
  }

  @Test
  void aVouchedTokenNamesItsIdentityWithoutShowingIt() {
    Address ann = new Address(Address.EMAIL, "ann.tremblay@example.com");
    String issued = tokens.tokenFor("v_ann", ann);
    assertFalse(issued.contains("ann.tremblay"), issued);
    VisitorTokens.Token token = tokens.verify(issued).orElseThrow();
    assertTrue(tokens.vouchedFor(token, ann));
    assertFalse(tokens.vouchedFor(token, new Address(Address.EMAIL, "ben@example.com")));
    assertFalse(tokens.vouchedFor(token, null), "signed out of the site");
    assertFalse(tokens.vouchedFor(tokens.verify(tokens.tokenFor("v_ben", null)).orElseThrow(), ann));
  }

  @Test
  void forgedTamperedOrForeignTokensAreRefused() {
    String token = tokens.tokenFor("v_ann", null);
    assertTrue(tokens.verify(token.replace("v_ann", "v_ben")).isEmpty(), "another visitor's id with Ann's signature");
    assertTrue(tokens.verify(token.substring(0, token.length() - 1) + "A").isEmpty());
    String[] parts = token.split("\\.");
    assertTrue(tokens.verify(parts[0] + ".zzzzzz." + parts[2] + "." + parts[3]).isEmpty(), "a later issue date");
    assertTrue(tokens.verify("v_ann").isEmpty());
    assertTrue(tokens.verify("").isEmpty());
    assertTrue(tokens.verify(null).isEmpty());
    assertTrue(tokens.verify("x".repeat(1000)).isEmpty());
    VisitorTokens elsewhere = new VisitorTokens("another-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8),
        Clock.fixed(MONDAY, ZoneOffset.UTC), Duration.ofDays(30));
    assertTrue(elsewhere.verify(token).isEmpty(), "a token from another installation");
  }
}
