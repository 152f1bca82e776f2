package dev.relay.gateway.calls;

import dev.relay.routing.FollowUpPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The payload of a call job, a follow-up or a callback, as the {@link dev.relay.gateway.domain.Job}
 * stores it. The keys are read and written here only, so jobs stored by earlier versions still run.
 *
 * @param agentId     who places the call: the one who promised it, a covering teammate, or the owner
 *                    when the job was planned (a follow-up then goes to whoever owns the customer now)
 * @param fixedCaller the job's agent places the call even if the customer's owner changed since
 * @param attempt     1 for the first call, then one more per retry
 * @param phone       the number to call (a claim for this call only), or null for the customer's own
 * @param channel     a follow-up's {@code channel} from the rules ({@code last}: write, do not call), or null
 */
public record CallJob(String conversationId, String customerId, String agentId, boolean fixedCaller, int attempt,
                      String phone, FollowUpPolicy.Channel channel) {

  public Map<String, String> toMap() {
    Map<String, String> map = new HashMap<>(Map.of("conversationId", conversationId, "customerId", customerId,
        "agentId", agentId));
    if (fixedCaller) {
      map.put("fixedCaller", "true");
    }
    if (attempt > 1) {
      map.put("attempt", String.valueOf(attempt));
    }
    if (phone != null) {
      map.put("phone", phone);
    }
    if (channel != null) {
      map.put("channel", channel.name().toLowerCase(Locale.ROOT));
    }
    return map;
  }

  public static CallJob fromMap(Map<String, String> map) {
    return new CallJob(map.get("conversationId"), map.get("customerId"), map.get("agentId"),
        map.containsKey("fixedCaller"), Integer.parseInt(map.getOrDefault("attempt", "1")), map.get("phone"),
        channelOf(map.get("channel")));
  }

  /** The same call, placed by another agent (the customer was handed over). */
  public CallJob by(String nextAgentId) {
    return new CallJob(conversationId, customerId, nextAgentId, fixedCaller, attempt, phone, channel);
  }

  public boolean writeOnly() {
    return channel == FollowUpPolicy.Channel.LAST;
  }

  /** Earlier versions wrote "null" for a policy without a channel. */
  private static FollowUpPolicy.Channel channelOf(String stored) {
    return Arrays.stream(FollowUpPolicy.Channel.values()).filter(c -> c.name().equalsIgnoreCase(stored)).findFirst()
        .orElse(null);
  }
}
