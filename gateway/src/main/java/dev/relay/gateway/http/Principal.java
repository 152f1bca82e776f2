package dev.relay.gateway.http;

import dev.relay.gateway.agent.Agent;

/** Who is calling: the admin (bootstrap token) or an agent (their own token). */
public sealed interface Principal {

  record Admin() implements Principal {
  }

  record AgentCaller(Agent agent) implements Principal {
  }
}
