package dev.relay.connector.email;

import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.Poller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
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
 * thread of its own; an ended session is restarted later by a {@link Poller}: 2 s after one that
 * watched the mailbox, with backoff after sessions that failed before. A server without IDLE leaves
 * polling alone.
 */
final class MailboxIdle {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxIdle.class);
  private static final Duration RESTART = Duration.ofSeconds(2);
  private static final Backoff BACKOFF = new Backoff(RESTART, Duration.ofMinutes(1), 2);

  private final URI imap;
  private final Vertx vertx;
  private volatile Runnable onNewMail = () -> { };
  private final Poller sessions;
  /** Whether this replica holds the mailbox's lease: only the replica that polls opens IDLE. */
  private volatile boolean leader;
  private volatile Store store;
  private Context context;

  MailboxIdle(URI imap, Vertx vertx) {
    this.imap = imap;
    this.vertx = vertx;
    this.sessions = new Poller(vertx, RESTART, BACKOFF, this::launch);
  }

  /** What to do when mail arrives, and when a session (re)starts: the mailbox may have mail it did not announce. */
  void onNewMail(Runnable action) {
    this.onNewMail = action;
  }

  /** Told after every lease check. Losing the lease ends the session, so a standby holds no IDLE connection. */
  void leader(boolean held) {
    boolean was = leader;
    leader = held;
    if (was && !held) {
      close();
    }
  }

  void start() {
    context = vertx.getOrCreateContext();
    sessions.start(Duration.ZERO);
  }

  /** Runs one session on its own thread; it succeeds when the session had watched the mailbox. */
  private Future<Void> launch() {
    if (!leader) {
      return Future.succeededFuture(); // looked at again in RESTART
    }
    Promise<Void> ended = Promise.promise();
    Thread thread = new Thread(() -> {
      boolean watched = session();
      context.runOnContext(v -> {
        if (watched) {
          ended.complete();
        } else {
          ended.fail("IMAP IDLE session failed before watching");
        }
      });
    }, "relay-email-idle");
    thread.setDaemon(true);
    thread.start();
    return ended.future();
  }

  /** One IDLE session: connect, watch, and return when the connection ends; true if it watched. */
  private boolean session() {
    boolean watched = false;
    try {
      store = EmailOptions.imapStore(imap);
      if (!((IMAPStore) store).hasCapability("IDLE")) {
        sessions.stop();
        LOG.atInfo().addKeyValue("mailbox", EmailOptions.masked(imap)).log("server has no IMAP IDLE; polling only");
        return false;
      }
      IMAPFolder folder = (IMAPFolder) store.getFolder(EmailOptions.folder(imap));
      folder.open(Folder.READ_ONLY);
      folder.addMessageCountListener(new MessageCountAdapter() {
        @Override
        public void messagesAdded(MessageCountEvent event) {
          context.runOnContext(v -> onNewMail.run());
        }
      });
      watched = true;
      LOG.atInfo().addKeyValue("mailbox", EmailOptions.masked(imap)).log("watching the mailbox with IMAP IDLE");
      // Back after an outage: a pass now, instead of when the poller's backoff ends.
      context.runOnContext(v -> onNewMail.run());
      while (sessions.running() && leader && folder.isOpen()) {
        folder.idle(true);
      }
    } catch (MessagingException | RuntimeException e) {
      if (sessions.running()) {
        LOG.atInfo().addKeyValue("mailbox", EmailOptions.masked(imap)).addKeyValue("reason", e.getMessage())
            .log("IMAP IDLE session ended; it restarts with backoff");
      }
    } finally {
      close();
    }
    return watched;
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
    sessions.stop();
    close();
  }
}
