package dev.relay.connector.spi;

/**
 * What the receiving mail server found when it checked the sender (its {@code Authentication-Results}
 * header, RFC 8601: DKIM, SPF, DMARC). A From address that failed is a claim anyone could make: the
 * gateway shows the warning and links nobody on its strength.
 *
 * @param verdict PASS (checked and authenticated), FAIL (a check failed), NONE (not checked, or no result)
 * @param summary what failed or passed, in words for the agent ("DMARC fail, SPF softfail"), or null
 * @param header  the header as the server wrote it, or null
 */
public record SenderCheck(Verdict verdict, String summary, String header) {

  public enum Verdict { PASS, FAIL, NONE }

  public static final SenderCheck NONE = new SenderCheck(Verdict.NONE, null, null);

  public SenderCheck {
    verdict = verdict == null ? Verdict.NONE : verdict;
  }

  public boolean failed() {
    return verdict == Verdict.FAIL;
  }
}
