package dev.relay.gateway.domain;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a file is, read from its bytes (never from the Content-Type its sender chose; the name's
 * extension only tells Office formats apart): the kinds Relay sends and serves. Programs, scripts,
 * HTML and SVG (active content) are none of them, whatever they are called.
 */
public final class FileTypes {

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

  private FileTypes() {
  }

  /** PNG, JPEG, GIF or WebP, read from the first bytes; empty for anything else (SVG included: it can carry scripts). */
  public static Optional<String> image(byte[] b) {
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
    return Optional.empty();
  }

  /** The type the bytes are, among those Relay sends; empty for anything else. */
  public static Optional<String> of(String filename, byte[] b) {
    String ext = filename.contains(".") ? filename.substring(filename.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    if (starts(b, "%PDF-")) {
      return Optional.of("application/pdf");
    }
    Optional<String> image = image(b);
    if (image.isPresent()) {
      return image;
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
