package dev.relay.connector.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Reads a MIME message: addresses and encoded (or raw UTF-8) headers decoded, text preferred over
 * HTML, HTML sanitised before any agent sees it, quoted history and signatures trimmed for display
 * (the full text kept), attachments and forwarded mail listed, machine-sent mail recognised so Relay
 * never answers it. A part that cannot be read spoils only itself: it is attached as it came and
 * the text says so. Parts are read as streams with bounded buffers, so with IMAP a large
 * attachment is never in memory whole.
 */
final class EmailParser {

  private static final PolicyFactory HTML_POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
      .and(Sanitizers.LINKS).and(Sanitizers.TABLES)
      .and(new HtmlPolicyBuilder().allowElements("br", "hr").toFactory());
  private static final Pattern TOKEN = Pattern.compile("^[^+@]+\\+([a-z2-7]{17,100})@");
  /** More text than any person writes; beyond it the part is kept as a file instead. */
  static final int MAX_TEXT_BYTES = 1024 * 1024;

  private final String supportAddress;
  private final int maxAttachmentBytes;
  private final ReplyTokens tokens;

  EmailParser(String supportAddress, int maxAttachmentBytes, ReplyTokens tokens) {
    this.supportAddress = supportAddress.toLowerCase(Locale.ROOT);
    this.maxAttachmentBytes = maxAttachmentBytes;
    this.tokens = tokens;
  }

