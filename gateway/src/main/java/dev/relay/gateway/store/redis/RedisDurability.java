package dev.relay.gateway.store.redis;

import java.time.Duration;

/**
 * How many replicas must have an inbound message before it is acknowledged to its channel, and how
 * long to wait for them ({@code WAIT}). Redis replicates asynchronously: a master that acks a
 * write and dies before a replica got it loses it when that replica is promoted. With
 * {@code replicas} null ("auto") Relay waits for one replica whenever the master has any, and for
 * none on a master without replicas; 0 never waits.
 */
public record RedisDurability(Integer replicas, Duration timeout) {

  public static final RedisDurability AUTO = new RedisDurability(null, Duration.ofSeconds(1));

  /** "auto" or a count, as configured. */
  public static RedisDurability of(String replicas, Duration timeout) {
    return new RedisDurability("auto".equals(replicas) ? null : Integer.valueOf(replicas), timeout);
  }

  boolean off() {
    return replicas != null && replicas == 0;
  }

  /** The replicas to wait for, given how many the master has now. */
  int needed(int connected) {
    return replicas == null ? Math.min(1, connected) : replicas;
  }
}
