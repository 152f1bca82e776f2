package dev.relay.connector.email;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text from sanitised HTML, for agents and for quote trimming: line breaks where blocks end,
 * tags dropped, character references decoded in one pass (numeric ones too, so "&amp;#43;33 6 12" reads
 * "+33 6 12" and "&amp;amp;lt;" stays "&amp;lt;").
 */
final class HtmlText {

  private static final Pattern BREAKS = Pattern.compile("(?i)<br\\s*/?>|</p>|</div>|</li>|</tr>|</h[1-6]>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern REFERENCE = Pattern.compile("&(?:#(\\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));");
  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("eacute", "é"), Map.entry("egrave", "è"),
      Map.entry("agrave", "à"), Map.entry("ccedil", "ç"), Map.entry("ecirc", "ê"), Map.entry("euro", "€"),
      Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("rsquo", "’"), Map.entry("hellip", "…"));

  private HtmlText() {
  }

  static String of(String sanitizedHtml) {
    String text = TAG.matcher(BREAKS.matcher(sanitizedHtml).replaceAll("\n")).replaceAll("");
    return decode(text);
  }

  static String decode(String text) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String replacement = m.group();
      if (m.group(3) != null) {
        replacement = NAMED.getOrDefault(m.group(3), replacement);
      } else {
        int code = m.group(1) != null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2), 16);
        if (Character.isValidCodePoint(code) && code != 0) {
          replacement = code == 0xa0 ? " " : Character.toString(code);
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
