package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.AgentTokens;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Identities;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.http.Fields;
import dev.relay.gateway.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/admin/agents}: admins create agents (the token is shown once) and list them. */
public final class AgentAdminRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AgentAdminRoutes.class);
  private static final Set<String> FIELDS = Set.of("name", "email", "phone", "team", "skills", "languages", "capacity");
  static final int DEFAULT_CAPACITY = 5;

  private final AgentStore agents;
  private final PhoneNumbers phones;
  private final Clock clock;

  public AgentAdminRoutes(AgentStore agents, PhoneNumbers phones, Clock clock) {
    this.agents = agents;
    this.phones = phones;
    this.clock = clock;
  }

  /** Mounts on a router whose requests are already checked to be the admin's. */
  public void mount(Router admin) {
    admin.post("/api/admin/agents").handler(rc -> Api.respond(rc, 201, this::create));
    admin.get("/api/admin/agents").handler(rc -> Api.respond(rc, 200, r -> {
      Page page = Page.of(r);
      return agents.list().map(list -> page.slice(list, a -> Page.oldestFirst(a.createdAt(), a.id())).answer());
    }));
  }

  /** The new agent and their token, which is not stored and cannot be shown again. */
  public record Created(Agent agent, String token) {
  }

  private Future<Created> create(RoutingContext rc) {
    Fields fields = new Fields(Api.body(rc), FIELDS);
    String name = fields.requiredString("name", 100);
    String rawEmail = fields.requiredString("email", 254);
    String rawPhone = fields.optionalString("phone", 40);
    String team = fields.optionalString("team", 60);
    List<String> skills = fields.optionalStrings("skills", 50, 60);
    List<String> languages = fields.optionalStrings("languages", 20, 20);
    int capacity = fields.optionalInt("capacity", 1, 1000, DEFAULT_CAPACITY);
    String email = rawEmail == null ? null : Identities.email(rawEmail).orElse(null);
    if (rawEmail != null && email == null) {
      fields.problem("email: not an e-mail address");
    }
    // The agent's own phone, as they write it at the office: "06 98 76 54 32" is read in company.region.
    PhoneNumbers.Parsed read = rawPhone == null ? null : phones.ofCompany(rawPhone);
    if (read instanceof PhoneNumbers.Parsed.Invalid invalid) {
      fields.problem(invalid.problem().describe("phone", invalid.regions()));
    }
    String phone = read instanceof PhoneNumbers.Parsed.Valid valid ? valid.e164() : null;
    fields.check();
    String token = AgentTokens.newToken();
    Agent agent = new Agent(Ids.next("agt"), name, email, phone, team == null ? null : team.toLowerCase(),
        skills, languages, capacity, Presence.OFFLINE, clock.instant(), null);
    return agents.create(agent, AgentTokens.hash(token)).map(created -> {
      LOG.atInfo().addKeyValue("agent", created.id()).addKeyValue("team", created.team()).log("agent created");
      return new Created(created, token);
    });
  }
}
