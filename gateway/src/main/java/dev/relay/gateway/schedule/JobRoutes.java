package dev.relay.gateway.schedule;

import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.store.JobStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/** {@code /api/admin/jobs}: what is scheduled (follow-ups, owner waits, outbox retries), and cancelling it. */
public final class JobRoutes {

  private final JobStore jobs;

  public JobRoutes(JobStore jobs) {
    this.jobs = jobs;
  }

  public void mount(Router router) {
    router.get("/api/admin/jobs").handler(rc -> Api.respond(rc, 200, this::list));
    router.delete("/api/admin/jobs/:id").handler(rc -> Api.respond(rc, 200, this::cancel));
  }

  private Future<Map<String, Object>> list(RoutingContext rc) {
    String state = rc.queryParams().get("state");
    Job.State filter = null;
    if (state != null) {
      try {
        filter = Job.State.valueOf(state.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw RelayException.badRequest("bad_query", "state must be pending, done, cancelled or failed");
      }
    }
    String customer = rc.queryParams().get("customer");
    String agent = rc.queryParams().get("agent");
    if (customer != null && agent != null) {
      throw RelayException.badRequest("bad_query", "filter by customer or by agent, not both");
    }
    String key = customer != null ? "customerId" : agent != null ? "agentId" : null;
    String value = customer != null ? customer : agent;
    Page page = Page.of(rc);
    return jobs.list(rc.queryParams().get("kind"), filter, key, value)
        .map(items -> page.slice(items, j -> Page.oldestFirst(j.dueAt(), j.id())).answer());
  }

  private Future<Job> cancel(RoutingContext rc) {
    String id = rc.pathParam("id");
    return jobs.get(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("job " + id));
      }
      if (found.get().state() != Job.State.PENDING) {
        return Future.failedFuture(RelayException.conflict("not_pending", "the job is " + found.get().state()
            .name().toLowerCase(Locale.ROOT) + ", not pending"));
      }
      return jobs.update(id, j -> j.state() == Job.State.PENDING ? j.finished(Job.State.CANCELLED, "cancelled by "
          + Api.actor(rc)) : j);
    });
  }
}
