package dev.relay.connector.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisitorTokensTest {

  private final VisitorTokens tokens = new VisitorTokens("a-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenWeIssuedNamesItsVisitor() {
    String visitor = tokens.newVisitorId();
    assertEquals(Optional.of(visitor), tokens.verify(tokens.tokenFor(visitor)));
    assertNotEquals(visitor, tokens.newVisitorId(), "every visitor id is new");
  }

  @Test
  void forgedTamperedOrForeignTokensAreRefused() {
    String token = tokens.tokenFor("v_ann");
    assertTrue(tokens.verify(token.replace("v_ann", "v_ben")).isEmpty(), "another visitor's id with Ann's signature");
    assertTrue(tokens.verify(token.substring(0, token.length() - 1) + "A").isEmpty());
    assertTrue(tokens.verify("v_ann").isEmpty());
    assertTrue(tokens.verify("").isEmpty());
    assertTrue(tokens.verify(null).isEmpty());
    assertTrue(tokens.verify("x".repeat(1000)).isEmpty());
    VisitorTokens elsewhere = new VisitorTokens("another-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8));
    assertTrue(elsewhere.verify(token).isEmpty(), "a token from another installation");
  }
}
