package dev.relay.connector.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Reads a MIME message: addresses and encoded headers decoded, text preferred over HTML, HTML
 * sanitised before any agent sees it, quoted history and signatures trimmed for display (the
 * full text kept), attachments listed, machine-sent mail recognised so Relay never answers it.
 */
final class EmailParser {

  private static final PolicyFactory HTML_POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
      .and(Sanitizers.LINKS).and(Sanitizers.TABLES)
      .and(new HtmlPolicyBuilder().allowElements("br", "hr").toFactory());
  private static final Pattern QUOTE_HEADER = Pattern.compile(
      "(?m)^(On .{1,200}wrote:|Le .{1,200}a écrit ?:|Am .{1,200}schrieb .{1,100}:|-{2,}\\s*Original Message\\s*-{2,}|From: .+)\\s*$");
  private static final Pattern SIGNATURE = Pattern.compile("(?m)^-- ?$");
  private static final Pattern TOKEN = Pattern.compile("^[^+@]+\\+([0-9a-f]{2,128})@");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private final String supportAddress;
  private final int maxAttachmentBytes;

  EmailParser(String supportAddress, int maxAttachmentBytes) {
    this.supportAddress = supportAddress.toLowerCase(Locale.ROOT);
    this.maxAttachmentBytes = maxAttachmentBytes;
  }

  ParsedEmail parse(MimeMessage message) throws MessagingException, IOException {
    InternetAddress from = first(message.getFrom());
    String fromAddress = from == null ? null : from.getAddress().toLowerCase(Locale.ROOT);
    String subject = message.getSubject() == null ? "" : message.getSubject().strip();
    Bodies bodies = new Bodies();
    collect(message, bodies, maxAttachmentBytes);
    String automatic = automatic(message, fromAddress);
    String html = bodies.html == null ? null : HTML_POLICY.sanitize(bodies.html);
    String full = bodies.plain != null ? bodies.plain : html == null ? "" : textOf(html);
    full = full.replace("\r\n", "\n").strip();
    return new ParsedEmail(
        message.getMessageID(),
        fromAddress,
        from == null || from.getPersonal() == null ? null : from.getPersonal().strip(),
        subject,
        trimmed(full),
        full,
        html,
        header(message, "In-Reply-To"),
        references(message),
        token(message),
        automatic,
        automatic == null ? null : bodies.bouncedId,
        automatic == null ? null : bodies.diagnostic,
        bodies.attachments,
        contentLanguage(message));
  }

  /** "fr-FR" of {@code Content-Language: fr-FR, en}: what the sender's mail client says they write in. */
  private static String contentLanguage(MimeMessage message) throws MessagingException {
    String header = header(message, "Content-Language");
    if (header == null) {
      return null;
    }
    String first = header.split(",")[0].strip();
    Locale locale = Locale.forLanguageTag(first);
    return first.length() <= 35 && !locale.getLanguage().isEmpty() ? locale.toLanguageTag() : null;
  }

  private static final Pattern ADDRESS = Pattern.compile("([^<>\\s\"]+@[^<>\\s\"]+\\.[^<>\\s\"]+)");

