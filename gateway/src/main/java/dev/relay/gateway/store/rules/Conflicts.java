package dev.relay.gateway.store.rules;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Message;

/**
 * Every refusal a store makes, with its code and message, so both backends say the same thing and
 * neither leaks its own keys or layout to the API.
 */
public final class Conflicts {

  private Conflicts() {
  }

  public static RelayException notFound(String what, String id) {
    return RelayException.notFound(what + " " + id);
  }

  public static RelayException identityTaken(Address identity) {
    return RelayException.conflict("identity_taken", identity.kind() + " address belongs to another customer");
  }

  public static RelayException agentExists(Agent agent) {
    return RelayException.conflict("agent_exists", "an agent with e-mail " + agent.email() + " exists already");
  }

  public static RelayException conversationOpen() {
    return RelayException.conflict("conversation_open", "the customer has another open conversation");
  }

  public static RelayException messageExists(Message message) {
    return RelayException.conflict("message_exists", "message " + message.id() + " exists already");
  }

  public static RelayException jobPending() {
    return RelayException.conflict("job_pending", "another job with this key is pending");
  }

  /** A change of a batch claimed an index entry another record holds; nothing of the batch was written. */
  public static RelayException batchConflict() {
    return RelayException.conflict("batch_conflict", "a change conflicts with another record; nothing was changed");
  }

  public static RelayException staleTexts(String locale, long expected, long current) {
    return RelayException.conflict("version_conflict",
        "the " + locale + " texts changed since version " + expected + "; the current version is " + current);
  }

  public static RelayException staleRules(long expected, long current) {
    return RelayException.conflict("version_conflict",
        "the rules changed since version " + expected + "; the current version is " + current);
  }
}
