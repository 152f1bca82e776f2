package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Review;
import java.util.Comparator;

/** How both backends list reviews: newest week first, then by agent and conversation, the same every time. */
public final class ReviewOrder {

  public static final Comparator<Review> NEWEST_WEEK_FIRST = Comparator.comparing(Review::week).reversed()
      .thenComparing(Review::agentId).thenComparing(Review::conversationId);

  private ReviewOrder() {
  }
}
