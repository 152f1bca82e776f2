package dev.relay.routing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What rules may look at: the customer, the message being routed, and the time. Conditions see
 * these as {@code customer.*}, {@code message.*} and {@code now} (docs/routing-rules.md).
 */
public record RoutingFacts(CustomerFacts customer, MessageFacts message, Instant now) {

  public RoutingFacts {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(now, "now");
  }

  /**
   * @param identities       verified addresses as {@code kind:value}, e.g. {@code email:ann@example.com}
   * @param hasOwner         whether the customer already has a dedicated agent
   * @param lastSatisfaction the last survey score (1–5), or null when never surveyed
   */
  public record CustomerFacts(String id, List<String> tags, String locale, String timezone, String segment,
                              List<String> identities, boolean hasOwner, long pastConversations,
                              Double lastSatisfaction) {
    public CustomerFacts {
      tags = tags == null ? List.of() : List.copyOf(tags);
      identities = identities == null ? List.of() : List.copyOf(identities);
    }
  }

  /**
   * @param language the message's language when known (ISO 639-1), else empty
   */
  public record MessageFacts(String channel, String text, String subject, String language, Instant receivedAt) {
  }
}
