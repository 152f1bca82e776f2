package dev.relay.routing;

import java.util.Optional;

/**
 * A run of characters every match of a regular expression contains, found from the pattern's text,
 * so the rule index can leave out a {@code matches} that cannot hold without running RE2. It reads
 * only the top level of the pattern and gives up (empty) on anything it does not fully understand:
 * an alternation, {@code \Q…\E}, {@code \p{…}}, an unknown escape. A character followed by a
 * quantifier is dropped; groups, classes, {@code .}, anchors and escapes like {@code \b} end a run.
 *
 * <p>The rule index compares case-folded text ({@link LiteralTrie#fold}). Under {@code (?i)} RE2
 * folds by Unicode case orbits, which that folding follows for Latin letters; characters beyond
 * Latin Extended-B therefore end a run in a pattern with any {@code (?} group.
 */
final class RequiredLiteral {

  /** Shorter runs would pick out too little to be worth indexing. */
  static final int MIN_LENGTH = 2;
  private static final char LAST_FOLD_SAFE = '\u024F';

  private final String pattern;
  private final boolean caseInsensitive;
  private final StringBuilder run = new StringBuilder();
  private String best = "";
  private int at;

  private RequiredLiteral(String pattern) {
    this.pattern = pattern;
    this.caseInsensitive = pattern.contains("(?");
  }

  /** The longest literal run of at least {@link #MIN_LENGTH} characters, or empty. */
  static Optional<String> of(String pattern) {
    RequiredLiteral scan = new RequiredLiteral(pattern);
    return scan.scan() && scan.best.length() >= MIN_LENGTH ? Optional.of(scan.best) : Optional.empty();
  }

  private boolean scan() {
    if (pattern.startsWith("(?")) {
      int close = pattern.indexOf(')');
      if (close < 0 || !pattern.substring(2, close).chars().allMatch(c -> "imsU".indexOf(c) >= 0)) {
        return false;
      }
      at = close + 1;
    }
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      switch (c) {
        case '\\' -> {
          if (!escape()) {
            return false;
          }
        }
        case '(' -> {
          endRun();
          if (!skipGroup()) {
            return false;
          }
        }
        case '[' -> {
          endRun();
          if (!skipClass()) {
            return false;
          }
        }
        case '|', ')' -> {
          return false;
        }
        case '*', '?', '+' -> {
          dropLast();
          at++;
        }
        case '{' -> {
          if (!skipRepeat()) {
            return false;
          }
        }
        case '.', '^', '$' -> {
          endRun();
          at++;
        }
        default -> {
          literal(c);
          at++;
        }
      }
    }
    endRun();
    return true;
  }

  /** {@code \.} is a literal; {@code \b}, {@code \d}, {@code \n}… end a run; {@code \p}, {@code \Q}, {@code \x}, digits give up. */
  private boolean escape() {
    if (at + 1 >= pattern.length()) {
      return false;
    }
    char next = pattern.charAt(at + 1);
    at += 2;
    if (next < 128 && !Character.isLetterOrDigit(next)) {
      literal(next);
      return true;
    }
    if ("bBwWdDsSAzntrfva".indexOf(next) >= 0) {
      endRun();
      return true;
    }
    return false;
  }

  private void literal(char c) {
    if (Character.isSurrogate(c) || caseInsensitive && c > LAST_FOLD_SAFE) {
      endRun();
    } else {
      run.append(c);
    }
  }

  /** The character before a quantifier may be absent or repeated: it is not part of a fixed run. */
  private void dropLast() {
    if (!run.isEmpty()) {
      run.setLength(run.length() - 1);
    }
    endRun();
  }

  private void endRun() {
    if (run.length() > best.length()) {
      best = run.toString();
    }
    run.setLength(0);
  }

  /** {@code {n}}, {@code {n,}}, {@code {n,m}}; anything else is left to RE2, and we give up. */
  private boolean skipRepeat() {
    int close = pattern.indexOf('}', at);
    if (close < 0 || !pattern.substring(at + 1, close).matches("[0-9]+(,[0-9]*)?")) {
      return false;
    }
    dropLast();
    at = close + 1;
    return true;
  }

  /** Skips a parenthesised group, whatever it holds, minding escapes and classes. */
  private boolean skipGroup() {
    int depth = 0;
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      if (c == '\\') {
        if (!skipEscape()) {
          return false;
        }
        continue;
      }
      if (c == '[') {
        if (!skipClass()) {
          return false;
        }
        continue;
      }
      at++;
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  /** Skips an escape inside a group or class; {@code \Q…\E} could hide anything, so it gives up. */
  private boolean skipEscape() {
    if (at + 1 >= pattern.length() || pattern.charAt(at + 1) == 'Q') {
      return false;
    }
    at += 2;
    return true;
  }

  /** Skips {@code […]}: a leading {@code ^} or {@code ]}, escapes, and {@code [:alpha:]} inside. */
  private boolean skipClass() {
    at++;
    if (at < pattern.length() && pattern.charAt(at) == '^') {
      at++;
    }
    if (at < pattern.length() && pattern.charAt(at) == ']') {
      at++;
    }
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      if (c == '\\') {
        if (!skipEscape()) {
          return false;
        }
      } else if (c == '[' && pattern.startsWith("[:", at)) {
        int close = pattern.indexOf(":]", at + 2);
        if (close < 0) {
          return false;
        }
        at = close + 2;
      } else {
        at++;
        if (c == ']') {
          return true;
        }
      }
    }
    return false;
  }
}
