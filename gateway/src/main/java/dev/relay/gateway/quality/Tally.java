package dev.relay.gateway.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * What a report counts for one agent, or for a team (its agents' tallies added): the raw
 * first-response times, so a team's median is of all its answers, not a median of medians.
 */
final class Tally {

  final List<Long> firstResponseSeconds = new ArrayList<>();
  int waiting;
  int surveysAsked;
  final int[] scores = new int[5];
  int followUpsDone;
  int followUpsNotAnswered;
  int followUpsCancelled;
  int followUpsReopened;
  int callbacksDue;
  int callbacksOnTime;

  void add(Tally other) {
    firstResponseSeconds.addAll(other.firstResponseSeconds);
    waiting += other.waiting;
    surveysAsked += other.surveysAsked;
    for (int i = 0; i < scores.length; i++) {
      scores[i] += other.scores[i];
    }
    followUpsDone += other.followUpsDone;
    followUpsNotAnswered += other.followUpsNotAnswered;
    followUpsCancelled += other.followUpsCancelled;
    followUpsReopened += other.followUpsReopened;
    callbacksDue += other.callbacksDue;
    callbacksOnTime += other.callbacksOnTime;
  }

  /**
   * @param answered       conversations opened in the period that had their first answer
   * @param waiting        those still without one
   * @param medianSeconds  the middle time (the mean of the two middle ones for an even count), null without any
   */
  record FirstResponse(int answered, int waiting, Long medianSeconds, Long averageSeconds) {
  }

  /** @param average mean score of the answers, to two decimals, null without any */
  record Csat(int asked, int answered, Double average, int[] scores) {
  }

  /** @param reopened of those done or not answered, how many the customer came back about within a week */
  record FollowUps(int done, int notAnswered, int cancelled, int reopened) {
  }

  /** @param onTime calls placed no later than {@link QualityReport#ON_TIME} after the time promised */
  record Callbacks(int due, int onTime) {
  }

  record Figures(FirstResponse firstResponse, Csat csat, FollowUps followUps, Callbacks callbacks) {
  }

  Figures figures() {
    List<Long> sorted = firstResponseSeconds.stream().sorted().toList();
    int n = sorted.size();
    Long median = n == 0 ? null : n % 2 == 1 ? sorted.get(n / 2) : Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    Long average = n == 0 ? null : Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0));
    int answered = 0;
    int total = 0;
    for (int i = 0; i < scores.length; i++) {
      answered += scores[i];
      total += scores[i] * (i + 1);
    }
    Double mean = answered == 0 ? null : Math.round(total * 100.0 / answered) / 100.0;
    return new Figures(new FirstResponse(n, waiting, median, average),
        new Csat(surveysAsked, answered, mean, scores.clone()),
        new FollowUps(followUpsDone, followUpsNotAnswered, followUpsCancelled, followUpsReopened),
        new Callbacks(callbacksDue, callbacksOnTime));
  }
}
