package dev.relay.connector.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets open on this replica, by visitor (a visitor may have several tabs). Most visitors
 * have one: each holds an immutable list, replaced as a whole when a tab comes or goes, which costs
 * a few bytes where a concurrent set per visitor cost a map of its own.
 */
final class VisitorSockets {

  private final Map<String, List<ChatSocket>> byVisitor = new ConcurrentHashMap<>();

  void add(String visitorId, ChatSocket socket) {
    byVisitor.compute(visitorId, (id, open) -> {
      if (open == null) {
        return List.of(socket);
      }
      List<ChatSocket> more = new ArrayList<>(open);
      more.add(socket);
      return List.copyOf(more);
    });
  }

  void remove(String visitorId, ChatSocket socket) {
    byVisitor.computeIfPresent(visitorId, (id, open) -> {
      List<ChatSocket> left = open.stream().filter(s -> s != socket).toList();
      return left.isEmpty() ? null : left;
    });
  }

  /** The visitor's open sockets here; empty when none. */
  List<ChatSocket> of(String visitorId) {
    return byVisitor.getOrDefault(visitorId, List.of());
  }

  /** Takes the visitor's sockets out, for a visitor who is forgotten. */
  List<ChatSocket> removeAll(String visitorId) {
    List<ChatSocket> open = byVisitor.remove(visitorId);
    return open == null ? List.of() : open;
  }

  int visitors() {
    return byVisitor.size();
  }

  /** Every open socket, and none left here. */
  Collection<ChatSocket> clear() {
    List<ChatSocket> all = byVisitor.values().stream().flatMap(List::stream).toList();
    byVisitor.clear();
    return all;
  }
}
