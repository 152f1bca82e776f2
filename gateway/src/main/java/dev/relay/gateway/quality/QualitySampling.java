package dev.relay.gateway.quality;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Review;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly sample: every Monday at 00:00 UTC a durable job draws, for each agent, up to
 * {@code perAgent} of the conversations they resolved in the week that just ended, for a
 * supervisor's review, then plans next Monday's. The draw is deterministic: conversations are
 * ordered by a hash of the week and their id, so drawing the same week again (a job run twice, a
 * replica) draws the same ones, and nobody can tell in advance which will be drawn.
 */
final class QualitySampling {

  static final String JOB = "quality-sample";
  private static final Logger LOG = LoggerFactory.getLogger(QualitySampling.class);
  private static final int PAGE = 500;

  private final Store store;
  private final Scheduler scheduler;
  private final int perAgent;
  private final Clock clock;

  QualitySampling(Store store, Scheduler scheduler, int perAgent, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.perAgent = perAgent;
    this.clock = clock;
    scheduler.handle(JOB, this::run);
  }

  /** Plans the draw of the week under way (idempotent: each week's job has its own key). */
  Future<Void> start() {
    if (perAgent == 0) {
      return Future.succeededFuture();
    }
    return plan(weekUnderWay());
  }

  private LocalDate weekUnderWay() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private Future<Void> plan(LocalDate week) {
    return scheduler.schedule(JOB, JOB + ":" + week, week.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant(),
        Map.of("week", week.toString())).mapEmpty();
  }

  private Future<Void> run(Job job) {
    LocalDate week = LocalDate.parse(job.payload().get("week"));
    // After a long stop, the next draw is the week under way's: the weeks missed are not caught up one per tick.
    LocalDate next = week.plusDays(7);
    return draw(week).compose(drawn -> plan(next.isBefore(weekUnderWay()) ? weekUnderWay() : next));
  }

  /** Draws the sample of the week starting on {@code week} (a Monday); answers the reviews it added. */
  Future<List<Review>> draw(LocalDate week) {
    Instant from = week.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = from.plus(java.time.Duration.ofDays(7));
    Instant now = clock.instant();
    Map<String, TreeMap<String, Conversation>> byAgent = new HashMap<>();
    return store.conversations().forEachPage(PAGE, page -> {
      // Each agent's lowest ranks so far, no more than the sample: a page at a time, never every conversation.
      page.stream()
          .filter(c -> c.status() == Conversation.Status.RESOLVED && c.agentId() != null
              && !c.resolvedAt().isBefore(from) && c.resolvedAt().isBefore(to))
          .forEach(c -> {
            TreeMap<String, Conversation> theirs = byAgent.computeIfAbsent(c.agentId(), k -> new TreeMap<>());
            theirs.put(rank(week, c.id()), c);
            if (theirs.size() > perAgent) {
              theirs.pollLastEntry();
            }
          });
      return Future.succeededFuture();
    }).compose(read -> {
      List<Review> drawn = new ArrayList<>();
      byAgent.values().forEach(theirs -> theirs.values().forEach(c -> drawn.add(Review.drawn(week.toString(), c, now))));
      Future<List<Review>> added = Future.succeededFuture(new ArrayList<>());
      for (Review review : drawn) {
        added = added.compose(list -> store.reviews().add(review).map(stored -> {
          if (stored) {
            list.add(review);
          }
          return list;
        }));
      }
      return added;
    }).onSuccess(added -> LOG.atInfo().addKeyValue("week", week).addKeyValue("drawn", added.size())
        .log("conversations drawn for review"));
  }

  private static String rank(LocalDate week, String conversationId) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((week + "/" + conversationId).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
