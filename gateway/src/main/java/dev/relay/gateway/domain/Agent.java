package dev.relay.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * A person who answers customers under their own name.
 *
 * @param capacity how many open conversations they take before new customers go to someone else
 * @param hours    when they work (calls are placed then); null: their team's or the company's hours
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
    WorkingHours hours) {

  public Agent {
    skills = List.copyOf(skills);
    languages = List.copyOf(languages);
  }

  public Agent withPresence(Presence next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, next, createdAt, hours);
  }

  public Agent withHours(WorkingHours next) {
    return new Agent(id, name, email, phone, team, skills, languages, capacity, presence, createdAt, next);
  }

  public boolean online() {
    return presence == Presence.ONLINE;
  }
}