  ParsedEmail parse(MimeMessage message) throws MessagingException, IOException {
    InternetAddress from = first(message.getFrom());
    String fromAddress = from == null ? null : from.getAddress().toLowerCase(Locale.ROOT);
    // Raw UTF-8 (RFC 6532) read as Latin-1 by an IMAP server's ENVELOPE is read again as UTF-8.
    String subject = message.getSubject() == null ? "" : utf8Read(message.getSubject().strip());
    String automatic = automatic(message, fromAddress);
    Bodies bodies = new Bodies();
    collect(message, bodies, automatic != null && (message.isMimeType("multipart/report") || automatic.startsWith("bounce")));
    String html = bodies.html == null ? null : HTML_POLICY.sanitize(bodies.html);
    String full = bodies.plain != null ? bodies.plain : html == null ? "" : HtmlText.of(html);
    full = full.replace("\r\n", "\n").strip();
    String text = QuoteTrimmer.trimmed(full);
    if (!bodies.notes.isEmpty()) {
      String notes = String.join("\n", bodies.notes);
      full = full.isEmpty() ? notes : full + "\n\n" + notes;
      text = text.isEmpty() ? notes : text + "\n\n" + notes;
    }
    // A bounce without a machine-readable status (no message/delivery-status part) is a failure.
    DeliveryReport report = automatic == null ? null : bodies.report != null ? bodies.report.about(bodies.quotedId)
        : bodies.quotedId != null ? new DeliveryReport(bodies.quotedId, DeliveryReport.Action.FAILED, null, null) : null;
    return new ParsedEmail(
        message.getMessageID(),
        fromAddress,
        from == null || from.getPersonal() == null ? null : utf8Read(from.getPersonal().strip()),
        subject,
        text,
        full,
        html,
        header(message, "In-Reply-To"),
        references(message),
        copied(message, fromAddress),
        token(message),
        automatic,
        report,
        AuthenticationResults.check(topmost(message, "Authentication-Results")),
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
   * clear marker as its text, and the original attached as {@code original.eml} (within the size
   * limit; it is not read at all beyond it). Null when even the sender cannot be found, as then there
   * is nobody to route it to.
   */
  ParsedEmail raw(MimeMessage message, String problem) {
    try {
      String[] fromHeader = message.getHeader("From");
      Matcher address = ADDRESS.matcher(fromHeader == null ? "" : String.join(" ", fromHeader));
      if (!address.find()) {
        return null;
      }
      int declared = message.getSize();
      byte[] bytes = null;
      long size = declared;
      if (declared <= maxAttachmentBytes) {
        java.io.ByteArrayOutputStream original = new java.io.ByteArrayOutputStream();
        message.writeTo(original);
        bytes = original.toByteArray();
        size = bytes.length;
      }
      String[] id = message.getHeader("Message-ID");
      String[] subject = message.getHeader("Subject");
      return new ParsedEmail(id == null ? null : id[0].strip(), address.group(1).toLowerCase(Locale.ROOT), null,
          subject == null ? "" : decode(subject[0].strip()),
          "[Relay could not read this e-mail (" + problem + "); the original is attached as original.eml]",
          "", null, null, List.of(), List.of(), null, null, null, AuthenticationResults.check(topmost(message,
          "Authentication-Results")),
          List.of(new ParsedEmail.Attachment("original.eml", "message/rfc822", size,
              bytes != null && bytes.length <= maxAttachmentBytes ? bytes : null)), null);
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
  }

  private static final class Bodies {
    String plain;
    String html;
    String quotedId;
    DeliveryReport report;
    final List<String> notes = new ArrayList<>();
    final List<ParsedEmail.Attachment> attachments = new ArrayList<>();
  }

  private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\s]+>)");

  /**
   * @param inReport inside a delivery report (or a mailer daemon's bounce): there the quoted message is
   *                 the one the report is about; anywhere else a {@code message/rfc822} part is forwarded mail
   */
  private void collect(Part part, Bodies bodies, boolean inReport) throws MessagingException, IOException {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart;
      try {
        multipart = (Multipart) part.getContent();
      } catch (MessagingException | IOException | ClassCastException e) {
        unreadable(part, bodies, e);
        return;
      }
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, bodies, inReport);
      }
      return;
    }
    try {
      leaf(part, bodies, inReport);
    } catch (MessagingException | IOException | RuntimeException e) {
      unreadable(part, bodies, e);
    }
  }

  private void leaf(Part part, Bodies bodies, boolean inReport) throws MessagingException, IOException {
    String disposition = part.getDisposition();
    if (inReport && part.isMimeType("message/delivery-status")) {
      bodies.report = DeliveryReport.parse(new String(bounded(part, 64 * 1024).bytes(), StandardCharsets.UTF_8));
    } else if (inReport && (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers"))) {
      // A report quotes the mail it is about: its Message-ID says which of ours it was.
      Matcher id = MESSAGE_ID.matcher(new String(bounded(part, 64 * 1024).bytes(), StandardCharsets.UTF_8));
      bodies.quotedId = id.find() ? id.group(1) : null;
    } else if (part.isMimeType("message/rfc822")) {
      String name = decode(part.getFileName());
      if (name == null) {
        Object forwarded = part.getContent();
        String subject = forwarded instanceof MimeMessage m ? m.getSubject() : null;
        name = (subject == null || subject.isBlank() ? "forwarded" : subject.strip().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_"))
            + ".eml";
      }
      bodies.attachments.add(attachment(part, name, "message/rfc822"));
    } else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null) {
      String name = decode(part.getFileName());
      bodies.attachments.add(attachment(part, name == null ? "attachment" : name, baseType(part)));
    } else if (part.isMimeType("text/plain") && bodies.plain == null) {
      bodies.plain = text(part, bodies);
    } else if (part.isMimeType("text/html") && bodies.html == null) {
      bodies.html = text(part, bodies);
    }
  }

  /** A part that could not be decoded: attached as it came (still encoded), and the text says so. */
  private void unreadable(Part part, Bodies bodies, Exception problem) {
    String name;
    try {
      name = part.getFileName() == null ? "unreadable-part-" + (bodies.attachments.size() + 1) : decode(part.getFileName());
    } catch (MessagingException | RuntimeException e) {
      name = "unreadable-part-" + (bodies.attachments.size() + 1);
    }
    byte[] raw = null;
    long size = 0;
    try (InputStream in = part instanceof jakarta.mail.internet.MimeBodyPart body ? body.getRawInputStream() : null) {
      if (in != null) {
        Read read = bounded(in, maxAttachmentBytes);
        raw = read.whole() ? read.bytes() : null;
        size = read.size();
      }
    } catch (MessagingException | IOException | RuntimeException e) {
      raw = null;
    }
    bodies.attachments.add(new ParsedEmail.Attachment(name, "application/octet-stream", size, raw));
    bodies.notes.add("[Relay could not read one part of this e-mail (" + problem.getMessage() + "); it is attached as it came: "
        + name + "]");
  }

  private ParsedEmail.Attachment attachment(Part part, String name, String type) throws MessagingException, IOException {
    Read read = bounded(part, maxAttachmentBytes);
    return new ParsedEmail.Attachment(name, type, read.size(), read.whole() ? read.bytes() : null);
  }

  /** The text of a part in its declared charset; an unknown charset is read as UTF-8, or Windows-1252 if it is not. */
  private String text(Part part, Bodies bodies) throws MessagingException, IOException {
    Read read = bounded(part, MAX_TEXT_BYTES);
    String text = decodeText(read.bytes(), charset(part));
    if (!read.whole()) {
      String name = part.isMimeType("text/html") ? "message.html" : "message.txt";
      bodies.attachments.add(attachment(part, name, baseType(part)));
      bodies.notes.add("[this text is longer than Relay shows (" + read.size() + " bytes); the whole of it is attached as "
          + name + "]");
    }
    return text;
  }

  private static String charset(Part part) {
    try {
      String declared = new ContentType(part.getContentType()).getParameter("charset");
      return declared == null ? null : MimeUtility.javaCharset(declared.strip());
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  static String decodeText(byte[] bytes, String charset) {
    if (charset != null) {
      try {
        return new String(bytes, Charset.forName(charset));
      } catch (IllegalArgumentException unknown) {
        // falls through: decoded as the common charsets are
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      return new String(bytes, Charset.forName("windows-1252"));
    }
  }

  /** Up to {@code limit} bytes of a stream, and how long it was in all (the rest is counted, not kept). */
  private record Read(byte[] bytes, long size) {
    boolean whole() {
      return bytes.length == size;
    }
  }

  private static Read bounded(Part part, int limit) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      return bounded(in, limit);
    }
  }

  private static Read bounded(InputStream in, int limit) throws IOException {
    byte[] head = in.readNBytes(limit);
    long size = head.length;
    if (size == limit) {
      size += in.transferTo(OutputStream.nullOutputStream());
    }
    return new Read(head, size);
  }

  private static String baseType(Part part) throws MessagingException {
    return part.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
  }

  /** The new text only: cut at the first quote header, a block of "&gt;" lines, or the signature marker. */
  static String trimmed(String full) {
    return QuoteTrimmer.trimmed(full);
  }

  private List<Address> recipients(MimeMessage message, String... headers) throws MessagingException {
    List<Address> recipients = new ArrayList<>();
    for (String header : headers) {
      String[] values = message.getHeader(header);
      if (values != null) {
        for (String value : values) {
          try {
            recipients.addAll(Arrays.asList(InternetAddress.parseHeader(value, false)));
          } catch (AddressException e) {
            // a malformed recipient list names nobody we could copy or thread by
          }
        }
      }
    }
    return recipients;
  }

  private String token(MimeMessage message) throws MessagingException {
    String domain = supportAddress.substring(supportAddress.indexOf('@'));
    String local = supportAddress.substring(0, supportAddress.indexOf('@'));
    for (Address recipient : recipients(message, "To", "Cc", "Delivered-To")) {
      String address = ((InternetAddress) recipient).getAddress().toLowerCase(Locale.ROOT);
      Matcher m = TOKEN.matcher(address);
      if (address.endsWith(domain) && address.startsWith(local + "+") && m.find()) {
        String conversation = tokens.conversationOf(m.group(1));
        if (conversation != null) {
          return conversation;
        }
      }
    }
    return null;
  }

  /** Whom else the sender wrote to: To and Cc, without the sender and without our own addresses. */
  private List<String> copied(MimeMessage message, String fromAddress) throws MessagingException {
    Set<String> others = new LinkedHashSet<>();
    for (Address recipient : recipients(message, "To", "Cc")) {
      String address = ((InternetAddress) recipient).getAddress();
      if (address == null || !address.contains("@")) {
        continue;
      }
      address = address.toLowerCase(Locale.ROOT);
      if (!ours(address) && !address.equals(fromAddress)) {
        others.add(address);
      }
    }
    return List.copyOf(others);
  }

  private boolean ours(String address) {
    String supportLocal = supportAddress.substring(0, supportAddress.indexOf('@'));
    String supportDomain = supportAddress.substring(supportAddress.indexOf('@'));
    return address.equals(supportAddress) || (address.startsWith(supportLocal + "+") && address.endsWith(supportDomain));
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
    if (ours(fromAddress)) {
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

  private static String topmost(MimeMessage message, String name) throws MessagingException {
    String[] values = message.getHeader(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  private static InternetAddress first(Address[] addresses) {
    return addresses == null || addresses.length == 0 || !(addresses[0] instanceof InternetAddress a) ? null : a;
  }

  /** An encoded word decoded; raw UTF-8 (RFC 6532) that a header parser read as Latin-1 read again. */
  private static String decode(String value) {
    if (value == null) {
      return null;
    }
    String decoded;
    try {
      decoded = MimeUtility.decodeText(value);
    } catch (UnsupportedEncodingException e) {
      decoded = value;
    }
    return utf8Read(decoded);
  }

  private static String utf8Read(String text) {
    if (text.chars().allMatch(c -> c < 0x80) || text.chars().anyMatch(c -> c > 0xff)) {
      return text;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))).toString();
    } catch (CharacterCodingException notUtf8) {
      return text;
    }
  }
}
