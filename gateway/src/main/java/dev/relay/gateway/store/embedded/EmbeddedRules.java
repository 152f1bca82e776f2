package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RuleVersion;
import dev.relay.gateway.store.RuleStore;
import dev.relay.gateway.store.rules.RuleVersions;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;

final class EmbeddedRules implements RuleStore {

  private static final String KEY = "rules";
  private final EmbeddedStore store;
  private final Clock clock;

  /** {@code clock} stamps when each version was saved. */
  EmbeddedRules(EmbeddedStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private MVMap<String, String> ruleVersions() {
    return store.map("rule-versions");
  }

  @Override
  public Future<Optional<RuleVersion>> current() {
    return store.read(() -> Optional.ofNullable(ruleVersions().lastKey())
        .filter(k -> k.startsWith(KEY + EmbeddedStore.SEP))
        .map(k -> Json.decode(ruleVersions().get(k), RuleVersion.class)));
  }

  @Override
  public Future<RuleVersion> save(String source, String author, String note, long expectedVersion) {
    return store.write(() -> {
      String last = ruleVersions().lastKey();
      long current = last == null ? 0 : Json.decode(ruleVersions().get(last), RuleVersion.class).version();
      RuleVersion saved = RuleVersions.next(current, expectedVersion, source, author, note, clock.instant());
      ruleVersions().put(EmbeddedStore.seqKey(KEY, saved.version()), Json.encode(saved));
      return saved;
    });
  }

  @Override
  public Future<Optional<RuleVersion>> version(long version) {
    return store.read(() -> EmbeddedStore.decode(ruleVersions().get(EmbeddedStore.seqKey(KEY, version)), RuleVersion.class));
  }

  @Override
  public Future<List<RuleVersion>> versions() {
    return store.read(() -> {
      List<RuleVersion> all = new ArrayList<>(EmbeddedStore.scan(ruleVersions(), KEY).stream()
          .map(json -> Json.decode(json, RuleVersion.class)).toList());
      Collections.reverse(all);
      return all;
    });
  }

}
