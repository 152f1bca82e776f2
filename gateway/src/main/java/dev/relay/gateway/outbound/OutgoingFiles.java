package dev.relay.gateway.outbound;

import dev.relay.gateway.http.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files of an agent's reply, {@code "attachments": [{"filename", "content" (base64)}]}, checked
 * before anything is stored: at most {@link #MAX_FILES}, each at most {@link #MAX_BYTES} (the channel
 * may allow less), and of a type read from the bytes themselves (the name's extension only tells
 * Office formats apart): PDF, PNG, JPEG, GIF, WebP, Office and OpenDocument files, plain text, CSV.
 * Programs, scripts, HTML and SVG (active content) are refused, whatever they are called. A file a
 * chat visitor sends passes the same {@link #check}.
 */
public final class OutgoingFiles {

  public static final int MAX_FILES = 5;
  /** E-mail's inbound limit by default ({@code email.maxAttachmentBytes}); the channel's own limit is checked on sending. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;
  /** The reply's body with its files in base64 (4/3 of the bytes) and the text. */
  public static final long MAX_BODY = (MAX_FILES * MAX_BYTES * 4) / 3 + 64 * 1024;
  private static final int MAX_NAME = 200;
  private static final String TYPES = "PDF, images (PNG, JPEG, GIF, WebP), Office or OpenDocument files, plain text or CSV";

  private static final Map<String, String> ZIPPED = Map.of(
      "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "odt", "application/vnd.oasis.opendocument.text",
      "ods", "application/vnd.oasis.opendocument.spreadsheet",
      "odp", "application/vnd.oasis.opendocument.presentation",
      "zip", "application/zip");
  private static final Map<String, String> OLE = Map.of(
      "doc", "application/msword", "xls", "application/vnd.ms-excel", "ppt", "application/vnd.ms-powerpoint");

  private OutgoingFiles() {
  }

  /** What {@link #check} found: a file Relay takes, or why not. */
  public sealed interface Checked {
  }

  /** A file that passed: its name (without any folder), its type as read from its bytes, the bytes. */
  public record OutgoingFile(String filename, String contentType, byte[] content) implements Checked {
    public long size() {
      return content.length;
    }
  }

  /** Why a file is refused; {@code name} is the one it would have had (for the message). */
  public record Refused(Problem problem, String name) implements Checked {
  }

  public enum Problem { NAME, EMPTY, TOO_LARGE, TYPE }

  /** One file, as a person named it: its name, its size, its type read from its bytes. */
  public static Checked check(String typedName, byte[] bytes) {
    String name = baseName(typedName);
    if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      return new Refused(Problem.NAME, name);
    }
    if (bytes.length == 0) {
      return new Refused(Problem.EMPTY, name);
    }
    if (bytes.length > MAX_BYTES) {
      return new Refused(Problem.TOO_LARGE, name);
    }
    Optional<String> type = sniff(name, bytes);
    return type.<Checked>map(t -> new OutgoingFile(name, t, bytes)).orElseGet(() -> new Refused(Problem.TYPE, name));
  }

  /** The files of {@code body}'s {@code attachments} (none when absent); each problem goes to {@code fields}. */
  public static List<OutgoingFile> read(JsonObject body, Fields fields) {
    Object raw = body.getValue("attachments");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      fields.problem("attachments: must be a list of {\"filename\", \"content\" (base64)}");
      return List.of();
    }
    if (array.size() > MAX_FILES) {
      fields.problem("attachments: at most " + MAX_FILES + " files a reply");
      return List.of();
    }
    List<OutgoingFile> files = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "attachments[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject file) || !(file.getValue("filename") instanceof String typedName)
          || !(file.getValue("content") instanceof String content) || file.size() != 2) {
        fields.problem(at + ": must be {\"filename\", \"content\" (base64)}");
        continue;
      }
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        fields.problem(at + ".content: not base64");
        continue;
      }
      Checked checked = check(typedName, bytes);
      if (checked instanceof OutgoingFile passed) {
        files.add(passed);
      } else if (checked instanceof Refused refused) {
        fields.problem(at + problem(refused));
      }
    }
    return files;
  }

  private static String problem(Refused refused) {
    String name = refused.name();
    return switch (refused.problem()) {
      case NAME -> ".filename: a file name of 1 to " + MAX_NAME + " characters on one line";
      case EMPTY -> ": " + name + " is empty";
      case TOO_LARGE -> ": " + name + " is larger than " + MAX_BYTES / (1024 * 1024) + " MB";
      case TYPE -> ": " + name + " is not a kind of file Relay sends (" + TYPES + ")";
    };
  }

  /** "C:\\Users\\léa\\facture.pdf" → "facture.pdf": browsers may send a path; only the name goes out. */
  static String baseName(String typed) {
    String name = typed.strip();
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1).strip();
  }

  /** The type the bytes are, among those Relay sends; empty for anything else. */
  static Optional<String> sniff(String filename, byte[] b) {
    String ext = filename.contains(".") ? filename.substring(filename.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    if (starts(b, "%PDF-")) {
      return Optional.of("application/pdf");
    }
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of("image/png");
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return Optional.of("image/jpeg");
    }
    if (starts(b, "GIF87a") || starts(b, "GIF89a")) {
      return Optional.of("image/gif");
    }
    if (starts(b, "RIFF") && b.length >= 12 && new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return Optional.of("image/webp");
    }
    if (starts(b, 'P', 'K', 3, 4)) {
      return Optional.ofNullable(ZIPPED.get(ext));
    }
    if (starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
      return Optional.ofNullable(OLE.get(ext));
    }
    if (("txt".equals(ext) || "csv".equals(ext)) && isPlainText(b)) {
      return Optional.of("csv".equals(ext) ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8");
    }
    return Optional.empty();
  }

  /** UTF-8 text without NULs that does not open like markup (HTML or SVG would run in a browser that renders it). */
  private static boolean isPlainText(byte[] b) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    return text.indexOf('\0') < 0 && !text.stripLeading().startsWith("<") && !text.startsWith("#!");
  }

  private static boolean starts(byte[] b, String ascii) {
    return starts(b, ascii.chars().toArray());
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
