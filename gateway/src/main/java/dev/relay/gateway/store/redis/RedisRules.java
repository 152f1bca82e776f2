package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.RuleVersion;
import dev.relay.gateway.store.RuleStore;
import dev.relay.gateway.store.rules.RuleVersions;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@code rules:current} → the version in force; {@code rules:version:<n>} JSON; {@code rules:versions} all numbers. */
final class RedisRules implements RuleStore {

  private static final String CURRENT = RedisStore.key("rules", "current");
  private static final String VERSIONS = RedisStore.key("rules", "versions");
  private final RedisStore store;
  private final Clock clock;
  private final String saveScript = RedisStore.script("save-rules");

  /** {@code clock} stamps when each version was saved. */
  RedisRules(RedisStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private static String record(long version) {
    return RedisStore.key("rules", "version", Long.toString(version));
  }

  private Future<Long> currentNumber() {
    return store.send(Command.GET, CURRENT).map(v -> v == null ? 0L : v.toLong());
  }

  @Override
  public Future<Optional<RuleVersion>> current() {
    return currentNumber().compose(n -> n == 0 ? Future.succeededFuture(Optional.<RuleVersion>empty()) : version(n));
  }

  @Override
  public Future<RuleVersion> save(String source, String author, String note, long expectedVersion) {
    return currentNumber().compose(current -> {
      RuleVersion saved = RuleVersions.next(current, expectedVersion, source, author, note, clock.instant());
      return store.eval(saveScript, List.of(CURRENT, record(saved.version()), VERSIONS),
              List.of(Long.toString(saved.version()), Json.encode(saved)))
          .compose(r -> r.toInteger() == 1 ? Future.succeededFuture(saved)
              : save(source, author, note, expectedVersion));
    });
  }

  @Override
  public Future<Optional<RuleVersion>> version(long version) {
    return store.get(record(version), RuleVersion.class);
  }

  @Override
  public Future<List<RuleVersion>> versions() {
    return store.send(Command.ZRANGE, VERSIONS, 0, -1, "REV").compose(numbers -> store.getAll(
        RedisStore.strings(numbers).stream().map(n -> record(Long.parseLong(n))).toList(), RuleVersion.class));
  }
}
