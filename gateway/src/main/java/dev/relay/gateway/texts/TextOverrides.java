package dev.relay.gateway.texts;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.TextVersion;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admins' wording, per locale: checked, saved as the locale's next version, audited, and used at
 * once, here and (through {@link Signals}) on every other replica.
 */
public final class TextOverrides {

  public static final String CHANGED = "relay.texts.changed";
  private static final Logger LOG = LoggerFactory.getLogger(TextOverrides.class);

  private final Vertx vertx;
  private final Signals signals;
  private final Store store;
  private final Texts texts;
  private final Clock clock;

  public TextOverrides(Vertx vertx, Signals signals, Store store, Texts texts, Clock clock) {
    this.vertx = vertx;
    this.signals = signals;
    this.store = store;
    this.texts = texts;
    this.clock = clock;
  }

  /** Applies every locale's saved overrides, and follows other replicas' saves. */
  public Future<Void> load() {
    vertx.eventBus().<String>localConsumer(CHANGED, m -> reload(m.body())
        .onFailure(err -> LOG.atError().addKeyValue("locale", m.body()).setCause(err).log("texts not reloaded")));
    return Future.all(TextCatalogue.LOCALES.stream().map(this::reload).toList()).mapEmpty();
  }

  private Future<Void> reload(String locale) {
    return store.texts().current(locale).map(saved -> {
      saved.ifPresent(v -> apply(v));
      return null;
    });
  }

  private synchronized void apply(TextVersion version) {
    texts.use(texts.catalogue().withOverrides(version.locale(), version.texts()));
  }

  /** The overrides in force for {@code locale}: version 0 with none before any was saved. */
  public Future<TextVersion> current(String locale) {
    String tag = shipped(locale);
    return store.texts().current(tag).map(v -> v.orElse(new TextVersion(tag, 0, Map.of(), null, null, null)));
  }

  /**
   * Replaces {@code locale}'s overrides with {@code overrides} (a key left out speaks the shipped
   * words again). Every problem at once → 422, nothing saved; {@code expectedVersion >= 0} guards
   * against a lost update.
   */
  public Future<TextVersion> save(String locale, Map<String, String> overrides, String actor, String note,
                                  long expectedVersion) {
    String tag = shipped(locale);
    List<String> problems = TextCatalogue.problems(overrides);
    if (!problems.isEmpty()) {
      return Future.failedFuture(RelayException.invalid(problems));
    }
    return store.texts().save(tag, overrides, actor, note, expectedVersion).compose(saved -> {
      apply(saved);
      signals.publish(CHANGED, tag);
      LOG.atInfo().addKeyValue("locale", tag).addKeyValue("version", saved.version()).addKeyValue("actor", actor)
          .log("texts saved");
      return store.audit().append(actor, "texts.saved", "texts/" + tag, Map.of("version", saved.version(),
          "keys", List.copyOf(new TreeSet<>(saved.texts().keySet())), "note", note == null ? "" : note),
          clock.instant()).map(saved);
    });
  }

  public Future<List<TextVersion>> versions(String locale) {
    return store.texts().versions(shipped(locale));
  }

  public Future<Optional<TextVersion>> version(String locale, long version) {
    return store.texts().version(shipped(locale), version);
  }

  public Future<TextVersion> restore(String locale, long version, String actor) {
    return version(locale, version).compose(found -> found.isEmpty()
        ? Future.failedFuture(RelayException.notFound(shipped(locale) + " texts version " + version))
        : save(locale, found.get().texts(), actor, "restored from version " + version, -1));
  }

  /** {@code locale} exactly as one Relay ships ({@code fr-ca} → {@code fr-CA}); any other is not found. */
  static String shipped(String locale) {
    return TextCatalogue.LOCALES.stream().filter(l -> l.equalsIgnoreCase(locale)).findFirst()
        .orElseThrow(() -> RelayException.notFound("texts for " + locale + " (Relay speaks "
            + String.join(", ", TextCatalogue.LOCALES) + ")"));
  }
}
