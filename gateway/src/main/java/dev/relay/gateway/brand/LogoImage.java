package dev.relay.gateway.brand;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an uploaded logo is, read from its first bytes (never from the upload's Content-Type, which
 * the uploader chose): PNG, JPEG, GIF or WebP. SVG is refused: it may carry scripts, and Relay
 * serves the logo to every visitor.
 */
final class LogoImage {

  /** Enough for a sharp logo at twice the header's size; the store keeps it whole. */
  static final int MAX_BYTES = 256 * 1024;

  private LogoImage() {
  }

  static Optional<String> typeOf(byte[] image) {
    if (starts(image, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
      return Optional.of("image/png");
    }
    if (starts(image, 0, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
      return Optional.of("image/jpeg");
    }
    if (starts(image, 0, ascii("GIF87a")) || starts(image, 0, ascii("GIF89a"))) {
      return Optional.of("image/gif");
    }
    if (starts(image, 0, ascii("RIFF")) && starts(image, 8, ascii("WEBP"))) {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean starts(byte[] image, int at, byte[] magic) {
    return image.length >= at + magic.length && Arrays.equals(image, at, at + magic.length, magic, 0, magic.length);
  }
}
