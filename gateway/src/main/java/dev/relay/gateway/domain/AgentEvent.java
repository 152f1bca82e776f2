package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.Map;

/**
 * Something an agent must learn about, kept in their inbox until they acknowledge it.
 *
 * @param id   increasing within an agent's inbox, so a stream can resume after the last one sent
 * @param type {@code conversation.assigned}, {@code message.received}, {@code message.status}; for
 *             supervisors also {@code customer.waiting}, {@code target.at_risk}, {@code target.missed},
 *             {@code conversation.reassigned}
 */
public record AgentEvent(long id, String agentId, String type, Map<String, Object> data, Instant at) {
}
