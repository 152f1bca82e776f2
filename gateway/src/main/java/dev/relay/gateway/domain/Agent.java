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
 * @param presence      what they chose (available or away); whether they are reachable is computed
 * @param seenAt        when a desk or stream of theirs was last seen open, or null: never
 * @param reachability  what was last computed (changes are published); null counts as away
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
    Instant deactivatedAt,
    Instant seenAt,
    Reachability reachability) {

  /** Agents answer their customers; supervisors read every conversation; admins run Relay too. */
  public enum Role { AGENT, SUPERVISOR, ADMIN }

  public Agent {
    skills = List.copyOf(skills);
    languages = List.copyOf(languages);
    role = role == null ? Role.AGENT : role;
  }

  public Agent withPresence(Presence next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, next, createdAt, hours, role,
        deactivatedAt, seenAt, reachability);
  }

  public Agent withHours(WorkingHours next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, next, role,
        deactivatedAt, seenAt, reachability);
  }

  /** What an admin edits; presence, hours and history are the agent's own. */
  public Agent withProfile(String nextName, String nextEmail, String nextPhone, String nextTeam, List<String> nextSkills,
                           List<String> nextLanguages, int nextCapacity, Role nextRole) {
    return new Agent(id, nextName, nextEmail, nextPhone, nextTeam, nextSkills, nextLanguages, nextCapacity, presence,
        createdAt, hours, nextRole, deactivatedAt, seenAt, reachability);
  }

  /** Gone for good: offline, and never online again. */
  public Agent deactivated(Instant at) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, Presence.OFFLINE, createdAt, hours, role,
        at, seenAt, reachability);
  }

  public Agent seen(Instant at) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, hours, role,
        deactivatedAt, at, reachability);
  }

  public Agent withReachability(Reachability next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, hours, role,
        deactivatedAt, seenAt, next);
  }

  /** They chose to be available and still work here (whether they are reachable also depends on their hours and desk). */
  public boolean available() {
    return presence == Presence.ONLINE && active();
  }

  public boolean active() {
    return deactivatedAt == null;
  }
}
