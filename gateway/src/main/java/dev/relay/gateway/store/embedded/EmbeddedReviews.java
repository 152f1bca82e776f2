package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Review;
import dev.relay.gateway.store.ReviewStore;
import dev.relay.gateway.store.rules.ReviewOrder;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.h2.mvstore.MVMap;

/** {@code reviews}: review id → JSON; a sample is a few per agent a week, so listing reads them all. */
final class EmbeddedReviews implements ReviewStore {

  private final EmbeddedStore store;

  EmbeddedReviews(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> records() {
    return store.map("reviews");
  }

  @Override
  public Future<Boolean> add(Review review) {
    return store.write(() -> records().putIfAbsent(review.id(), Json.encode(review)) == null);
  }

  @Override
  public Future<Optional<Review>> get(String id) {
    return store.read(() -> EmbeddedStore.decode(records().get(id), Review.class));
  }

  @Override
  public Future<List<Review>> list(String agentId) {
    return store.read(() -> records().values().stream().map(json -> Json.decode(json, Review.class))
        .filter(r -> agentId == null || agentId.equals(r.agentId())).sorted(ReviewOrder.NEWEST_WEEK_FIRST).toList());
  }

  @Override
  public Future<Review> update(String id, UnaryOperator<Review> change) {
    return store.write(() -> EmbeddedStore.change(records(), id, Review.class, "review", change));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.write(() -> records().remove(id) != null);
  }
}
