package dev.relay.connector.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsByTheFactorFromTheInitialDelayUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2);
    assertEquals(Duration.ofSeconds(1), backoff.after(1));
    assertEquals(Duration.ofSeconds(2), backoff.after(2));
    assertEquals(Duration.ofSeconds(4), backoff.after(3));
    assertEquals(Duration.ofSeconds(5), backoff.after(4));
    assertEquals(Duration.ofSeconds(5), backoff.after(Integer.MAX_VALUE), "a long outage saturates, never overflows");
  }

  @Test
  void aCapBelowTheInitialDelayWins() {
    assertEquals(Duration.ofMinutes(5), new Backoff(Duration.ofHours(1), Duration.ofMinutes(5), 2).after(1));
  }

  @Test
  void fixedWaitsTheSameEveryTime() {
    Backoff fixed = Backoff.fixed(Duration.ofMillis(250));
    assertEquals(Duration.ofMillis(250), fixed.after(1));
    assertEquals(Duration.ofMillis(250), fixed.after(40));
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5));
  }
}
