package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.relay.connector.email.testing.Dovecot;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17.2: a backlog larger than the heap. 40 unread mails of 15 MiB each (600 MiB) wait in a
 * real Dovecot; the connector, in a JVM of its own with a 256 MiB heap that exits on an
 * OutOfMemoryError, must take all of them. Fetching them in one go (as it did) ended in an
 * OutOfMemoryError, again at every restart.
 */
class BacklogMemoryTest {

  static final int MAILS = 40;
  static final int ATTACHMENT_BYTES = 11 * 1024 * 1024; // 15 MiB in base64

  @Test
  void aBacklogBiggerThanTheHeapIsTakenMailByMail() throws Exception {
    assumeTrue(Dovecot.installed(), "Dovecot is installed by .ci/run");
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.port(0));
    smtp.start();
    try (Dovecot dovecot = Dovecot.start("support", "s3cret")) {
      byte[] photo = new byte[ATTACHMENT_BYTES];
      new Random(4512).nextBytes(photo);
      String body = Base64.getMimeEncoder().encodeToString(photo);
      for (int i = 1; i <= MAILS; i++) {
        dovecot.drop("support", ("From: Marie Dupont <marie.dupont@example.fr>\r\nTo: support@acme.test\r\n"
            + "Subject: Photos du colis " + i + "\r\nMessage-ID: <backlog-" + i + "@example.fr>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Voici la photo n° " + i + ".\r\n--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; "
            + "filename=\"colis-" + i + ".jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n--b--\r\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
          BacklogIntake.class.getName(), dovecot.imapUrl("support", "s3cret", "?starttls=true&trust=localhost"),
          "smtp://localhost:" + smtp.getSmtp().getPort(), String.valueOf(MAILS))
          .redirectErrorStream(true).start();
      StringBuilder output = new StringBuilder();
      Thread reader = new Thread(() -> {
        try {
          output.append(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
          output.append(e);
        }
      });
      reader.start();
      boolean ended = child.waitFor(6, TimeUnit.MINUTES);
      if (!ended) {
        child.destroyForcibly();
      }
      reader.join(10_000);
      String last = output.length() > 3000 ? output.substring(output.length() - 3000) : output.toString();
      assertTrue(ended, "the intake did not finish: " + last);
      assertEquals(0, child.exitValue(), last);
      assertTrue(output.toString().contains("stored " + MAILS + " of " + MAILS + " with a heap of"), last);
      assertEquals(0, dovecot.count("support", "s3cret", new Flags(Flags.Flag.SEEN), false),
          "every mail flagged \\Seen once stored");
    } finally {
      smtp.stop();
    }
  }
}
