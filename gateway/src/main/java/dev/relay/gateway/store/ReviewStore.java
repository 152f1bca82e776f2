package dev.relay.gateway.store;

import dev.relay.gateway.domain.Review;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The weekly samples of resolved conversations and their reviews. */
public interface ReviewStore {

  /** Stores a drawn review unless one with its id is kept already (a sample drawn twice); true when stored. */
  Future<Boolean> add(Review review);

  Future<Optional<Review>> get(String id);

  /** Every review, or one agent's when {@code agentId} is not null, newest week first. */
  Future<List<Review>> list(String agentId);

  /** Changes a review atomically; fails with {@code not_found}. */
  Future<Review> update(String id, UnaryOperator<Review> change);

  /** False when unknown. */
  Future<Boolean> delete(String id);
}
