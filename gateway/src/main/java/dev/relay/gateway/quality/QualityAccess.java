package dev.relay.gateway.quality;

import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.RelayException;

/**
 * Who sees what of the quality loop: supervisors and admins see everyone's reviews, recordings and
 * figures and make reviews; an agent sees their own only.
 */
final class QualityAccess {

  private QualityAccess() {
  }

  /** The calling agent's id, or null for the admin token. */
  static String agentId(Caller caller) {
    return caller instanceof Caller.AgentCaller a ? a.agent().id() : null;
  }

  /** Refuses an agent who asks for what is another agent's. */
  static void ownOrSupervisor(Caller caller, String ownerId, String what) {
    if (!caller.supervises() && !ownerId.equals(agentId(caller))) {
      throw RelayException.forbidden(what + " of other agents are for supervisors and admins");
    }
  }

  static void supervisorOnly(Caller caller, String what) {
    if (!caller.supervises()) {
      throw RelayException.forbidden(what + " is for supervisors and admins");
    }
  }
}
