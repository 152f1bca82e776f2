package dev.relay.gateway.texts;

import dev.relay.gateway.domain.Customer;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What Relay says to a customer, in their language: the customer's locale when Relay speaks it,
 * else the company's ({@code company.locale}). Holds the live {@link TextCatalogue}: an admin's
 * override is used from the next text on.
 */
public final class Texts {

  private final Locale company;
  private volatile TextCatalogue catalogue;

  public Texts(TextCatalogue catalogue, Locale company) {
    this.catalogue = catalogue;
    this.company = company;
  }

  /** The catalogue shipped, for the company's locale: what tests and tools use without a store. */
  public static Texts bundled(Locale company) {
    return new Texts(TextCatalogue.bundled(), company);
  }

  public Locale company() {
    return company;
  }

  public TextCatalogue catalogue() {
    return catalogue;
  }

  /** Swaps in the catalogue with an admin's saved overrides. */
  public void use(TextCatalogue next) {
    catalogue = next;
  }

  /** The locale to write to {@code customer} in: theirs (a BCP 47 tag) when Relay has texts for it, else the company's. */
  public Locale localeOf(Customer customer) {
    return localeOf(customer == null ? null : customer.locale());
  }

  /** {@code tag} (e.g. a browser's {@code fr-CA}) when Relay has texts for it, else the company's locale. */
  public Locale localeOf(String tag) {
    return TextCatalogue.supported(tag).map(s -> Locale.forLanguageTag(tag.strip().replace('_', '-'))).orElse(company);
  }

  public String format(Locale locale, TextKey key, Map<String, ?> arguments) {
    return catalogue.format(locale, key, arguments);
  }

  public String format(Locale locale, TextKey key) {
    return format(locale, key, Map.of());
  }

  /** {@code key} in the customer's language. */
  public String forCustomer(Customer customer, TextKey key, Map<String, ?> arguments) {
    return format(localeOf(customer), key, arguments);
  }

  /**
   * The arguments of a moment shown to a customer, in their zone: {@code due}, {@code minute} (0 on the
   * hour, so a text can say "10 h") and {@code city} ("heure de Paris").
   */
  public static Map<String, Object> moment(ZonedDateTime at, Locale locale) {
    return Map.of("due", at, "minute", at.getMinute(), "city", TextCatalogue.city(at.getZone(), locale));
  }

  /**
   * The chat widget's texts for {@code locale}, by key without the {@code widget.} prefix; an
   * argument stays as {@code {name}} for the widget to fill in ({@code {agent} is typing…}).
   */
  public Map<String, String> widget(Locale locale) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (TextKey key : TextKey.values()) {
      if (key.isWidget()) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        key.arguments().forEach(a -> placeholders.put(a, "{" + a + "}"));
        texts.put(key.key().substring(TextKey.WIDGET_PREFIX.length()), format(locale, key, placeholders));
      }
    }
    return texts;
  }
}
