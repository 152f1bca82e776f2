package dev.relay.connector.spi;

/**
 * What a channel adds around a message's text, worded by the gateway in the customer's language.
 * A null part leaves the connector's own default.
 *
 * @param newSubject the subject of an e-mail that starts a thread ("Votre message à example.com")
 * @param signature  the signature under an agent's e-mail, with the agent's name already in it
 */
public record Wording(String newSubject, String signature) {
  public static final Wording NONE = new Wording(null, null);
}
