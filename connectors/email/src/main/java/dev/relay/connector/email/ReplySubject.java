package dev.relay.connector.email;

import java.util.regex.Pattern;

/**
 * The subject of a reply in the customer's thread. Mail clients mark a reply each in their own
 * words: Outlook in French writes "RE : " (French puts a space, often a no-break one, before the
 * colon), German clients "AW:", Scandinavian "SV:", Dutch "Antw:", some "Re[2]:". A subject that
 * already starts with one keeps it; "Re: RE : Commande" is what a careless client would write.
 */
final class ReplySubject {

  private static final Pattern REPLY_MARK =
      Pattern.compile("^(re|ré|rép|aw|sv|vs|antw|odp|ynt)(\\[\\d+])?[\\s\\u00a0\\u202f]?:", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private ReplySubject() {
  }

  /** @param subject the thread's subject, never blank */
  static String of(String subject) {
    return REPLY_MARK.matcher(subject).find() ? subject : "Re: " + subject;
  }
}
