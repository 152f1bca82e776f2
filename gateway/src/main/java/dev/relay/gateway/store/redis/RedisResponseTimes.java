package dev.relay.gateway.store.redis;

import dev.relay.gateway.store.ResponseTimeStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code response-times:agent:<id>} and {@code response-times:team:<name>}: lists of seconds, newest first, trimmed in one script. */
final class RedisResponseTimes implements ResponseTimeStore {

  private final RedisStore store;
  private final String pushScript = RedisStore.script("response-time");

  RedisResponseTimes(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<Void> record(String agentId, String team, Duration took) {
    List<String> keys = new ArrayList<>(List.of(RedisStore.key("response-times", "agent", agentId)));
    if (team != null) {
      keys.add(RedisStore.key("response-times", "team", team));
    }
    return store.eval(pushScript, keys, List.of(Long.toString(took.toSeconds()), Integer.toString(KEPT))).mapEmpty();
  }

  @Override
  public Future<List<Duration>> ofAgent(String agentId) {
    return read(RedisStore.key("response-times", "agent", agentId));
  }

  @Override
  public Future<List<Duration>> ofTeam(String team) {
    return read(RedisStore.key("response-times", "team", team));
  }

  private Future<List<Duration>> read(String key) {
    return store.send(Command.LRANGE, key, 0, KEPT - 1).map(values -> RedisStore.strings(values).stream()
        .map(s -> Duration.ofSeconds(Long.parseLong(s))).toList());
  }
}
