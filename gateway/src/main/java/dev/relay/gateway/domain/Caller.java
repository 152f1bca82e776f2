package dev.relay.gateway.domain;

/** Who is calling: the admin (bootstrap token) or an agent (their own token). */
public sealed interface Caller {

  record Admin() implements Caller {
  }

  record AgentCaller(Agent agent) implements Caller {
  }
}
