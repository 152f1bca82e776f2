package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Agent;
import java.util.Locale;

/** How agents are indexed: e-mail is unique regardless of case; agents are listed oldest first. */
public final class AgentIndex {

  private AgentIndex() {
  }

  public static String email(Agent agent) {
    return email(agent.email());
  }

  public static String email(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /** The listing order: creation time in milliseconds (ties: by id, as a sorted set orders them). */
  public static long rank(Agent agent) {
    return agent.createdAt().toEpochMilli();
  }
}
