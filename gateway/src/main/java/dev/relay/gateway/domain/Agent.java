package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * A person who answers customers under their own name.
 *
 * @param capacity      how many open conversations they take before new customers go to someone else
 * @param hours         when they work (calls are placed then); null: their team's or the company's hours
 * @param role          what they may do beyond answering their own customers; null (earlier records): agent
 * @param deactivatedAt when they left: from then on they cannot sign in and nobody is routed to them,
 *                      but what they wrote stays under their name; null while active
 */
public record Agent(
    String id,
    String name,
    String email,
    String phone,
    String team,
    List<String> skills,
    List<String> languages,
    int capacity,
    Presence presence,
    Instant createdAt,
    WorkingHours hours,
    Role role,
    Instant deactivatedAt) {

  /** Agents answer their customers; supervisors read every conversation; admins run Relay too. */
  public enum Role { AGENT, SUPERVISOR, ADMIN }

  public Agent {
    skills = List.copyOf(skills);
    languages = List.copyOf(languages);
    role = role == null ? Role.AGENT : role;
  }

  public Agent withPresence(Presence next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, next, createdAt, hours, role,
        deactivatedAt);
  }

  public Agent withHours(WorkingHours next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, next, role,
        deactivatedAt);
  }

  /** What an admin edits; presence, hours and history are the agent's own. */
  public Agent withProfile(String nextName, String nextEmail, String nextPhone, String nextTeam, List<String> nextSkills,
                           List<String> nextLanguages, int nextCapacity, Role nextRole) {
    return new Agent(id, nextName, nextEmail, nextPhone, nextTeam, nextSkills, nextLanguages, nextCapacity, presence,
        createdAt, hours, nextRole, deactivatedAt);
  }

  /** Gone for good: offline, and never online again. */
  public Agent deactivated(Instant at) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, Presence.OFFLINE, createdAt, hours, role,
        at);
  }

  public boolean online() {
    return presence == Presence.ONLINE && active();
  }

  public boolean active() {
    return deactivatedAt == null;
  }
}
