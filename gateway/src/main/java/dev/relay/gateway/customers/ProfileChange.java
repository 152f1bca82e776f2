package dev.relay.gateway.customers;

import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.http.Fields;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change to what Relay knows of a customer: {@code name}, {@code tags}, {@code locale} (BCP 47),
 * {@code timezone} (IANA). Fields left out keep their value; {@code null} forgets one. Read from a
 * request body with every problem named at once (422), so a bad field changes nothing. Admins and
 * the customer's agent make the same change.
 */
public final class ProfileChange {

  private static final Set<String> FIELDS = Set.of("name", "tags", "locale", "timezone");
  private static final int MAX_NAME = 120;

  private final JsonObject body;
  private final String name;
  private final List<String> tags;
  private final String locale;
  private final String timezone;

  private ProfileChange(JsonObject body, String name, List<String> tags, String locale, String timezone) {
    this.body = body;
    this.name = name;
    this.tags = tags;
    this.locale = locale;
    this.timezone = timezone;
  }

  /** The change a body asks for; a bad or unknown field is a 422 naming each. */
  public static ProfileChange read(JsonObject body) {
    Fields fields = new Fields(body, FIELDS);
    String name = fields.optionalString("name", MAX_NAME);
    if (name != null && name.isBlank()) {
      fields.problem("name: must not be blank (null forgets it)");
    }
    List<String> tags = fields.optionalStrings("tags", 100, 60);
    String typedLocale = fields.optionalString("locale", 35);
    String locale = typedLocale == null ? null : Customer.languageTag(typedLocale).orElse(null);
    if (typedLocale != null && locale == null) {
      fields.problem("locale: not a BCP 47 language tag such as fr-FR");
    }
    String timezone = fields.optionalString("timezone", 64);
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        fields.problem("timezone: not an IANA time zone such as Europe/Paris");
      }
    }
    if (body.isEmpty()) {
      fields.problem("at least one of name, tags, locale, timezone");
    }
    fields.check();
    return new ProfileChange(body, name == null ? null : name.strip(), tags, locale, timezone);
  }

  public Customer applyTo(Customer c) {
    Customer named = body.containsKey("name") ? c.withName(name) : c;
    return named.withProfile(
        body.containsKey("tags") ? tags : c.tags(),
        body.containsKey("locale") ? locale : c.locale(),
        body.containsKey("timezone") ? timezone : c.timezone());
  }

  /** What the audit entry keeps: which fields changed, and the new tags, locale and zone (not the name). */
  public Map<String, Object> audited(Customer updated) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fields", body.fieldNames().stream().sorted().toList());
    details.put("tags", updated.tags());
    details.put("locale", String.valueOf(updated.locale()));
    details.put("timezone", String.valueOf(updated.timezone()));
    return details;
  }
}
