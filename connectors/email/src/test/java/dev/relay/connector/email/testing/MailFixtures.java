package dev.relay.connector.email.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Mail as real clients and servers write it (Outlook, Gmail, Apple Mail and Thunderbird in French,
 * Postfix's delivery reports), from {@code src/test/resources/mail}. {@code {{NAME}}} placeholders
 * are filled in by the test: {@code TO} (the address it was sent to), {@code OURS} (the Message-ID,
 * without brackets, of our mail it answers or reports on), {@code RECIPIENT}, {@code TOKEN}.
 */
public final class MailFixtures {

  private MailFixtures() {
  }

  /** The mail with its placeholders filled and CRLF line ends, as it travels. */
  public static byte[] mail(String name, Map<String, String> values) {
    String text;
    try (InputStream in = MailFixtures.class.getResourceAsStream("/mail/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture mail/" + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }
}
