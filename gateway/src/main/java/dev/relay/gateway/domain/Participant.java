package dev.relay.gateway.domain;

import dev.relay.connector.spi.Address;

/**
 * Someone in a conversation's thread who is not the customer: a colleague the customer copied, or
 * someone who wrote to the conversation's reply address. A participant is never one of the
 * customer's addresses: their mail is shown in the thread with their address, and they get a copy
 * of a reply only where they were on the mail it answers. The agent sees them and can remove them.
 *
 * @param name    the name they gave, or null
 * @param copied  true when the customer put them on the thread (To/Cc of her own mail); false when they wrote in
 * @param removed true once an agent removed them: kept, so the agent sees who it was, but never copied again
 */
public record Participant(Address address, String name, boolean copied, boolean removed) {

  public Participant removedNow() {
    return new Participant(address, name, copied, true);
  }
}
