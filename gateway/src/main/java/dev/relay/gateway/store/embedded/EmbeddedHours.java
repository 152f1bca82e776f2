package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.gateway.store.HoursStore;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;

/** {@code settings} → {@code hours}: the saved company and team hours, one JSON document. */
final class EmbeddedHours implements HoursStore {

  private static final String KEY = "hours";
  private final EmbeddedStore store;

  EmbeddedHours(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> settings() {
    return store.map("settings");
  }

  @Override
  public Future<Optional<Saved>> get() {
    return store.read(() -> EmbeddedStore.decode(settings().get(KEY), Saved.class));
  }

  @Override
  public Future<Saved> put(WorkingHours company, Map<String, WorkingHours> teams) {
    Saved saved = new Saved(company, teams);
    return store.write(() -> {
      settings().put(KEY, Json.encode(saved));
      return saved;
    });
  }
}
