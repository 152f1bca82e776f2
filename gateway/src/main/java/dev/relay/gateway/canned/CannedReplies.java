package dev.relay.gateway.canned;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import dev.relay.gateway.domain.CannedReply;
import dev.relay.gateway.domain.Customer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a canned reply may say, and the reply filled in for a conversation. Its text is an ICU
 * message like the texts catalogue ({@code docs/texts.md}) with two arguments: {@code firstName}
 * (the customer's first name, empty while unknown) and {@code agentName} (the agent using it).
 */
public final class CannedReplies {

  static final Set<String> ARGUMENTS = Set.of("firstName", "agentName");
  /** A company keeps tens of these; the limit keeps each agent's list, read whole, small. */
  static final int MAX_REPLIES = 500;
  static final int MAX_TITLE = 80;
  static final int MAX_TEXT = 5_000;

  private CannedReplies() {
  }

  /** Why {@code text} cannot be a canned reply (empty when it can), each problem prefixed {@code text: }. */
  static List<String> problems(String text) {
    List<String> problems = new ArrayList<>();
    MessageFormat message;
    try {
      message = new MessageFormat(text, ULocale.ENGLISH);
    } catch (IllegalArgumentException e) {
      problems.add("text: not a valid ICU message (" + e.getMessage() + "); write a literal { or } as '{' or '}'");
      return problems;
    }
    Set<String> unknown = new TreeSet<>(message.getArgumentNames());
    unknown.removeAll(ARGUMENTS);
    if (!unknown.isEmpty()) {
      problems.add("text: " + unknown + (unknown.size() == 1 ? " is not a placeholder" : " are not placeholders")
          + " (use {firstName} and {agentName})");
      return problems;
    }
    try {
      fill(text, Locale.FRENCH, "Élodie", "Kristin Lavransdatter");
    } catch (IllegalArgumentException e) {
      problems.add("text: cannot be filled in: " + e.getMessage());
    }
    return problems;
  }

  /** The customer's first name as a greeting uses it: the first word of their name, or empty while unknown. */
  static String firstName(Customer customer) {
    String name = customer.name();
    if (name == null || name.isBlank()) {
      return "";
    }
    return name.strip().split("\\s+")[0];
  }

  /**
   * The reply with its placeholders filled in. With no first name known, "Bonjour {firstName},"
   * reads "Bonjour," (the space left before the punctuation goes).
   */
  static String fill(String text, Locale locale, String firstName, String agentName) {
    String filled = new MessageFormat(text, ULocale.forLocale(locale))
        .format(Map.of("firstName", firstName, "agentName", agentName));
    return firstName.isEmpty() ? filled.replaceAll("[ \\u00a0]+(?=[,.])", "").replaceAll(" {2,}", " ") : filled;
  }

  /**
   * The replies for a customer who reads {@code tag}, the closest there are: in exactly that locale
   * (fr-CA), else in its language alone (fr), else in another variant of it (fr-BE), else in
   * {@code fallback}'s language (the company's) the same way; by title.
   */
  static List<CannedReply> forLocale(List<CannedReply> all, String tag, Locale fallback) {
    List<CannedReply> chosen = closest(all, Locale.forLanguageTag(tag));
    if (chosen.isEmpty()) {
      chosen = closest(all, fallback);
    }
    return chosen.stream().sorted(Comparator.comparing(CannedReply::title, String.CASE_INSENSITIVE_ORDER)).toList();
  }

  private static List<CannedReply> closest(List<CannedReply> all, Locale wanted) {
    List<java.util.function.Predicate<Locale>> steps = List.of(
        l -> l.toLanguageTag().equalsIgnoreCase(wanted.toLanguageTag()),
        l -> l.getLanguage().equals(wanted.getLanguage()) && l.getCountry().isEmpty(),
        l -> l.getLanguage().equals(wanted.getLanguage()));
    for (var step : steps) {
      List<CannedReply> found = all.stream().filter(r -> step.test(Locale.forLanguageTag(r.locale()))).toList();
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }
}
