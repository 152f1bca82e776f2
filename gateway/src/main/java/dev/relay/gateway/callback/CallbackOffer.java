package dev.relay.gateway.callback;

import java.time.Instant;
import java.util.List;

/**
 * When a customer could be called back, as the chat widget offers it.
 *
 * @param enabled   calls are possible at all (voice configured, the agent has a phone)
 * @param now       the agent can call right now
 * @param agentName who would call, or null before the customer has an agent
 * @param timezone  the zone the slots are meant in
 * @param slots     the next times a call can be booked, when not now
 */
public record CallbackOffer(boolean enabled, boolean now, String agentName, String timezone, List<Instant> slots) {
}
