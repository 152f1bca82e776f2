package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.FileTypes;
import dev.relay.gateway.http.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
    Optional<String> type = FileTypes.of(name, bytes);
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
}
