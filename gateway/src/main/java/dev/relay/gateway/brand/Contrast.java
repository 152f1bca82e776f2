package dev.relay.gateway.brand;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * WCAG 2.x contrast between two sRGB colours: the widget writes white on the brand colour (header,
 * launcher, the visitor's bubbles), so a colour below {@link #AA_TEXT} would make it hard to read.
 */
final class Contrast {

  /** WCAG 2.1 success criterion 1.4.3 (AA) for normal text. */
  static final double AA_TEXT = 4.5;
  /** WCAG 2.1 success criterion 1.4.6 (AAA): below it, the admin page warns but the colour is kept. */
  static final double AAA_TEXT = 7.0;
  static final String WHITE = "#ffffff";
  private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");

  private Contrast() {
  }

  static boolean isHex(String colour) {
    return colour != null && HEX.matcher(colour).matches();
  }

  /** From 1 (none) to 21 (black on white), rounded down to two decimals so "4.5" never passes at 4.499. */
  static double ratio(String a, String b) {
    double la = luminance(a);
    double lb = luminance(b);
    double ratio = (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    return Math.floor(ratio * 100) / 100;
  }

  static String normalise(String colour) {
    return colour.toLowerCase(Locale.ROOT);
  }

  private static double luminance(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
  }

  private static double channel(int value) {
    double c = (value & 0xff) / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
