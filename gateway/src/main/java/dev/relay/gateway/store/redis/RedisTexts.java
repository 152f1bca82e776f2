package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.TextVersion;
import dev.relay.gateway.store.TextStore;
import dev.relay.gateway.store.rules.TextVersions;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code texts:<locale>:current} → the version in force; {@code texts:<locale>:version:<n>} JSON;
 * {@code texts:<locale>:versions} all numbers. Saved by the same script as routing rules.
 */
final class RedisTexts implements TextStore {

  private final RedisStore store;
  private final Clock clock;
  private final String saveScript = RedisStore.script("save-rules");

  /** {@code clock} stamps when each version was saved. */
  RedisTexts(RedisStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private static String currentKey(String locale) {
    return RedisStore.key("texts", locale, "current");
  }

  private static String versionsKey(String locale) {
    return RedisStore.key("texts", locale, "versions");
  }

  private static String record(String locale, long version) {
    return RedisStore.key("texts", locale, "version", Long.toString(version));
  }

  private Future<Long> currentNumber(String locale) {
    return store.send(Command.GET, currentKey(locale)).map(v -> v == null ? 0L : v.toLong());
  }

  @Override
  public Future<Optional<TextVersion>> current(String locale) {
    return currentNumber(locale).compose(n -> n == 0 ? Future.succeededFuture(Optional.<TextVersion>empty())
        : version(locale, n));
  }

  @Override
  public Future<TextVersion> save(String locale, Map<String, String> texts, String author, String note,
                                  long expectedVersion) {
    return currentNumber(locale).compose(now -> {
      TextVersion saved = TextVersions.next(locale, now, expectedVersion, texts, author, note, clock.instant());
      return store.eval(saveScript, List.of(currentKey(locale), record(locale, saved.version()), versionsKey(locale)),
              List.of(Long.toString(saved.version()), Json.encode(saved)))
          // Another replica saved meanwhile: try again on top of theirs (or fail as stale when expected).
          .compose(r -> r.toInteger() == 1 ? Future.succeededFuture(saved)
              : save(locale, texts, author, note, expectedVersion));
    });
  }

  @Override
  public Future<Optional<TextVersion>> version(String locale, long version) {
    return store.get(record(locale, version), TextVersion.class);
  }

  @Override
  public Future<List<TextVersion>> versions(String locale) {
    return store.send(Command.ZRANGE, versionsKey(locale), 0, -1, "REV").compose(numbers -> store.getAll(
        RedisStore.strings(numbers).stream().map(n -> record(locale, Long.parseLong(n))).toList(), TextVersion.class));
  }
}
