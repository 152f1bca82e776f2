package dev.relay.gateway.survey;

import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Satisfaction;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Survey answers per agent: {@code GET /api/admin/satisfaction} for everyone,
 * {@code GET /api/agents/me/satisfaction} for the caller's own.
 */
public final class SatisfactionReport {

  private final Store store;

  public SatisfactionReport(Store store) {
    this.store = store;
  }

  /**
   * @param asked     surveys sent for this agent's conversations
   * @param responses surveys answered
   * @param average   mean score of the answers, or null without any
   * @param scores    how many answers gave each score, 1 to 5
   */
  public record AgentSatisfaction(String agentId, String name, int asked, int responses, Double average, int[] scores) {
  }

  public void mount(Router router) {
    router.get("/api/admin/satisfaction").handler(rc -> Api.respond(rc, 200,
        r -> report().map(items -> Map.of("items", items))));
    router.get("/api/agents/me/satisfaction").handler(rc -> Api.respond(rc, 200, r -> {
      String me = Api.agent(r).agent().id();
      return report().map(items -> items.stream().filter(i -> i.agentId().equals(me)).findFirst().orElseThrow());
    }));
  }

  private Future<List<AgentSatisfaction>> report() {
    return store.agents().list().compose(agents -> store.conversations().list(null, Conversation.Status.RESOLVED, false)
        .map(resolved -> agents.stream().map(agent -> of(agent, resolved)).toList()));
  }

  private static AgentSatisfaction of(Agent agent, List<Conversation> conversations) {
    List<Satisfaction> theirs = conversations.stream().map(Conversation::satisfaction).filter(Objects::nonNull)
        .filter(s -> agent.id().equals(s.agentId())).toList();
    int[] scores = new int[5];
    theirs.stream().map(Satisfaction::score).filter(Objects::nonNull).forEach(score -> scores[score - 1]++);
    int responses = java.util.Arrays.stream(scores).sum();
    double total = theirs.stream().map(Satisfaction::score).filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
    return new AgentSatisfaction(agent.id(), agent.name(), theirs.size(), responses,
        responses == 0 ? null : Math.round(total / responses * 100) / 100.0, scores);
  }
}
