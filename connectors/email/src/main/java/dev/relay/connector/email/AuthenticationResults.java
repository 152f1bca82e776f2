package dev.relay.connector.email;

import dev.relay.connector.spi.SenderCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code Authentication-Results} header (RFC 8601) the receiving server wrote. Servers
 * prepend theirs, so the topmost one is the support mailbox's own server (which, per RFC 8601 §5,
 * removes any a sender forged with its name); the ones below came with the mail and are not trusted.
 */
final class AuthenticationResults {

  private static final Pattern METHOD = Pattern.compile("(?i)(?:^|;)\\s*(dkim|spf|dmarc)\\s*=\\s*([a-z]+)");
  private static final List<String> FAILURES = List.of("fail", "softfail", "permerror");

  private AuthenticationResults() {
  }

  /** @param topmost the first {@code Authentication-Results} header of the mail, or null */
  static SenderCheck check(String topmost) {
    if (topmost == null || topmost.isBlank()) {
      return SenderCheck.NONE;
    }
    String header = topmost.replaceAll("\\s+", " ").strip();
    // Comments ("(p=reject dis=none)") may hold anything; they say nothing about the result.
    Matcher m = METHOD.matcher(header.replaceAll("\\([^)]*\\)", ""));
    List<String> failed = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    String dmarc = null;
    while (m.find()) {
      String method = m.group(1).toUpperCase(Locale.ROOT);
      String result = m.group(2).toLowerCase(Locale.ROOT);
      if (method.equals("DMARC")) {
        dmarc = result;
      }
      if (FAILURES.contains(result)) {
        failed.add(method + " " + result);
      } else if (result.equals("pass")) {
        passed.add(method + " pass");
      }
    }
    // DMARC, when checked, is the verdict on the From address: a list that breaks SPF but keeps an
    // aligned DKIM signature passes it. Without DMARC, any failed check counts.
    if ("pass".equals(dmarc)) {
      failed.clear();
    }
    if (!failed.isEmpty()) {
      return new SenderCheck(SenderCheck.Verdict.FAIL, String.join(", ", failed), header);
    }
    return passed.isEmpty() ? new SenderCheck(SenderCheck.Verdict.NONE, null, header)
        : new SenderCheck(SenderCheck.Verdict.PASS, String.join(", ", passed), header);
  }
}
