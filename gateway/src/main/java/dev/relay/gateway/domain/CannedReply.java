package dev.relay.gateway.domain;

import java.time.Instant;

/**
 * A reply admins prepare for agents, in one language: an ICU message whose placeholders
 * ({@code {firstName}}, {@code {agentName}}) are filled in for the conversation it is used in.
 *
 * @param locale a BCP 47 tag ({@code fr}, {@code fr-CA}, {@code en})
 * @param title  what agents pick it by ("Colis en retard")
 */
public record CannedReply(String id, String locale, String title, String text, Instant updatedAt, String updatedBy) {
}
