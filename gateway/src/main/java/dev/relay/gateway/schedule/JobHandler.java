package dev.relay.gateway.schedule;

import io.vertx.core.Future;

/** Runs one kind of job. A failed future is retried with backoff; a succeeded one marks the job done. */
@FunctionalInterface
public interface JobHandler {

  Future<Void> run(Job job);
}
