package dev.relay.gateway.texts;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.TimeZoneNames;
import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The customer-facing texts of every locale Relay ships ({@link #LOCALES}), as ICU messages, with
 * the admins' overrides on top. A text is looked up in the most specific locale first ({@code fr-CA},
 * then {@code fr}, then {@code en}); at each step an override wins over the bundled text, so an
 * admin's {@code fr} wording also reaches Québec unless {@code fr-CA} has its own.
 * Immutable: {@link #withOverrides} gives the next catalogue.
 */
public final class TextCatalogue {

  /** The catalogues shipped, as BCP 47 tags; {@code fr-CA} holds only what Québec says differently. */
  public static final List<String> LOCALES = List.of("en", "fr", "fr-CA");
  private static final String FALLBACK = "en";

  private final Map<String, Map<TextKey, String>> bundled;
  private final Map<String, Map<TextKey, String>> overrides;

  private TextCatalogue(Map<String, Map<TextKey, String>> bundled, Map<String, Map<TextKey, String>> overrides) {
    this.bundled = bundled;
    this.overrides = overrides;
  }

  /**
   * The catalogues on the class path ({@code texts/<tag>.properties}, UTF-8); fails on any problem in
   * them. Read and checked once per process: they cannot change while it runs.
   */
  public static TextCatalogue bundled() {
    return Shipped.CATALOGUE;
  }

  /** Holds the shipped catalogue, built when first asked for. */
  private static final class Shipped {
    static final TextCatalogue CATALOGUE = load();
  }

  private static TextCatalogue load() {
    Map<String, Map<TextKey, String>> bundled = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (String tag : LOCALES) {
      Map<String, String> raw = read(tag);
      problems.addAll(problems(raw).stream().map(p -> tag + ".properties: " + p).toList());
      bundled.put(tag, keyed(raw));
    }
    // A language says everything itself (a French customer never gets an English word); a regional
    // variant (fr-CA) says only what differs.
    for (String tag : LOCALES.stream().filter(t -> !t.contains("-")).toList()) {
      TreeSet<String> missing = new TreeSet<>();
      for (TextKey key : TextKey.values()) {
        if (!bundled.get(tag).containsKey(key)) {
          missing.add(key.key());
        }
      }
      if (!missing.isEmpty()) {
        problems.add(tag + ".properties lacks " + missing);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the bundled texts are broken: " + problems);
    }
    return new TextCatalogue(Map.copyOf(bundled), Map.of());
  }

  /**
   * This catalogue with {@code text} as the shipped {@code key} of every locale: a configured default
   * (the operator's {@code email.signature}); fails on a text that is not a valid message for the key.
   */
  public TextCatalogue withDefault(TextKey key, String text) {
    List<String> problems = problems(Map.of(key.key(), text));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0));
    }
    Map<String, Map<TextKey, String>> next = new HashMap<>();
    bundled.forEach((tag, texts) -> {
      Map<TextKey, String> changed = new EnumMap<>(TextKey.class);
      changed.putAll(texts);
      changed.remove(key);
      next.put(tag, changed);
    });
    next.get(FALLBACK).put(key, text);
    return new TextCatalogue(Map.copyOf(next), overrides);
  }

  /** This catalogue with {@code texts} (already {@link #problems checked}) as the overrides of {@code tag}. */
  public TextCatalogue withOverrides(String tag, Map<String, String> texts) {
    Map<String, Map<TextKey, String>> next = new HashMap<>(overrides);
    next.put(tag, keyed(texts));
    return new TextCatalogue(bundled, Map.copyOf(next));
  }

  /** The shipped locale that serves {@code tag}, if any: {@code fr-FR} → {@code fr}, {@code fr-CA} → {@code fr-CA}. */
  public static Optional<String> supported(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.empty();
    }
    Locale locale = Locale.forLanguageTag(tag.strip().replace('_', '-'));
    String full = locale.getLanguage() + (locale.getCountry().isEmpty() ? "" : "-" + locale.getCountry());
    for (String candidate : List.of(full, locale.getLanguage())) {
      for (String shipped : LOCALES) {
        if (shipped.equalsIgnoreCase(candidate)) {
          return Optional.of(shipped);
        }
      }
    }
    return Optional.empty();
  }

  /** The message {@code key} has for {@code locale}, overrides first, falling back to broader locales. */
  public String pattern(Locale locale, TextKey key) {
    return lookup(locale, key, overrides);
  }

  /** What {@code key} says in {@code locale} without any override: the shipped words. */
  public String shippedFor(Locale locale, TextKey key) {
    return lookup(locale, key, Map.of());
  }

  private String lookup(Locale locale, TextKey key, Map<String, Map<TextKey, String>> first) {
    for (String tag : chain(locale)) {
      for (Map<String, Map<TextKey, String>> layer : List.of(first, bundled)) {
        String text = layer.getOrDefault(tag, Map.of()).get(key);
        if (text != null) {
          return text;
        }
      }
    }
    throw new IllegalStateException("no text for " + key.key());
  }

  /**
   * {@code text} (an override being written, or null for the text in force) as a customer in
   * {@code locale} would read it, with sample arguments; a broken message → its problems.
   */
  public String preview(Locale locale, TextKey key, String text) {
    String message = text != null ? text : pattern(locale, key);
    List<String> problems = problems(Map.of(key.key(), message));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0));
    }
    Map<String, Object> samples = samples(key);
    if (samples.get("due") instanceof ZonedDateTime due) {
      ZonedDateTime local = due.withZoneSameLocal(ZoneId.of("CA".equals(locale.getCountry()) ? "America/Toronto"
          : "fr".equals(locale.getLanguage()) ? "Europe/Paris" : "Europe/London"));
      samples.put("due", local);
      samples.put("city", city(local.getZone(), locale));
      samples.put("zoneName", zoneName(local, locale));
      samples.put("minute", 0);
    }
    return format(message, ULocale.forLocale(locale), samples);
  }

  /**
   * {@code key}'s text for {@code locale} with {@code arguments}: strings, numbers, and
   * {@link ZonedDateTime}s (formatted in their own zone).
   */
  public String format(Locale locale, TextKey key, Map<String, ?> arguments) {
    return format(pattern(locale, key), ULocale.forLocale(locale), arguments);
  }

  /** The city that names a time zone in {@code locale} ("Paris", "Toronto"), for "10 h (heure de Paris)". */
  public static String city(ZoneId zone, Locale locale) {
    String id = TimeZone.getCanonicalID(zone.getId());
    String name = TimeZoneNames.getInstance(locale).getExemplarLocationName(id == null ? zone.getId() : id);
    return name != null ? name : zone.getId().substring(zone.getId().lastIndexOf('/') + 1).replace('_', ' ');
  }

  /** How people in {@code locale} name the zone at that moment ("heure de l’Est", "Eastern Time"). */
  public static String zoneName(ZonedDateTime at, Locale locale) {
    String id = TimeZone.getCanonicalID(at.getZone().getId());
    String name = TimeZoneNames.getInstance(locale).getDisplayName(id == null ? at.getZone().getId() : id,
        TimeZoneNames.NameType.LONG_GENERIC, at.toInstant().toEpochMilli());
    return name != null ? name : city(at.getZone(), locale);
  }

  /**
   * Every problem of an override set, each naming its key: unknown keys, messages ICU cannot read,
   * arguments the text does not have, and messages that fail on arguments of the right kinds.
   */
  public static List<String> problems(Map<String, String> texts) {
    List<String> problems = new ArrayList<>();
    texts.forEach((name, text) -> {
      Optional<TextKey> key = TextKey.of(name);
      if (key.isEmpty()) {
        problems.add(name + ": no such text");
        return;
      }
      if (text == null || text.isBlank()) {
        problems.add(name + ": must not be blank (remove the override to use the shipped text)");
        return;
      }
      MessageFormat message;
      try {
        message = new MessageFormat(text, ULocale.ENGLISH);
      } catch (IllegalArgumentException e) {
        problems.add(name + ": not a valid ICU message: " + e.getMessage());
        return;
      }
      Set<String> unknown = new TreeSet<>(message.getArgumentNames());
      unknown.removeAll(key.get().arguments());
      if (!unknown.isEmpty()) {
        problems.add(name + ": " + unknown + (unknown.size() == 1 ? " is not an argument" : " are not arguments")
            + " of this text" + (key.get().arguments().isEmpty() ? " (it has none)"
            : " (it has " + new TreeSet<>(key.get().arguments()) + ")"));
        return;
      }
      try {
        format(text, ULocale.FRENCH, samples(key.get()));
      } catch (IllegalArgumentException e) {
        problems.add(name + ": cannot be formatted: " + e.getMessage());
      }
    });
    return problems;
  }

  /** Arguments of the kinds the code passes, to try a message with. */
  private static Map<String, Object> samples(TextKey key) {
    Map<String, Object> samples = new HashMap<>();
    for (String argument : key.arguments()) {
      samples.put(argument, switch (argument) {
        case "due" -> ZonedDateTime.of(2026, 3, 3, 10, 0, 0, 0, ZoneId.of("America/Toronto"));
        case "minute", "minutes" -> 5;
        case "named" -> "yes";
        case "owner" -> "Kristin Lavransdatter";
        case "customer" -> "Léa Tremblay";
        case "company" -> "acme.example";
        case "phone" -> "06 12 34 56 78";
        case "at" -> "3/3 10:00";
        default -> "Élodie Gagnon";
      });
    }
    return samples;
  }

  private static String format(String pattern, ULocale locale, Map<String, ?> arguments) {
    Map<String, Object> icu = new HashMap<>();
    arguments.forEach((name, value) -> icu.put(name, value instanceof ZonedDateTime at ? calendar(at, locale) : value));
    return new MessageFormat(pattern, locale).format(icu);
  }

  /** ICU formats a Calendar in the Calendar's own zone: the customer's, not the server's. */
  private static Calendar calendar(ZonedDateTime at, ULocale locale) {
    Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone(at.getZone().getId()), locale);
    calendar.setTimeInMillis(at.toInstant().toEpochMilli());
    return calendar;
  }

  private static List<String> chain(Locale locale) {
    List<String> chain = new ArrayList<>();
    supported(locale.toLanguageTag()).ifPresent(chain::add);
    if (!chain.isEmpty() && chain.get(0).contains("-")) {
      chain.add(chain.get(0).substring(0, chain.get(0).indexOf('-')));
    }
    chain.add(FALLBACK);
    return chain;
  }

  private static Map<TextKey, String> keyed(Map<String, String> texts) {
    Map<TextKey, String> keyed = new EnumMap<>(TextKey.class);
    texts.forEach((name, text) -> TextKey.of(name).ifPresent(key -> keyed.put(key, text)));
    return keyed;
  }

  private static Map<String, String> read(String tag) {
    String resource = "/texts/" + tag + ".properties";
    try (InputStream in = TextCatalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> raw = new LinkedHashMap<>();
      properties.stringPropertyNames().forEach(name -> raw.put(name, properties.getProperty(name)));
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
