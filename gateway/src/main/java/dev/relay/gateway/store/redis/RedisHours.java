package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.gateway.store.HoursStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.Map;
import java.util.Optional;

/** {@code hours}: the saved company and team hours, one JSON document written in one SET. */
final class RedisHours implements HoursStore {

  private static final String KEY = RedisStore.key("hours");
  private final RedisStore store;

  RedisHours(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<Optional<Saved>> get() {
    return store.get(KEY, Saved.class);
  }

  @Override
  public Future<Saved> put(WorkingHours company, Map<String, WorkingHours> teams) {
    Saved saved = new Saved(company, teams);
    return store.send(Command.SET, KEY, Json.encode(saved)).map(saved);
  }
}
