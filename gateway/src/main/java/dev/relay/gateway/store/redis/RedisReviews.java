package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Review;
import dev.relay.gateway.store.ReviewStore;
import dev.relay.gateway.store.redis.RedisStore.Op;
import dev.relay.gateway.store.rules.ReviewOrder;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code review:<id>} JSON, and the set {@code reviews} of their ids, written with the record. */
final class RedisReviews implements ReviewStore {

  private static final String ALL = RedisStore.key("reviews");
  private final RedisStore store;

  RedisReviews(RedisStore store) {
    this.store = store;
  }

  private static String key(String id) {
    return RedisStore.key("review", id);
  }

  @Override
  public Future<Boolean> add(Review review) {
    return store.write(key(review.id()), null, Json.encode(review), List.of(Op.sadd(ALL, review.id())))
        .map(RedisStore.Written::ok);
  }

  @Override
  public Future<Optional<Review>> get(String id) {
    return store.get(key(id), Review.class);
  }

  @Override
  public Future<List<Review>> list(String agentId) {
    return store.send(Command.SMEMBERS, ALL)
        .compose(ids -> store.getAll(RedisStore.strings(ids).stream().map(RedisReviews::key).toList(), Review.class))
        .map(all -> all.stream().filter(r -> agentId == null || agentId.equals(r.agentId()))
            .sorted(ReviewOrder.NEWEST_WEEK_FIRST).toList());
  }

  @Override
  public Future<Review> update(String id, UnaryOperator<Review> change) {
    return store.update(key(id), Review.class, "review", change, (before, after) -> List.of());
  }

  @Override
  public Future<Boolean> delete(String id) {
    return store.delete(key(id), Review.class, review -> List.of(Op.srem(ALL, review.id())));
  }
}