  /**
   * A mail whose structure cannot be read is still kept: the sender (read from the raw header), a
   * clear marker as its text, and the original attached as {@code original.eml}. Null when even the
   * sender cannot be found, as then there is nobody to route it to.
   */
  ParsedEmail raw(MimeMessage message, String problem) {
    try {
      String[] fromHeader = message.getHeader("From");
      Matcher address = ADDRESS.matcher(fromHeader == null ? "" : String.join(" ", fromHeader));
      if (!address.find()) {
        return null;
      }
      java.io.ByteArrayOutputStream original = new java.io.ByteArrayOutputStream();
      message.writeTo(original);
      byte[] bytes = original.toByteArray();
      boolean kept = bytes.length <= maxAttachmentBytes;
      String[] id = message.getHeader("Message-ID");
      String[] subject = message.getHeader("Subject");
      return new ParsedEmail(id == null ? null : id[0].strip(), address.group(1).toLowerCase(Locale.ROOT), null,
          subject == null ? "" : subject[0].strip(),
          "[Relay could not read this e-mail (" + problem + "); the original is attached as original.eml]",
          "", null, null, List.of(), null, null, null, null,
          List.of(new ParsedEmail.Attachment("original.eml", "message/rfc822", bytes.length, kept ? bytes : null)), null);
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
  }

  private static final class Bodies {
    String plain;
    String html;
    String bouncedId;
    String diagnostic;
    final List<ParsedEmail.Attachment> attachments = new ArrayList<>();
  }

  private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\s]+>)");
  private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*(.+)$");
  private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d+\\.\\d+)");

  private static void collect(Part part, Bodies bodies, int maxAttachmentBytes) throws MessagingException, IOException {
    String disposition = part.getDisposition();
    if (part.isMimeType("message/delivery-status")) {
      String report = text(part);
      Matcher diagnostic = DIAGNOSTIC.matcher(report);
      Matcher status = STATUS.matcher(report);
      bodies.diagnostic = diagnostic.find() ? diagnostic.group(1).strip() : status.find() ? "status " + status.group(1) : null;
    } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
      // A bounce quotes the mail that failed: its Message-ID says which of ours it was.
      Object content = part.getContent();
      String quoted = content instanceof MimeMessage original ? original.getMessageID() : null;
      if (quoted == null) {
        Matcher id = MESSAGE_ID.matcher(text(part));
        quoted = id.find() ? id.group(1) : null;
      }
      bodies.bouncedId = quoted;
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, bodies, maxAttachmentBytes);
      }
    } else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null) {
      byte[] content;
      try (java.io.InputStream in = part.getInputStream()) {
        content = in.readNBytes(maxAttachmentBytes + 1);
      }
      boolean kept = content.length <= maxAttachmentBytes;
      String name = decode(part.getFileName());
      bodies.attachments.add(new ParsedEmail.Attachment(name == null ? "attachment" : name,
          part.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT),
          kept ? content.length : Math.max(part.getSize(), content.length), kept ? content : null));
    } else if (part.isMimeType("text/plain") && bodies.plain == null) {
      bodies.plain = String.valueOf(part.getContent());
    } else if (part.isMimeType("text/html") && bodies.html == null) {
      bodies.html = String.valueOf(part.getContent());
    }
  }

  private static String text(Part part) throws MessagingException, IOException {
    Object content = part.getContent();
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof java.io.InputStream in) {
      try (in) {
        return new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return String.valueOf(content);
  }

  /** The new text only: cut at the first quote header, a block of "&gt;" lines, or the signature marker. */
  static String trimmed(String full) {
    String text = full;
    Matcher quote = QUOTE_HEADER.matcher(text);
    if (quote.find() && quote.start() > 0) {
      text = text.substring(0, quote.start());
    }
    Matcher signature = SIGNATURE.matcher(text);
    if (signature.find() && signature.start() > 0) {
      text = text.substring(0, signature.start());
    }
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    while (!lines.isEmpty() && (lines.get(lines.size() - 1).startsWith(">") || lines.get(lines.size() - 1).isBlank())) {
      lines.remove(lines.size() - 1);
    }
    String result = String.join("\n", lines).strip();
    return result.isEmpty() ? full : result;
  }

  private static String textOf(String sanitizedHtml) {
    String text = sanitizedHtml.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>|</tr>", "\n");
    text = TAG.matcher(text).replaceAll("");
    return text.replace("&nbsp;", " ").replace("&#64;", "@").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
  }

  private String token(MimeMessage message) throws MessagingException {
    List<Address> recipients = new ArrayList<>();
    for (String header : new String[] {"To", "Cc", "Delivered-To"}) {
      String[] values = message.getHeader(header);
      if (values != null) {
        for (String value : values) {
          recipients.addAll(Arrays.asList(InternetAddress.parseHeader(value, false)));
        }
      }
    }
    String domain = supportAddress.substring(supportAddress.indexOf('@'));
    String local = supportAddress.substring(0, supportAddress.indexOf('@'));
    for (Address recipient : recipients) {
      String address = ((InternetAddress) recipient).getAddress().toLowerCase(Locale.ROOT);
      Matcher m = TOKEN.matcher(address);
      if (address.endsWith(domain) && address.startsWith(local + "+") && m.find()) {
        return EmailOptions.conversationOf(m.group(1));
      }
    }
    return null;
  }

  /** RFC 3834 and common practice: auto-replies, bulk and list mail, bounces, and mail we sent. */
  private String automatic(MimeMessage message, String fromAddress) throws MessagingException {
    String autoSubmitted = header(message, "Auto-Submitted");
    if (autoSubmitted != null && !autoSubmitted.equalsIgnoreCase("no")) {
      return "Auto-Submitted: " + autoSubmitted;
    }
    String precedence = header(message, "Precedence");
    if (precedence != null && List.of("bulk", "list", "junk").contains(precedence.toLowerCase(Locale.ROOT))) {
      return "Precedence: " + precedence;
    }
    if (header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null) {
      return "auto-reply header";
    }
    if (fromAddress == null) {
      return "no sender";
    }
    String local = fromAddress.substring(0, fromAddress.indexOf('@') < 0 ? fromAddress.length() : fromAddress.indexOf('@'));
    if (local.equals("mailer-daemon") || local.equals("postmaster")) {
      return "bounce from " + fromAddress;
    }
    if (message.isMimeType("multipart/report")) {
      return "delivery report";
    }
    String supportLocal = supportAddress.substring(0, supportAddress.indexOf('@'));
    String supportDomain = supportAddress.substring(supportAddress.indexOf('@'));
    if (fromAddress.equals(supportAddress) || (fromAddress.startsWith(supportLocal + "+") && fromAddress.endsWith(supportDomain))) {
      return "sent by our own address";
    }
    return null;
  }

  private static List<String> references(MimeMessage message) throws MessagingException {
    String references = header(message, "References");
    if (references == null) {
      return List.of();
    }
    return Arrays.stream(references.split("\\s+")).filter(r -> r.startsWith("<") && r.endsWith(">")).toList();
  }

  private static String header(MimeMessage message, String name) throws MessagingException {
    String value = message.getHeader(name, " ");
    return value == null ? null : value.strip();
  }

  private static InternetAddress first(Address[] addresses) {
    return addresses == null || addresses.length == 0 || !(addresses[0] instanceof InternetAddress a) ? null : a;
  }

  private static String decode(String value) {
    if (value == null) {
      return null;
    }
    try {
      return MimeUtility.decodeText(value);
    } catch (UnsupportedEncodingException e) {
      return value;
    }
  }
}
