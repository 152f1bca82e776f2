package dev.relay.gateway.store.embedded;

import dev.relay.gateway.store.ResponseTimeStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h2.mvstore.MVMap;

/** {@code response-times}: "agent:<id>" or "team:<name>" → seconds, comma-separated, newest first. */
final class EmbeddedResponseTimes implements ResponseTimeStore {

  private final EmbeddedStore store;

  EmbeddedResponseTimes(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> times() {
    return store.map("response-times");
  }

  @Override
  public Future<Void> record(String agentId, String team, Duration took) {
    return store.write(() -> {
      push("agent:" + agentId, took);
      if (team != null) {
        push("team:" + team, took);
      }
      return null;
    });
  }

  private void push(String key, Duration took) {
    List<String> kept = new ArrayList<>();
    kept.add(Long.toString(took.toSeconds()));
    String before = times().get(key);
    if (before != null) {
      Arrays.stream(before.split(",")).limit(KEPT - 1).forEach(kept::add);
    }
    times().put(key, String.join(",", kept));
  }

  @Override
  public Future<List<Duration>> ofAgent(String agentId) {
    return store.read(() -> read("agent:" + agentId));
  }

  @Override
  public Future<List<Duration>> ofTeam(String team) {
    return store.read(() -> read("team:" + team));
  }

  private List<Duration> read(String key) {
    String kept = times().get(key);
    return kept == null ? List.of()
        : Arrays.stream(kept.split(",")).map(s -> Duration.ofSeconds(Long.parseLong(s))).toList();
  }
}
