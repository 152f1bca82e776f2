package dev.relay.gateway.texts;

import dev.relay.connector.spi.Wording;
import dev.relay.gateway.domain.Customer;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Relay says to a customer, in their language: the customer's locale when Relay speaks it,
 * else the company's ({@code company.locale}). Holds the live {@link TextCatalogue}: an admin's
 * override is used from the next text on.
 */
public final class Texts {

  private final Locale company;
  private final String companyName;
  private volatile TextCatalogue catalogue;

  /** @param companyName how texts name the company ({@code company} in an e-mail's subject): its mail domain */
  public Texts(TextCatalogue catalogue, Locale company, String companyName) {
    this.catalogue = catalogue;
    this.company = company;
    this.companyName = companyName;
  }

  /** The catalogue shipped, for the company's locale: what tests and tools use without a store. */
  public static Texts bundled(Locale company) {
    return new Texts(TextCatalogue.bundled(), company, "");
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

  /** The first of {@code tags} (a browser's languages, best first) Relay has texts for, else the company's locale. */
  public Locale firstSpoken(List<String> tags) {
    return tags.stream().filter(tag -> TextCatalogue.supported(tag).isPresent()).findFirst()
        .map(this::localeOf).orElse(company);
  }

  public String format(Locale locale, TextKey key, Map<String, ?> arguments) {
    return catalogue.format(locale, key, arguments);
  }

  /** {@code key} in the customer's language. */
  public String forCustomer(Customer customer, TextKey key, Map<String, ?> arguments) {
    return format(localeOf(customer), key, arguments);
  }

  /** The subject of a new e-mail thread and the signature of {@code agentName}'s e-mails, in the customer's language. */
  public Wording wording(Customer customer, String agentName) {
    Locale locale = localeOf(customer);
    return new Wording(format(locale, TextKey.EMAIL_SUBJECT, Map.of("company", companyName)),
        agentName == null ? null : format(locale, TextKey.EMAIL_SIGNATURE, Map.of("agent", agentName, "company", companyName)));
  }

  /**
   * The arguments of a moment shown to a customer, in their zone: {@code due}, {@code minute} (0 on the
   * hour, so a text can say "10 h"), {@code city} ("heure de Paris") and {@code zoneName} ("heure de l’Est").
   */
  public static Map<String, Object> moment(ZonedDateTime at, Locale locale) {
    return Map.of("due", at, "minute", at.getMinute(), "city", TextCatalogue.city(at.getZone(), locale),
        "zoneName", TextCatalogue.zoneName(at, locale));
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
