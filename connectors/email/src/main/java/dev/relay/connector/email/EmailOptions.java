package dev.relay.connector.email;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The e-mail channel's settings, from {@code RELAY_IMAP_URL} (one mailbox, or several separated by
 * commas), {@code RELAY_SMTP_URL} and {@code RELAY_SUPPORT_ADDRESS}. URLs carry the credentials:
 * {@code imaps://user:password@imap.example.com/INBOX}, {@code smtp://user:password@smtp.example.com:587?starttls=true}
 * or {@code smtps://...}. They come from the environment and are never logged; {@link #toString()}
 * masks them.
 *
 * @param signature how replies are signed; {@code {agent}} becomes the agent's name
 */
public record EmailOptions(List<URI> mailboxes, URI smtp, String supportAddress, Duration pollInterval, String signature,
                           int maxAttachmentBytes) {

  public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024;
  public static final String DEFAULT_SIGNATURE = "{agent}";

  public EmailOptions {
    mailboxes = List.copyOf(mailboxes);
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(supportAddress, "supportAddress");
    pollInterval = pollInterval == null ? DEFAULT_POLL : pollInterval;
    signature = signature == null || signature.isBlank() ? DEFAULT_SIGNATURE : signature;
    maxAttachmentBytes = maxAttachmentBytes <= 0 ? DEFAULT_MAX_ATTACHMENT : maxAttachmentBytes;
  }

  /** Reads and checks the three settings; every problem is reported, no secret is echoed. */
  public static EmailOptions parse(String imapUrl, String smtpUrl, String supportAddress, Duration poll, String signature) {
    return parse(imapUrl, smtpUrl, supportAddress, poll, signature, DEFAULT_MAX_ATTACHMENT);
  }

  /** @param maxAttachmentBytes largest attachment kept; larger ones are listed, not stored */
  public static EmailOptions parse(String imapUrl, String smtpUrl, String supportAddress, Duration poll, String signature,
                                   int maxAttachmentBytes) {
    List<String> problems = new ArrayList<>();
    List<URI> mailboxes = new ArrayList<>();
    for (String one : imapUrl == null ? new String[] {null} : imapUrl.split(",")) {
      URI mailbox = uri(one, "RELAY_IMAP_URL", List.of("imap", "imaps"), problems);
      if (mailbox != null) {
        mailboxes.add(mailbox);
      }
    }
    URI smtp = uri(smtpUrl, "RELAY_SMTP_URL", List.of("smtp", "smtps"), problems);
    if (supportAddress == null || !supportAddress.matches("[^@\\s+]+@[^@\\s]+\\.[^@\\s]+")) {
      problems.add("RELAY_SUPPORT_ADDRESS must be the support mailbox's address, e.g. support@example.com (no '+')");
    }
    if (poll != null && (poll.isNegative() || poll.isZero())) {
      problems.add("the e-mail poll interval must be positive");
    }
    if (maxAttachmentBytes < 0) {
      problems.add("the largest attachment size must not be negative");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new EmailOptions(mailboxes, smtp, supportAddress.toLowerCase(Locale.ROOT), poll, signature, maxAttachmentBytes);
  }

  private static URI uri(String raw, String name, List<String> schemes, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      problems.add(name + " is required");
      return null;
    }
    try {
      URI uri = URI.create(raw.strip());
      if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
        problems.add(name + " must look like " + schemes.get(1) + "://user:password@host:port");
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(name + " is not a valid URL (special characters in the password must be %-encoded)");
      return null;
    }
  }

  static String user(URI uri) {
    String info = uri.getRawUserInfo();
    if (info == null) {
      return null;
    }
    int colon = info.indexOf(':');
    return decode(colon < 0 ? info : info.substring(0, colon));
  }

  static String password(URI uri) {
    String info = uri.getRawUserInfo();
    int colon = info == null ? -1 : info.indexOf(':');
    return colon < 0 ? null : decode(info.substring(colon + 1));
  }

  static boolean secure(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT).endsWith("s");
  }

  static boolean starttls(URI uri) {
    return query(uri, "starttls") != null && query(uri, "starttls").equals("true");
  }

  /**
   * Hosts whose certificate is trusted without a known CA ({@code ?trust=mail.internal}), for
   * internal servers with a self-signed certificate. Without it, certificates are checked as usual.
   */
  static String trustedHosts(URI uri) {
    return query(uri, "trust");
  }

  /** Mail properties common to IMAP and SMTP: timeouts, and TLS trust when asked for. */
  static java.util.Properties properties(String protocol, URI uri) {
    java.util.Properties p = new java.util.Properties();
    p.put("mail." + protocol + ".connectiontimeout", "10000");
    p.put("mail." + protocol + ".timeout", "30000");
    p.put("mail." + protocol + ".writetimeout", "30000");
    if (trustedHosts(uri) != null) {
      // The operator vouches for these hosts' own certificates: neither CA nor name is checked.
      p.put("mail." + protocol + ".ssl.trust", trustedHosts(uri).replace(',', ' '));
      p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
    } else {
      p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
    }
    return p;
  }

  private static String query(URI uri, String name) {
    if (uri.getQuery() == null) {
      return null;
    }
    for (String pair : uri.getQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }

  public String domain() {
    return supportAddress.substring(supportAddress.indexOf('@') + 1);
  }

  /**
   * The reply address that names a conversation: {@code support+<token>@domain}. The token is the
   * conversation id in lower-case hex, because mail systems may change the case of local parts.
   */
  String replyAddress(String conversationId) {
    int at = supportAddress.indexOf('@');
    return supportAddress.substring(0, at) + "+" + HexFormat.of().formatHex(conversationId.getBytes(StandardCharsets.UTF_8))
        + supportAddress.substring(at);
  }

  /** The conversation id a token names, or null when it is not one of ours. */
  static String conversationOf(String token) {
    try {
      return new String(HexFormat.of().parseHex(token.toLowerCase(Locale.ROOT)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EmailOptions[mailboxes=" + mailboxes.stream().map(EmailOptions::masked).toList() + ", smtp=" + masked(smtp) + ", supportAddress=" + supportAddress
        + ", pollInterval=" + pollInterval + "]";
  }

  static String masked(URI uri) {
    return uri.getScheme() + "://" + (user(uri) == null ? "" : user(uri) + ":***@") + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getPath() == null ? "" : uri.getPath());
  }
}
