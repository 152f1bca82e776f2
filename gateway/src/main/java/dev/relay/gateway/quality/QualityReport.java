package dev.relay.gateway.quality;

import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.followup.FollowUps;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The figures of the quality loop per agent over a period, from the timeline and the jobs as stored
 * (not from counters kept on the side, so a report of last month is as right as today's):
 * <ul>
 *   <li>first responses: conversations opened in the period, from their opening to the first
 *       agent's reply (as {@code ResponseTimes} measures them), counted for the agent who answered;
 *   <li>satisfaction: surveys asked in the period and their scores, for the agent they rate;
 *   <li>follow-ups: an answered call or a check-in written instead of a call (done), a message
 *       written after every call went unanswered (not answered), a pending follow-up cancelled
 *       (the customer wrote first, a new resolution replaced it), and of those done or not
 *       answered, the ones after which the customer came back within {@link #CAME_BACK} (the
 *       conversation was reopened, or they opened a new one): a problem reopened;
 *   <li>callbacks: the first call of each promised callback, on time when placed no later than
 *       {@link #ON_TIME} after the time promised; a callback that could only be written, or whose
 *       job failed, was due and not kept.
 * </ul>
 */
final class QualityReport {

  static final Duration ON_TIME = Duration.ofMinutes(10);
  static final Duration CAME_BACK = Duration.ofDays(7);

  /** Conversations read a page at a time, each page's timelines together. */
  private static final int PAGE = 200;

  private final Store store;

  QualityReport(Store store) {
    this.store = store;
  }

  /** Every agent's tally for the period, by agent id (agents with nothing to count have an empty one). */
  Future<Map<String, Tally>> tallies(ReportPeriod period) {
    Map<String, Tally> tallies = new HashMap<>();
    Function<String, Tally> of = id -> tallies.computeIfAbsent(id, k -> new Tally());
    List<FollowedUp> followedUp = new ArrayList<>();
    return store.agents().list()
        .onSuccess(agents -> agents.forEach(a -> of.apply(a.id())))
        .compose(agents -> store.conversations().forEachPage(PAGE, page -> countPage(period, page, of, followedUp)))
        .compose(v -> cameBack(followedUp))
        .compose(v -> countJobs(period, of))
        .map(tallies);
  }

  /** One page of conversations (those opened after the period have nothing in it), their timelines read together. */
  private Future<Void> countPage(ReportPeriod period, List<Conversation> page, Function<String, Tally> of,
                                 List<FollowedUp> followedUp) {
    List<Conversation> before = page.stream().filter(c -> c.openedAt().isBefore(period.end())).toList();
    List<Future<List<Message>>> timelines = before.stream().map(c -> store.messages().ofConversation(c.id())).toList();
    return Future.all(timelines).map(done -> {
      for (int i = 0; i < before.size(); i++) {
        count(period, before.get(i), timelines.get(i).result(), of, followedUp);
      }
      return null;
    });
  }

  /** The follow-ups after which the customer came back: read per customer, only for those in the period. */
  private Future<Void> cameBack(List<FollowedUp> followedUp) {
    return Future.all(followedUp.stream().map(f -> store.conversations().ofCustomer(f.conversation().customerId())
        .onSuccess(theirs -> {
          if (cameBack(f.conversation(), f.at(), theirs)) {
            f.tally().followUpsReopened++;
          }
        })).toList()).mapEmpty();
  }

  /** Follow-ups cancelled and callbacks whose job failed, by the time they were due. */
  private Future<Void> countJobs(ReportPeriod period, Function<String, Tally> of) {
    return Future.all(store.jobs().list(FollowUps.JOB, Job.State.CANCELLED, null, null),
            store.jobs().list(Callbacks.JOB, Job.State.FAILED, null, null))
        .map(both -> {
          Stream.concat(both.<List<Job>>resultAt(0).stream(), both.<List<Job>>resultAt(1).stream()).forEach(job -> {
            String agentId = job.payload().get("agentId");
            if (agentId != null && period.contains(job.dueAt())) {
              if (FollowUps.JOB.equals(job.kind())) {
                of.apply(agentId).followUpsCancelled++;
              } else {
                of.apply(agentId).callbacksDue++;
              }
            }
          });
          return null;
        });
  }

  /** A follow-up done or not answered at {@code at}, counted for {@code tally} if the customer came back after it. */
  private record FollowedUp(Conversation conversation, Instant at, Tally tally) {
  }

  private static void count(ReportPeriod period, Conversation conversation, List<Message> timeline,
                            Function<String, Tally> of, List<FollowedUp> followedUp) {
    if (period.contains(conversation.openedAt())) {
      Optional<Message> first = timeline.stream().filter(QualityReport::reply).findFirst();
      if (first.isPresent()) {
        of.apply(first.get().author().id()).firstResponseSeconds
            .add(Duration.between(conversation.openedAt(), first.get().at()).toSeconds());
      } else if (conversation.agentId() != null) {
        of.apply(conversation.agentId()).waiting++;
      }
    }
    if (conversation.satisfaction() != null && period.contains(conversation.satisfaction().askedAt())) {
      Tally tally = of.apply(conversation.satisfaction().agentId());
      tally.surveysAsked++;
      if (conversation.satisfaction().score() != null) {
        tally.scores[conversation.satisfaction().score() - 1]++;
      }
    }
    for (Message m : timeline) {
      if (!period.contains(m.at()) || m.author() == null || m.author().id() == null) {
        continue;
      }
      String kind = m.attributes().getOrDefault("kind", "");
      Tally tally = of.apply(m.author().id());
      boolean afterCalls = "true".equals(m.attributes().get("afterCalls"));
      if (kind.equals(AgentCalls.callKind(FollowUps.JOB)) && "answered".equals(m.attributes().get("outcome"))
          || kind.equals(AgentCalls.writtenKind(FollowUps.JOB))) {
        if (kind.equals(AgentCalls.writtenKind(FollowUps.JOB)) && afterCalls) {
          tally.followUpsNotAnswered++;
        } else {
          tally.followUpsDone++;
        }
        followedUp.add(new FollowedUp(conversation, m.at(), tally));
      } else if (kind.equals(AgentCalls.callKind(Callbacks.JOB)) && "1".equals(m.attributes().get("attempt"))) {
        tally.callbacksDue++;
        String due = m.attributes().get(AgentCalls.DUE);
        if (due != null && !m.at().isAfter(Instant.parse(due).plus(ON_TIME))) {
          tally.callbacksOnTime++;
        }
      } else if (kind.equals(AgentCalls.writtenKind(Callbacks.JOB)) && !afterCalls) {
        tally.callbacksDue++;
      }
    }
  }

  /** An agent's answer to the customer: not a call, nor what was written instead of one. */
  private static boolean reply(Message m) {
    return m.direction() == Message.Direction.OUTBOUND && m.author() != null && "agent".equals(m.author().kind())
        && !AgentCalls.CHANNEL.equals(m.channel()) && !m.attributes().containsKey("afterCalls");
  }

  /** After a follow-up at {@code at}: the conversation reopened, or the customer opened another within a week. */
  private static boolean cameBack(Conversation followedUp, Instant at, List<Conversation> theirs) {
    Instant until = at.plus(CAME_BACK);
    if (followedUp.isOpen() && followedUp.updatedAt().isAfter(at)
        || followedUp.resolvedAt() != null && followedUp.resolvedAt().isAfter(at)) {
      return true;
    }
    return theirs.stream().anyMatch(c -> !c.id().equals(followedUp.id()) && c.openedAt().isAfter(at)
        && c.openedAt().isBefore(until));
  }
}
