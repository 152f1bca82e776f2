package dev.relay.gateway.domain;

import dev.relay.connector.spi.Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One person, however many channels they use. Ownership lives here, not on a conversation:
 * the dedicated agent outlasts every conversation.
 *
 * @param identities verified addresses: any of them reaches this customer
 * @param claims     what the customer said about themselves without proof (e.g. a typed e-mail);
 *                   shown to the agent, never used to merge customers or reveal history
 * @param announceOwner true after an admin gave the customer a new owner: the next contact names them
 * @param locale     the language to write to them in, as a BCP 47 tag ({@code fr-CA}, {@code fr}), or null
 *                   while unknown (then the company's); learned from the chat widget or set by an agent
 * @param optedOut   channels the customer asked not to be written to (texted STOP): nothing goes there
 */
public record Customer(
    String id,
    String name,
    String ownerId,
    List<Address> identities,
    Map<String, String> claims,
    String locale,
    String timezone,
    List<String> tags,
    Instant createdAt,
    boolean announceOwner,
    List<String> optedOut) {

  public Customer {
    identities = List.copyOf(identities);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
    tags = tags == null ? List.of() : List.copyOf(tags);
    optedOut = optedOut == null ? List.of() : List.copyOf(optedOut);
  }

  public static Customer first(String id, Address identity, String name, Instant at) {
    return new Customer(id, name, null, List.of(identity), Map.of(), null, null, List.of(), at, false, List.of());
  }

  public Customer withOwner(String agentId) {
    return new Customer(id, name, agentId, identities, claims, locale, timezone, tags, createdAt, announceOwner, optedOut);
  }

  /** A new owner chosen by an admin; the customer hears the name on their next contact. */
  public Customer reassignedTo(String agentId) {
    return new Customer(id, name, agentId, identities, claims, locale, timezone, tags, createdAt, true, optedOut);
  }

  /** What an admin knows about the customer, used by routing rules ({@code customer.tags}, {@code locale}...). */
  public Customer withProfile(List<String> nextTags, String nextLocale, String nextTimezone) {
    return new Customer(id, name, ownerId, identities, claims, nextLocale, nextTimezone, nextTags, createdAt, announceOwner,
        optedOut);
  }

  /**
   * The language to write to the customer in, as a BCP 47 tag (e.g. {@code fr-CA}); null forgets it.
   * Whoever learns it (the widget's hello, a detected language, an agent) sets it here.
   */
  public Customer withLocale(String tag) {
    return new Customer(id, name, ownerId, identities, claims, tag, timezone, tags, createdAt, announceOwner, optedOut);
  }

  /**
   * {@code raw} as the tag a customer's locale is kept as ({@code fr_ca} → {@code fr-CA}); empty when
   * it names no language.
   */
  public static Optional<String> languageTag(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 35) {
      return Optional.empty();
    }
    Locale locale = Locale.forLanguageTag(raw.strip().replace('_', '-'));
    return locale.getLanguage().isEmpty() ? Optional.empty() : Optional.of(locale.toLanguageTag());
  }

  /** The name an agent set (null forgets it: the customer is shown by their address again). */
  public Customer withName(String next) {
    return new Customer(id, next, ownerId, identities, claims, locale, timezone, tags, createdAt, announceOwner, optedOut);
  }

  /** STOP (or START) on a channel: whether Relay may write to the customer there. */
  public Customer optedOut(String channel, boolean out) {
    List<String> next = new ArrayList<>(optedOut);
    next.remove(channel);
    if (out) {
      next.add(channel);
    }
    return new Customer(id, name, ownerId, identities, claims, locale, timezone, tags, createdAt, announceOwner, next);
  }

  public boolean hasOptedOut(String channel) {
    return optedOut.contains(channel);
  }

  public Customer ownerAnnounced() {
    return new Customer(id, name, ownerId, identities, claims, locale, timezone, tags, createdAt, false, optedOut);
  }

  /** Fills in what we did not know yet; never overwrites what the customer told us before. */
  public Customer learn(String claimedName, Map<String, String> newClaims) {
    String nextName = name == null ? claimedName : name;
    Map<String, String> merged = new HashMap<>(newClaims);
    merged.putAll(claims);
    return new Customer(id, nextName, ownerId, identities, merged, locale, timezone, tags, createdAt, announceOwner, optedOut);
  }

  /** Without {@code identity}: it no longer reaches this customer (the store releases it). */
  public Customer withoutIdentity(Address identity) {
    List<Address> fewer = new ArrayList<>(identities);
    fewer.remove(identity);
    return new Customer(id, name, ownerId, fewer, claims, locale, timezone, tags, createdAt, announceOwner, optedOut);
  }

  public Customer withIdentity(Address identity) {
    if (identities.contains(identity)) {
      return this;
    }
    List<Address> more = new ArrayList<>(identities);
    more.add(identity);
    return new Customer(id, name, ownerId, more, claims, locale, timezone, tags, createdAt, announceOwner, optedOut);
  }

  /** The address to reach this customer on a channel's address kind, if they ever used it. */
  public Address addressOfKind(String kind) {
    for (int i = identities.size() - 1; i >= 0; i--) {
      if (identities.get(i).kind().equals(kind)) {
        return identities.get(i);
      }
    }
    return null;
  }

  /**
   * The best name known: the one they gave (a mail's From display name, the widget, the site, an
   * agent), else their phone number as it is written in its country, else their e-mail address;
   * null for a visitor who gave none (the desk says "Visitor" in the agent's language).
   */
  public String displayName() {
    if (name != null) {
      return name;
    }
    Address phone = addressOfKind(Address.PHONE);
    if (phone != null) {
      return PhoneNumbers.written(phone.value());
    }
    Address email = addressOfKind(Address.EMAIL);
    return email != null ? email.value() : null;
  }
}
