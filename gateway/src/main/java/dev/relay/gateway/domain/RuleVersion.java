package dev.relay.gateway.domain;

import java.time.Instant;

/** One saved version of the routing rules. Versions only grow; restoring an old one saves it anew. */
public record RuleVersion(long version, String source, String author, Instant savedAt, String note) {
}
