package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.TextVersion;
import dev.relay.gateway.store.TextStore;
import dev.relay.gateway.store.rules.TextVersions;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;

/** {@code text-versions}: {@code <locale> SEP <version>} → the version's JSON, so a locale's history is one key range. */
final class EmbeddedTexts implements TextStore {

  private final EmbeddedStore store;
  private final Clock clock;

  /** {@code clock} stamps when each version was saved. */
  EmbeddedTexts(EmbeddedStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private MVMap<String, String> textVersions() {
    return store.map("text-versions");
  }

  @Override
  public Future<Optional<TextVersion>> current(String locale) {
    return store.read(() -> latest(locale));
  }

  @Override
  public Future<TextVersion> save(String locale, Map<String, String> texts, String author, String note,
                                  long expectedVersion) {
    return store.write(() -> {
      long current = latest(locale).map(TextVersion::version).orElse(0L);
      TextVersion saved = TextVersions.next(locale, current, expectedVersion, texts, author, note, clock.instant());
      textVersions().put(EmbeddedStore.seqKey(locale, saved.version()), Json.encode(saved));
      return saved;
    });
  }

  @Override
  public Future<Optional<TextVersion>> version(String locale, long version) {
    return store.read(() -> EmbeddedStore.decode(textVersions().get(EmbeddedStore.seqKey(locale, version)), TextVersion.class));
  }

  @Override
  public Future<List<TextVersion>> versions(String locale) {
    return store.read(() -> {
      List<TextVersion> all = new ArrayList<>(EmbeddedStore.scan(textVersions(), locale).stream()
          .map(json -> Json.decode(json, TextVersion.class)).toList());
      Collections.reverse(all);
      return all;
    });
  }

  private Optional<TextVersion> latest(String locale) {
    List<String> all = EmbeddedStore.scan(textVersions(), locale);
    return all.isEmpty() ? Optional.empty() : Optional.of(Json.decode(all.get(all.size() - 1), TextVersion.class));
  }
}
