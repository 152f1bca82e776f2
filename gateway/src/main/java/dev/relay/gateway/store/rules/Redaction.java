package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.AuditEntry;
import java.util.Map;

/** What an audit entry keeps once the person it is about has been erased: who did what, and when. */
public final class Redaction {

  public static final Map<String, Object> DETAILS = Map.of("redacted", "personal data erased");

  private Redaction() {
  }

  public static AuditEntry of(AuditEntry entry) {
    return new AuditEntry(entry.id(), entry.at(), entry.actor(), entry.action(), entry.target(), DETAILS);
  }

  public static boolean needed(AuditEntry entry, String target) {
    return target.equals(entry.target()) && !DETAILS.equals(entry.details());
  }
}
