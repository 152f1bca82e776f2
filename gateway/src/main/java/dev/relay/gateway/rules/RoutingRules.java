package dev.relay.gateway.rules;

import dev.relay.gateway.domain.RuleVersion;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.ops.GatewayMetrics;
import dev.relay.gateway.store.Store;
import dev.relay.routing.CompiledRuleSet;
import dev.relay.routing.Decision;
import dev.relay.routing.InvalidRuleSetException;
import dev.relay.routing.RoutingEngine;
import dev.relay.routing.RoutingFacts;
import dev.relay.routing.RuleCompiler;
import dev.relay.routing.RuleError;
import io.vertx.core.Future;
import dev.relay.connector.spi.Signals;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules in force. Saving compiles and type-checks first (a bad set changes nothing), stores a
 * new version, audits it and swaps the compiled set in one step: the next message uses it, a
 * message already being routed finishes on the set it started with. Other replicas reload when
 * told on {@link #CHANGED}.
 */
public final class RoutingRules {

  public static final String CHANGED = "relay.routing-rules.changed";
  private static final Logger LOG = LoggerFactory.getLogger(RoutingRules.class);
  private static final String SHIPPED_DEFAULT = "/relay/rules/default.yaml";

  private final Vertx vertx;
  private final Signals signals;
  private final java.nio.file.Path initialRules;
  private final Store store;
  private final Clock clock;
  private final GatewayMetrics metrics;
  /**
   * A set whose conditions could together cost more than this per message (see the rule compiler's
   * estimate) is evaluated on a worker, in order, not on the event loop.
   */
  static final long INLINE_COST = 200_000;

  // Built by load() on a worker: CEL's compiler and runtime load and bind their classes for seconds on a cold JVM.
  private volatile RuleCompiler compiler;
  /** Sets stored before conditions had a cost limit still load; the engine's run-time budget bounds them. */
  private volatile RuleCompiler storedCompiler;
  private final RoutingEngine engine = new RoutingEngine();
  private volatile CompiledRuleSet current;

  /** @param initialRules rules to install on a new store instead of the shipped default, or null */
  public RoutingRules(Vertx vertx, Signals signals, Store store, Clock clock, java.nio.file.Path initialRules,
                      GatewayMetrics metrics) {
    this.metrics = metrics;
    this.initialRules = initialRules;
    this.vertx = vertx;
    this.signals = signals;
    this.store = store;
    this.clock = clock;
  }

  /** Loads the stored rules, or saves the shipped defaults as version 1 on a new install. */
  public Future<Void> load() {
    return vertx.executeBlocking(() -> {
      compiler = new RuleCompiler();
      storedCompiler = new RuleCompiler(Long.MAX_VALUE);
      return null;
    }, false).compose(built -> {
      vertx.eventBus().<String>localConsumer(CHANGED, m -> {
        if (current == null || Long.parseLong(m.body()) > current.version()) {
          reloadFromStore().onFailure(err -> LOG.atError().setCause(err).log("routing rules not reloaded"));
        }
      });
      return store.rules().current();
    }).compose(stored -> stored.isPresent()
        ? compile(storedCompiler, stored.get().source()).map(set -> set.withVersion(stored.get().version()))
        : shipped().compose(source -> save(source, "relay", initialRules == null ? "shipped default rules"
            : "installed from " + initialRules.getFileName(), 0).map(v -> current)
            // Another replica installed them first.
            .recover(err -> err instanceof RelayException raced && "version_conflict".equals(raced.code())
                ? store.rules().current().compose(saved -> compile(storedCompiler, saved.orElseThrow().source())
                    .map(set -> set.withVersion(saved.get().version())))
                : Future.failedFuture(initialRules != null && err instanceof RelayException bad && !bad.details().isEmpty()
                    ? new dev.relay.gateway.config.ConfigException(bad.details().stream()
                        .map(d -> "rules.initialFile " + initialRules + ": " + d).toList())
                    : err))))
        .onSuccess(set -> {
          current = set;
          LOG.atInfo().addKeyValue("version", set.version()).addKeyValue("rules", set.rules().rules().size())
              .log("routing rules loaded");
        })
        .mapEmpty();
  }

  private Future<CompiledRuleSet> reloadFromStore() {
    return store.rules().current().compose(stored -> compile(storedCompiler, stored.orElseThrow().source())
        .map(set -> set.withVersion(stored.get().version())))
        .onSuccess(set -> current = set);
  }

  private Future<String> shipped() {
    return vertx.executeBlocking(() -> {
      if (initialRules != null) {
        return java.nio.file.Files.readString(initialRules);
      }
      try (InputStream in = RoutingRules.class.getResourceAsStream(SHIPPED_DEFAULT)) {
        if (in == null) {
          throw new IOException(SHIPPED_DEFAULT + " is missing from the jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    });
  }

  public CompiledRuleSet current() {
    return current;
  }

  public Future<Decision> decide(RoutingFacts facts) {
    return decide(current, facts);
  }

  /** A small set is decided at once; a large one on a worker (ordered: messages keep their order). */
  public Future<Decision> decide(CompiledRuleSet rules, RoutingFacts facts) {
    boolean onWorker = rules.cost() > INLINE_COST;
    metrics.ruleDecision(onWorker);
    return onWorker ? vertx.executeBlocking(() -> engine.decide(rules, facts), true)
        : Future.succeededFuture(engine.decide(rules, facts));
  }

  /** Compiles off the event loop (type-checking a large set takes milliseconds); invalid → 422 with every error. */
  public Future<CompiledRuleSet> compile(String source) {
    return compile(compiler, source);
  }

  private Future<CompiledRuleSet> compile(RuleCompiler with, String source) {
    return vertx.<CompiledRuleSet>executeBlocking(() -> with.compile(source), false)
        .recover(err -> Future.failedFuture(err instanceof InvalidRuleSetException invalid ? invalid(invalid.errors()) : err));
  }

  static RelayException invalid(List<RuleError> errors) {
    return RelayException.invalid(errors.stream().map(RuleError::toString).toList());
  }

  /** Validates, stores as the next version (checking {@code expectedVersion} when ≥ 0), audits, applies. */
  public Future<RuleVersion> save(String source, String actor, String note, long expectedVersion) {
    return compile(source).compose(compiled -> store.rules().save(source, actor, note, expectedVersion)
        .compose(saved -> {
          current = compiled.withVersion(saved.version());
          signals.publish(CHANGED, Long.toString(saved.version()));
          LOG.atInfo().addKeyValue("version", saved.version()).addKeyValue("actor", actor).log("routing rules saved");
          return store.audit().append(actor, "routing-rules.saved", "routing-rules",
              Map.of("version", saved.version(), "note", note == null ? "" : note), clock.instant()).map(saved);
        }));
  }

  public Future<RuleVersion> currentVersion() {
    return store.rules().current().map(v -> v.orElseThrow(() -> RelayException.unavailable("routing rules not loaded")));
  }

  public Future<java.util.Optional<RuleVersion>> version(long version) {
    return store.rules().version(version);
  }

  public Future<List<RuleVersion>> versions() {
    return store.rules().versions();
  }

  public Future<RuleVersion> restore(long version, String actor) {
    return store.rules().version(version).compose(found -> found.isEmpty()
        ? Future.failedFuture(RelayException.notFound("routing rules version " + version))
        : save(found.get().source(), actor, "restored from version " + version, -1));
  }
}
