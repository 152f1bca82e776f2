package dev.relay.gateway.schedule;

import dev.relay.gateway.domain.Availability;
import dev.relay.gateway.domain.WorkingHours;
import dev.relay.gateway.domain.Agent;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which hours apply to an agent: their own, else their team's, else the company's; the team's and
 * the company's holidays apply to everyone in them. Nothing configured at all: any time.
 *
 * @param company the company's hours, or null
 * @param teams   team name → that team's hours
 */
public record AgentHours(WorkingHours company, Map<String, WorkingHours> teams) {

  public static final AgentHours ANY_TIME = new AgentHours(null, Map.of());

  public AgentHours {
    teams = teams == null ? Map.of() : Map.copyOf(teams);
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (company != null) {
      problems.addAll(company.problems("hours.company"));
    }
    teams.forEach((team, hours) -> {
      if (hours == null) {
        problems.add("hours.teams." + team + ": must be hours with timezone and week");
      } else {
        problems.addAll(hours.problems("hours.teams." + team));
      }
    });
    return problems;
  }

  /** The agent's own hours if set, else the team's or the company's; null when nothing applies. */
  public WorkingHours effective(Agent agent) {
    WorkingHours team = agent.team() == null ? null : teams.get(agent.team());
    WorkingHours hours = agent.hours() != null ? agent.hours() : team != null ? team : company;
    if (hours == null) {
      return null;
    }
    if (team != null && hours != team) {
      hours = hours.plusHolidays(team.holidays());
    }
    if (company != null && hours != company) {
      hours = hours.plusHolidays(company.holidays());
    }
    return hours;
  }

  /** Where the company's day is counted ("due today" on the board): its hours' zone, else UTC. */
  public ZoneId companyZone() {
    return company == null || company.timezone() == null ? ZoneOffset.UTC : ZoneId.of(company.timezone());
  }

  public Availability of(Agent agent) {
    WorkingHours hours = effective(agent);
    return hours == null ? Availability.ALWAYS : hours;
  }
}
