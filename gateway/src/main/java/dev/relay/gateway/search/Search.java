package dev.relay.gateway.search;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.http.Page;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the caller's conversations by the customer's name, e-mail or phone (in any format: read in
 * the customer's region, else the company's, else by its digits) or by a message's text, accents and
 * case aside. An agent searches their own customers; supervisors and admins every conversation.
 *
 * <p>Newest first, a page at a time: one request looks at {@link #SCAN} conversations at most (their
 * customers and messages read in small groups, each an ordinary store read), then answers what it
 * found with a cursor to go on from; no request reads every customer and every message in one go.
 * Which conversations come first is found from the conversation records: an agent's through their
 * customers' and their open ones, a supervisor's or an admin's from all of them (there is no index
 * by recency yet).
 */
public final class Search {

  /** Conversations one request looks at, at most. */
  static final int SCAN = 200;
  /** Conversations read at once (their customer and messages). */
  private static final int GROUP = 20;

  private final Store store;
  private final PhoneNumbers phones;

  public Search(Store store, PhoneNumbers phones) {
    this.store = store;
    this.phones = phones;
  }

  /** Why a conversation was found: {@code name}, {@code email}, {@code phone} or {@code text} (then the excerpt). */
  public record Hit(Conversation conversation, Search.CustomerRef customer, String matched, String snippet, String messageId) {
  }

  public record CustomerRef(String id, String name) {
  }

  /** A page of hits; {@code next} goes on after the last conversation looked at (null: all were). */
  public record Found(List<Hit> items, String next, int scanned) {
  }

  /** @param after the previous page's {@code next}, or null */
  public Future<Found> find(Caller caller, String query, int limit, String after) {
    Query q = new Query(query);
    return candidates(caller).compose(all -> {
      List<Conversation> ordered = all.stream()
          .filter(c -> after == null || key(c).compareTo(after) > 0)
          .sorted(java.util.Comparator.comparing(Search::key)).toList();
      List<Conversation> window = ordered.subList(0, Math.min(SCAN, ordered.size()));
      return scan(q, window, 0, limit, new ArrayList<>(), new HashMap<>()).map(scanned -> {
        List<Hit> hits = scanned.hits();
        boolean more = scanned.lookedAt() < ordered.size();
        String next = more && scanned.lookedAt() > 0 ? encode(key(ordered.get(scanned.lookedAt() - 1))) : null;
        return new Found(hits, next, scanned.lookedAt());
      });
    });
  }

  private record Scanned(List<Hit> hits, int lookedAt) {
  }

  /** Looks at the window a group at a time until the page is full or the window ends. */
  private Future<Scanned> scan(Query q, List<Conversation> window, int from, int limit, List<Hit> hits,
                               Map<String, Optional<Customer>> customers) {
    if (from >= window.size() || hits.size() >= limit) {
      return Future.succeededFuture(new Scanned(hits, from));
    }
    List<Conversation> group = window.subList(from, Math.min(window.size(), from + GROUP));
    List<Future<Optional<Hit>>> checks = group.stream().map(c -> check(q, c, customers)).toList();
    return Future.all(checks).compose(done -> {
      int lookedAt = from;
      for (Future<Optional<Hit>> check : checks) {
        lookedAt++;
        check.result().ifPresent(hits::add);
        if (hits.size() >= limit) {
          return Future.succeededFuture(new Scanned(hits, lookedAt));
        }
      }
      return scan(q, window, lookedAt, limit, hits, customers);
    });
  }

