package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * A person who answers customers under their own name.
 *
 * @param capacity how many open conversations they take before new customers go to someone else
 * @param hours    when they work (calls are placed then); null: their team's or the company's hours
 * @param presence what they chose (available or away); whether they are reachable is computed
 * @param seenAt   when a desk or stream of theirs was last seen open, or null: never
 * @param reachability what was last computed (changes are published); null counts as away
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
    Instant seenAt,
    Reachability reachability) {

  public Agent {
    skills = List.copyOf(skills);
    languages = List.copyOf(languages);
  }

  public Agent withPresence(Presence next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, next, createdAt, hours, seenAt,
        reachability);
  }

  public Agent withHours(WorkingHours next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, next, seenAt,
        reachability);
  }

  public Agent withCapacity(int next) {
    return new Agent(id, name, email, phone, team, skills, languages, next, presence, createdAt, hours, seenAt,
        reachability);
  }

  public Agent seen(Instant at) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, hours, at,
        reachability);
  }

  public Agent withReachability(Reachability next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, hours, seenAt,
        next);
  }

  /** They chose to be available (whether they are reachable also depends on their hours and desk). */
  public boolean available() {
    return presence == Presence.ONLINE;
  }
}
