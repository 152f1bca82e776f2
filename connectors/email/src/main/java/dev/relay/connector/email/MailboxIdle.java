package dev.relay.connector.email;

import io.vertx.core.Vertx;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.net.URI;
import java.time.Duration;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMAP IDLE on a second connection: the server tells us the moment mail arrives, and we poll at
 * once instead of at the next interval (which stays as the fallback). IDLE blocks, so it runs on a
 * thread of its own; a failed session is restarted later by a Vert.x timer with backoff. A server
 * without IDLE leaves polling alone.
 */
final class MailboxIdle {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxIdle.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final URI imap;
  private final Vertx vertx;
  private final Runnable onNewMail;
  private volatile boolean running;
  private volatile Store store;
  private int failures;

  MailboxIdle(URI imap, Vertx vertx, Runnable onNewMail) {
    this.imap = imap;
    this.vertx = vertx;
    this.onNewMail = onNewMail;
  }

  void start() {
    running = true;
    launch();
  }

  private void launch() {
    if (!running) {
      return;
    }
    Thread thread = new Thread(this::session, "relay-email-idle");
    thread.setDaemon(true);
    thread.start();
  }

  /** One IDLE session: connect, watch, and return when the connection ends. */
  private void session() {
    String protocol = EmailOptions.secure(imap) ? "imaps" : "imap";
    boolean unsupported = false;
    try {
      store = Session.getInstance(EmailOptions.properties(protocol, imap)).getStore(protocol);
      store.connect(imap.getHost(), imap.getPort(), EmailOptions.user(imap), EmailOptions.password(imap));
      if (!((IMAPStore) store).hasCapability("IDLE")) {
        unsupported = true;
        LOG.atInfo().addKeyValue("mailbox", EmailOptions.masked(imap)).log("server has no IMAP IDLE; polling only");
        return;
      }
      String name = imap.getPath() == null || imap.getPath().length() <= 1 ? "INBOX" : imap.getPath().substring(1);
      IMAPFolder folder = (IMAPFolder) store.getFolder(name);
      folder.open(Folder.READ_ONLY);
      folder.addMessageCountListener(new MessageCountAdapter() {
        @Override
        public void messagesAdded(MessageCountEvent event) {
          vertx.runOnContext(v -> onNewMail.run());
        }
      });
      failures = 0;
      LOG.atInfo().addKeyValue("mailbox", EmailOptions.masked(imap)).log("watching the mailbox with IMAP IDLE");
      while (running && folder.isOpen()) {
        folder.idle(true);
      }
    } catch (MessagingException | RuntimeException e) {
      if (running) {
        failures++;
        LOG.atInfo().addKeyValue("mailbox", EmailOptions.masked(imap)).addKeyValue("reason", e.getMessage())
            .log("IMAP IDLE session ended; it restarts with backoff");
      }
    } finally {
      close();
      if (running && !unsupported) {
        long delay = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(failures, 16));
        vertx.setTimer(delay, id -> launch());
      }
    }
  }

  private void close() {
    Store current = store;
    if (current != null) {
      try {
        current.close();
      } catch (MessagingException e) {
        LOG.atDebug().setCause(e).log("IMAP IDLE close failed");
      }
    }
  }

  /** Ends IDLE: closing the connection makes the blocked {@code idle()} return on its thread. */
  void stop() {
    running = false;
    close();
  }
}
