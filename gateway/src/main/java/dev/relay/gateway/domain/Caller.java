package dev.relay.gateway.domain;

/** Who is calling: the admin (bootstrap token) or an agent (their own token). */
public sealed interface Caller {

  /**
   * The admin token, or an agent with the supervisor or admin role: who sees every agent's work
   * (every conversation, the board, the quality loop).
   */
  default boolean supervises() {
    return this instanceof Admin || this instanceof AgentCaller a && a.agent().role() != Agent.Role.AGENT;
  }

  record Admin() implements Caller {
  }

  record AgentCaller(Agent agent) implements Caller {
  }
}
