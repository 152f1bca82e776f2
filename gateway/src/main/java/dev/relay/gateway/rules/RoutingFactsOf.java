package dev.relay.gateway.rules;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.routing.RoutingFacts;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** What the rules see of a customer and a message: the gateway's records, as routing facts. */
public final class RoutingFactsOf {

  private RoutingFactsOf() {
  }

  /** @param lastSatisfaction the score of the customer's latest answered survey, or null */
  public static RoutingFacts inbound(Customer customer, int pastConversations, Double lastSatisfaction, InboundMessage in,
                                     Instant now) {
    String language = in.facts().language() == null ? "" : Locale.forLanguageTag(in.facts().language()).getLanguage();
    return new RoutingFacts(customer(customer, pastConversations, lastSatisfaction),
        new RoutingFacts.MessageFacts(in.channel(), in.text(), Objects.requireNonNullElse(in.facts().thread().subject(), ""),
            language, in.receivedAt()),
        now);
  }

  public static RoutingFacts.CustomerFacts customer(Customer customer, int pastConversations, Double lastSatisfaction) {
    return new RoutingFacts.CustomerFacts(customer.id(), customer.tags(), customer.locale(), customer.timezone(),
        PhoneNumbers.regionOf(customer), customer.identities().stream().map(Address::key).toList(), customer.ownerId() != null,
        pastConversations, lastSatisfaction);
  }
}
