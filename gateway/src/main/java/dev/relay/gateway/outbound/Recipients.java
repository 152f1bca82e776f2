package dev.relay.gateway.outbound;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.gateway.store.MessageStore;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whom an agent's reply goes to. On a channel that threads (e-mail) it answers one inbound message:
 * the one the agent names, or by default the customer's own latest. It goes to the person who wrote
 * that message, if that is the customer or a participant the agent did not remove; the others on
 * that mail (To/Cc) get a copy where they are the customer's addresses or active participants; when
 * it answers someone else, the customer gets a copy. Nobody is ever promoted to the customer's
 * address: a colleague who answered in the thread is answered only when the agent says so.
 */
final class Recipients {

  /** @param answered the inbound message the reply answers (its thread), or null */
  record Chosen(Address to, List<Address> cc, Message answered) {
    Map<String, String> attributes() {
      return StoredFacts.recipients(to, cc, answered == null ? null : answered.id());
    }
  }

  private Recipients() {
  }

  /** @param answering the id of the inbound message the agent answers, or null for the customer's latest */
  static Future<Chosen> choose(MessageStore messages, Conversation conversation, Customer customer, Connector connector,
                               String answering) {
    Address fallback = customer.addressOfKind(connector.addressKind());
    if (!connector.threadsReplies()) {
      if (answering != null) {
        return Future.failedFuture(RelayException.invalid(List.of("replyTo: only e-mail replies answer a particular message")));
      }
      return fallback == null ? unreachable(connector, customer) : Future.succeededFuture(new Chosen(fallback, List.of(), null));
    }
    return messages.ofConversation(conversation.id()).compose(all -> {
      String kind = connector.addressKind();
      List<Message> inbound = all.stream()
          .filter(m -> m.direction() == Message.Direction.INBOUND && m.channel().equals(connector.channel())).toList();
      Message answered;
      if (answering != null) {
        answered = inbound.stream().filter(m -> m.id().equals(answering)).findFirst().orElse(null);
        if (answered == null) {
          return Future.failedFuture(RelayException.invalid(List.of("replyTo: " + answering
              + " is not a message this conversation received by " + connector.channel())));
        }
      } else {
        answered = latest(inbound, m -> isCustomers(customer, StoredFacts.from(m.attributes(), kind)));
        if (answered == null) {
          answered = latest(inbound, m -> true); // to thread the reply; it still goes to the customer
        }
      }
      Address sender = answered == null ? null : StoredFacts.from(answered.attributes(), kind);
      Address customersOwn = customersAddress(customer, inbound, kind, fallback);
      Address to;
      if (isCustomers(customer, sender)) {
        to = sender;
      } else if (answering != null && sender != null) {
        if (!conversation.isActiveParticipant(sender)) {
          return Future.failedFuture(RelayException.invalid(List.of("replyTo: " + sender.value()
              + " was removed from this conversation; answer the customer instead")));
        }
        to = sender;
      } else {
        to = customersOwn;
      }
      if (to == null) {
        return unreachable(connector, customer);
      }
      Set<Address> cc = new LinkedHashSet<>();
      if (answered != null) {
        for (Address copied : StoredFacts.facts(answered.attributes()).thread().copied()) {
          if (isCustomers(customer, copied) || conversation.isActiveParticipant(copied)) {
            cc.add(copied);
          }
        }
        if (!isCustomers(customer, to) && customersOwn != null) {
          cc.add(customersOwn);
        }
      }
      cc.remove(to);
      return Future.succeededFuture(new Chosen(to, List.copyOf(cc), answered));
    });
  }

  /** The address the customer last wrote from on this channel, or the one we know. */
  private static Address customersAddress(Customer customer, List<Message> inbound, String kind, Address fallback) {
    Message last = latest(inbound, m -> isCustomers(customer, StoredFacts.from(m.attributes(), kind)));
    return last == null ? fallback : StoredFacts.from(last.attributes(), kind);
  }

  private static boolean isCustomers(Customer customer, Address address) {
    return address != null && customer.identities().contains(address);
  }

  private static Message latest(List<Message> messages, java.util.function.Predicate<Message> which) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (which.test(messages.get(i))) {
        return messages.get(i);
      }
    }
    return null;
  }

  private static Future<Chosen> unreachable(Connector connector, Customer customer) {
    Address unreplyable = customer.addressOfKind(Address.SMS_SENDER);
    return Future.failedFuture(RelayException.invalid(List.of("channel: the customer cannot be reached on "
        + connector.channel() + (unreplyable == null ? "" : ": they texted from " + unreplyable.value()
            + ", which is not a phone number texts can go back to (a short code or a sender name)"))));
  }
}
