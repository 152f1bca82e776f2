package dev.relay.gateway.agents;

import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Identities;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.http.Fields;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What an admin says about an agent, from a create body (name and e-mail required) or a PATCH body
 * (only the fields present change; {@code null} clears phone and team). Every problem is reported
 * at once, before anything is stored.
 */
final class AgentForm {

  private static final Set<String> FIELDS = Set.of("name", "email", "phone", "team", "skills", "languages", "capacity",
      "role");
  static final int DEFAULT_CAPACITY = 5;

  private final JsonObject body;
  private final String name;
  private final String email;
  private final String phone;
  private final String team;
  private final List<String> skills;
  private final List<String> languages;
  private final int capacity;
  private final Agent.Role role;

  private AgentForm(JsonObject body, PhoneNumbers phones, boolean creating) {
    this.body = body;
    Fields fields = new Fields(body, FIELDS);
    boolean nameRequired = creating || body.containsKey("name");
    boolean emailRequired = creating || body.containsKey("email");
    name = nameRequired ? fields.requiredString("name", 100) : null;
    String rawEmail = emailRequired ? fields.requiredString("email", 254) : null;
    String rawPhone = fields.optionalString("phone", 40);
    String rawTeam = fields.optionalString("team", 60);
    skills = fields.optionalStrings("skills", 50, 60);
    languages = fields.optionalStrings("languages", 20, 20);
    capacity = fields.optionalInt("capacity", 1, 1000, DEFAULT_CAPACITY);
    role = body.getValue("role") == null ? Agent.Role.AGENT : fields.requiredEnum("role", Agent.Role.class);
    email = rawEmail == null ? null : Identities.email(rawEmail).orElse(null);
    if (rawEmail != null && email == null) {
      fields.problem("email: not an e-mail address");
    }
    // The agent's own phone, as they write it at the office: "06 98 76 54 32" is read in company.region.
    PhoneNumbers.Parsed read = rawPhone == null ? null : phones.ofCompany(rawPhone);
    if (read instanceof PhoneNumbers.Parsed.Invalid invalid) {
      fields.problem(invalid.problem().describe("phone", invalid.regions()));
    }
    phone = read instanceof PhoneNumbers.Parsed.Valid valid ? valid.e164() : null;
    team = rawTeam == null ? null : rawTeam.toLowerCase(Locale.ROOT);
    fields.check();
  }

  /** A new agent, offline until they sign in. */
  static Agent create(JsonObject body, PhoneNumbers phones, String id, Instant at) {
    AgentForm form = new AgentForm(body, phones, true);
    return new Agent(id, form.name, form.email, form.phone, form.team, form.skills, form.languages, form.capacity,
        Presence.OFFLINE, at, null, form.role, null);
  }

  /** The change a PATCH body asks for; fields it leaves out keep their value. */
  static UnaryOperator<Agent> edit(JsonObject body, PhoneNumbers phones) {
    AgentForm form = new AgentForm(body, phones, false);
    return a -> a.withProfile(
        form.given("name") ? form.name : a.name(),
        form.given("email") ? form.email : a.email(),
        form.given("phone") ? form.phone : a.phone(),
        form.given("team") ? form.team : a.team(),
        form.given("skills") ? form.skills : a.skills(),
        form.given("languages") ? form.languages : a.languages(),
        form.given("capacity") ? form.capacity : a.capacity(),
        form.given("role") ? form.role : a.role());
  }

  private boolean given(String field) {
    return body.containsKey(field);
  }
}
