package dev.relay.gateway.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Map;

/** The company's mail server for a test (GreenMail on free ports) with Relay's support mailbox, and what a gateway needs to use it. */
public final class SupportMailbox {

  public static final String ADDRESS = "support@acme.test";

  private SupportMailbox() {
  }

  public static GreenMail start() {
    GreenMail mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(ADDRESS, "support", "s3cret pass");
    return mail;
  }

  /** The gateway's e-mail settings for this server's support mailbox. */
  public static Map<String, String> settings(GreenMail mail) {
    return Map.of(
        "RELAY_IMAP_URL", "imap://support:s3cret%20pass@localhost:" + mail.getImap().getPort() + "/INBOX",
        "RELAY_SMTP_URL", "smtp://support:s3cret%20pass@localhost:" + mail.getSmtp().getPort(),
        "RELAY_SUPPORT_ADDRESS", ADDRESS,
        "RELAY_EMAIL_POLL", "PT1S");
  }

  /** A received text mail's body, decoded. */
  public static String text(MimeMessage message) {
    try {
      return message.getContent().toString();
    } catch (IOException | MessagingException e) {
      throw new AssertionError(e);
    }
  }
}
