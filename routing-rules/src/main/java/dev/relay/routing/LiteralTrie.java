package dev.relay.routing;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Which of many literals occur in a text, in one pass over it (a trie walked from every position):
 * the rule index's answer to "which {@code contains}, {@code startsWith} and {@code matches} can
 * hold", instead of one search per rule. Literals and text are compared case-folded, so a hit is a
 * superset of what exact or {@code (?i)} comparison finds; the rule itself then decides.
 */
final class LiteralTrie {

  private final Node root = new Node();
  /** The root's children for Latin-1 first characters, by character: most starts of a text end there. */
  private final Node[] latinStarts = new Node[256];

  private static final class Node {
    char[] keys = new char[0];
    Node[] next = new Node[0];
    /** The ids of literals that end here. */
    int[] ends = new int[0];

    Node child(char c) {
      int i = Arrays.binarySearch(keys, c);
      return i < 0 ? null : next[i];
    }

    Node childOrNew(char c) {
      int i = Arrays.binarySearch(keys, c);
      if (i >= 0) {
        return next[i];
      }
      int at = -i - 1;
      keys = insert(keys, at, c);
      Node created = new Node();
      Node[] grown = new Node[next.length + 1];
      System.arraycopy(next, 0, grown, 0, at);
      grown[at] = created;
      System.arraycopy(next, at, grown, at + 1, next.length - at);
      next = grown;
      return created;
    }

    private static char[] insert(char[] keys, int at, char c) {
      char[] grown = new char[keys.length + 1];
      System.arraycopy(keys, 0, grown, 0, at);
      grown[at] = c;
      System.arraycopy(keys, at, grown, at + 1, keys.length - at);
      return grown;
    }
  }

  /** Builds the trie of {@code literals}; a literal's id is its position in the list. */
  LiteralTrie(List<String> literals) {
    for (int id = 0; id < literals.size(); id++) {
      String folded = fold(literals.get(id));
      Node node = root;
      for (int i = 0; i < folded.length(); i++) {
        node = node.childOrNew(folded.charAt(i));
      }
      int[] ends = Arrays.copyOf(node.ends, node.ends.length + 1);
      ends[ends.length - 1] = id;
      node.ends = ends;
    }
    for (int i = 0; i < root.keys.length && root.keys[i] < latinStarts.length; i++) {
      latinStarts[root.keys[i]] = root.next[i];
    }
  }

  /** Calls {@code found} with the id of every literal that occurs in {@code text} (possibly more than once). */
  void find(String text, IntConsumer found) {
    String folded = fold(text);
    for (int start = 0; start < folded.length(); start++) {
      char first = folded.charAt(start);
      Node node = first < latinStarts.length ? latinStarts[first] : root.child(first);
      for (int i = start + 1; node != null; i++) {
        for (int id : node.ends) {
          found.accept(id);
        }
        node = i < folded.length() ? node.child(folded.charAt(i)) : null;
      }
    }
  }

  /**
   * Character by character, so a substring stays a substring; upper then lower case, so that
   * {@code ſ}, {@code K} (Kelvin) and {@code µ} land where RE2's {@code (?i)} puts them.
   */
  static String fold(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char folded = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c)
          : Character.toLowerCase(Character.toUpperCase(c));
      if (folded != c) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = folded;
      }
    }
    return chars == null ? text : new String(chars);
  }
}
