package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.Map;

/**
 * Who changed what, when. Written for every admin act that changes how customers are treated.
 *
 * @param actor  {@code admin} or {@code agent:<id>}
 * @param action e.g. {@code routing-rules.saved}, {@code customer.reassigned}
 * @param target what was changed, e.g. {@code routing-rules} or a customer id
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, Map<String, Object> details) {

  public AuditEntry {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
