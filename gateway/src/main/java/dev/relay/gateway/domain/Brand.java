package dev.relay.gateway.domain;

import java.util.Map;

/**
 * How the chat widget presents the company on its site, as an admin set it (the brand routes check
 * it: colour contrast, lengths, languages).
 *
 * @param name     the company's name in the widget's header before an agent answers; null: the texts' "Support"
 * @param colour   the header, launcher and visitor bubbles, {@code #rrggbb}, white text on it; null: Relay's blue
 * @param greeting by language tag ({@code en}, {@code fr}, {@code fr-CA}): the first words a visitor reads
 * @param position where the launcher sits on the page
 * @param askName  true: before their first message the widget asks the visitor's name (they may skip it)
 * @param logo     what the uploaded logo is, or null without one
 */
public record Brand(String name, String colour, Map<String, String> greeting, Position position, boolean askName,
                    Logo logo) {

  public static final Brand DEFAULT = new Brand(null, null, Map.of(), Position.RIGHT, false, null);

  public enum Position { RIGHT, LEFT }

  /**
   * @param type    the image's media type, read from its bytes ({@code image/png}…), never from what the upload said
   * @param size    bytes
   * @param version changes with every upload, so the widget's URL is a new one and no cache shows the old logo
   */
  public record Logo(String type, int size, long version) {
  }

  public Brand {
    greeting = greeting == null ? Map.of() : Map.copyOf(greeting);
    position = position == null ? Position.RIGHT : position;
  }

  public Brand withLogo(Logo next) {
    return new Brand(name, colour, greeting, position, askName, next);
  }
}
