package dev.relay.gateway.store.rules;

import dev.relay.gateway.domain.Job;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code JobStore.list} answers: jobs matching every non-null filter (a payload filter needs
 * both key and value), soonest first. Both backends filter in memory, from all jobs.
 */
public record JobQuery(String kind, Job.State state, String payloadKey, String payloadValue) {

  private static final Comparator<Job> ORDER = Comparator.comparing(Job::dueAt).thenComparing(Job::id);

  public List<Job> select(Stream<Job> all) {
    return all
        .filter(j -> kind == null || kind.equals(j.kind()))
        .filter(j -> state == null || state == j.state())
        .filter(j -> payloadKey == null || payloadValue == null || payloadValue.equals(j.payload().get(payloadKey)))
        .sorted(ORDER)
        .toList();
  }
}
