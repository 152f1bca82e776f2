package dev.relay.gateway.quality;

import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * The quality loop (docs/agent-desk.md): the weekly sample of resolved conversations for review
 * and the reviews, recorded follow-up calls played through Relay, and the report per agent and
 * team. Registers the sampling job; {@link #start} plans this week's draw.
 */
public final class QualityFeature {

  private final QualitySampling sampling;
  private final ReviewRoutes reviews;
  private final RecordingRoutes recordings;
  private final ReportRoutes report;

  /** @param reviewsPerAgent conversations per agent drawn each week ({@code quality.reviewsPerAgent}) */
  public QualityFeature(Store store, Scheduler scheduler, AgentCalls calls, int reviewsPerAgent, Clock clock) {
    sampling = new QualitySampling(store, scheduler, reviewsPerAgent, clock);
    reviews = new ReviewRoutes(store, clock);
    recordings = new RecordingRoutes(store, calls, clock);
    report = new ReportRoutes(store, clock);
  }

  public void mount(Router router) {
    reviews.mount(router);
    recordings.mount(router);
    report.mount(router);
  }

  public Future<Void> start() {
    return sampling.start();
  }
}