  private Future<Optional<Hit>> check(Query q, Conversation conversation, Map<String, Optional<Customer>> customers) {
    Optional<Customer> known = customers.get(conversation.customerId());
    Future<Optional<Customer>> customer = known != null ? Future.succeededFuture(known)
        : store.customers().get(conversation.customerId()).onSuccess(c -> customers.put(conversation.customerId(), c));
    return customer.compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<Hit>empty());
      }
      Customer c = found.get();
      CustomerRef ref = new CustomerRef(c.id(), c.displayName());
      String matched = q.matchesCustomer(c, phones);
      if (matched != null) {
        return Future.succeededFuture(Optional.of(new Hit(conversation, ref, matched, null, null)));
      }
      if (q.folded().isEmpty()) {
        return Future.succeededFuture(Optional.<Hit>empty());
      }
      return store.messages().ofConversation(conversation.id()).map(messages -> {
        for (int i = messages.size() - 1; i >= 0; i--) {
          Message m = messages.get(i);
          String snippet = SearchText.snippet(m.text(), q.folded());
          if (snippet != null) {
            return Optional.of(new Hit(conversation, ref, "text", snippet, m.id()));
          }
        }
        return Optional.<Hit>empty();
      });
    });
  }

  /**
   * The conversations the caller may read: an agent's own customers' and the open ones they answer
   * (read through those indexes, not out of every conversation); everyone's for the rest.
   */
  private Future<List<Conversation>> candidates(Caller caller) {
    if (caller.supervises()) {
      return store.conversations().list(null, null, false);
    }
    String me = ((Caller.AgentCaller) caller).agent().id();
    return store.customers().ownedBy(me)
        .compose(owned -> Future.all(owned.stream().map(c -> store.conversations().ofCustomer(c.id())).toList()))
        .compose(theirs -> store.conversations().list(me, Conversation.Status.OPEN, false).map(answering -> {
          Map<String, Conversation> readable = new LinkedHashMap<>();
          theirs.<List<Conversation>>list().forEach(list -> list.forEach(c -> readable.put(c.id(), c)));
          answering.forEach(c -> readable.put(c.id(), c));
          return List.copyOf(readable.values());
        }));
  }

  private static String key(Conversation c) {
    return Page.newestFirst(c.updatedAt(), c.id());
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** What was typed, in the forms it is compared in. */
  static final class Query {
    private final String typed;
    private final String folded;
    private final List<String> words;
    private final boolean phone;
    private final String digits;

    Query(String typed) {
      this.typed = typed.strip();
      this.folded = SearchText.fold(typed);
      this.words = SearchText.words(folded);
      this.phone = SearchText.looksLikePhone(this.typed);
      this.digits = SearchText.digits(this.typed);
    }

    String folded() {
      return folded;
    }

    /** {@code name}, {@code email} or {@code phone} when the customer is the one looked for, else null. */
    String matchesCustomer(Customer customer, PhoneNumbers phones) {
      if (phone && matchesPhone(customer, phones)) {
        return "phone";
      }
      String name = SearchText.fold(customer.name());
      if (!name.isEmpty() && words.stream().allMatch(name::contains)) {
        return "name";
      }
      if (folded.length() >= 3 && emails(customer).stream().anyMatch(e -> e.contains(folded))) {
        return "email";
      }
      return null;
    }

    private static List<String> emails(Customer customer) {
      List<String> emails = new ArrayList<>();
      customer.identities().stream().filter(a -> Address.EMAIL.equals(a.kind()))
          .forEach(a -> emails.add(SearchText.fold(a.value())));
      customer.claims().values().forEach(v -> emails.add(SearchText.fold(v)));
      return emails;
    }

    /**
     * The number read as the customer's (their region, then the company's), compared in E.164; else
     * its digits found in one of theirs, a national trunk 0 aside ("06 98…" is "+33 6 98…").
     */
    private boolean matchesPhone(Customer customer, PhoneNumbers phones) {
      List<String> numbers = customer.identities().stream()
          .filter(a -> Address.PHONE.equals(a.kind()) || Address.SMS_SENDER.equals(a.kind()))
          .map(Address::value).toList();
      if (numbers.isEmpty()) {
        return false;
      }
      if (phones.ofCustomer(customer, null, typed) instanceof PhoneNumbers.Parsed.Valid valid
          && numbers.contains(valid.e164())) {
        return true;
      }
      String national = digits.startsWith("0") ? digits.substring(1) : digits;
      return numbers.stream().map(SearchText::digits)
          .anyMatch(n -> n.contains(digits) || national.length() >= 8 && n.endsWith(national));
    }
  }
}
