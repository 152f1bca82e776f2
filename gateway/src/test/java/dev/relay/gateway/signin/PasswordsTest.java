package dev.relay.gateway.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What is stored for a password, and what it lets through. */
class PasswordsTest {

  @Test
  void aPasswordIsStoredAsASaltedArgon2idHashThatOnlyItMatches() {
    String stored = Passwords.hash("Ma phrase de passe, à moi");
    assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
    assertFalse(stored.contains("Ma phrase"));
    assertNotEquals(stored, Passwords.hash("Ma phrase de passe, à moi"), "salted: the same password, another hash");
    assertTrue(Passwords.verify("Ma phrase de passe, à moi", stored));
    assertFalse(Passwords.verify("Ma phrase de passe, a moi", stored), "one accent makes it another password");
    assertFalse(Passwords.verify("Ma phrase de passe, à moi", null), "no password set: nothing matches");
  }

  @Test
  void aDamagedOrForeignHashMatchesNothing() {
    String stored = Passwords.hash("cheval agrafe batterie correcte");
    String[] parts = stored.split("\\$");
    assertTrue(Passwords.verify("cheval agrafe batterie correcte", stored));
    assertFalse(Passwords.verify("cheval agrafe batterie correcte", "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4] + "$AAAA"));
    assertFalse(Passwords.verify("cheval agrafe batterie correcte", "$argon2i$v=19$m=19456,t=2,p=1$" + parts[4] + "$" + parts[5]));
    assertFalse(Passwords.verify("cheval agrafe batterie correcte", "$argon2id$v=19$m=lots,t=2,p=1$x$y"));
    assertFalse(Passwords.verify("cheval agrafe batterie correcte", "not a hash at all"));
  }

  @Test
  void aNewPasswordMustBeLongEnoughAndOneLine() {
    assertEquals(Optional.empty(), Passwords.problem("cheval agrafe batterie correcte"));
    assertTrue(Passwords.problem("court").orElseThrow().contains("at least 12"));
    assertTrue(Passwords.problem("douze caract\u0000res").orElseThrow().contains("control"));
    assertTrue(Passwords.problem("x".repeat(201)).orElseThrow().contains("at most 200"));
  }
}
