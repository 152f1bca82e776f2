package dev.relay.connector.email;

import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.InboundAttachment;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.Poller;
import dev.relay.connector.spi.RejectReason;
import dev.relay.connector.spi.RepliesTo;
import dev.relay.connector.spi.ThreadRef;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes new mail from the support mailbox, incrementally by UID (UIDVALIDITY checked): each mail is
 * handed to the gateway and marked seen only once the gateway stored it. After a restart the first
 * pass catches up on unseen mail, so a crash between storing and marking means the mail is fetched
 * again, and stored once (by Message-ID). Jakarta Mail blocks: every IMAP call runs on
 * one dedicated worker thread, in order, never on an event loop. Connection failures back off.
 */
final class EmailInbound {

  private static final Logger LOG = LoggerFactory.getLogger(EmailInbound.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Duration MIN_LEASE = Duration.ofSeconds(30);

  private final EmailOptions options;
  private final URI mailbox;
  private final ConnectorContext context;
  private final EmailParser parser;
  private final Consumer<ConnectorHealth> health;
  private final WorkerExecutor worker;
  private final Set<Long> unreadable = new HashSet<>();
  private Store store;
  private Folder folder;
  // Every poll interval; after failures in a row twice that, doubling, up to five minutes.
  private final Poller poller;
  /** Highest UID handed over in order, or -1 before the first catch-up pass. */
  private volatile long watermark = -1;
  private volatile long uidValidity = -1;
  /** During a catch-up pass: where the watermark goes once every unseen mail is stored; else -1. */
  private volatile long catchUpTo = -1;
  private boolean polling;
  private boolean again;
  private long failures;

  EmailInbound(EmailOptions options, URI mailbox, ConnectorContext context, EmailParser parser,
               Consumer<ConnectorHealth> health) {
    this.options = options;
    this.mailbox = mailbox;
    this.context = context;
    this.parser = parser;
    this.health = health;
    this.worker = context.vertx().createSharedWorkerExecutor("relay-email-imap-" + EmailOptions.masked(mailbox), 1);
    this.poller = new Poller(context.vertx(), options.pollInterval(),
        new Backoff(options.pollInterval().multipliedBy(2), MAX_BACKOFF, 2), this::poll);
  }

  void start() {
    poller.start(Duration.ZERO);
  }

  /**
   * Asks for a pass now (IDLE saw new mail); if one is running, another follows it. A second look a
   * second later catches servers that announce a mail a moment before they serve it.
   */
  void pollSoon() {
    pollOrQueue();
    context.vertx().setTimer(1_000, id -> {
      if (poller.running()) {
        pollOrQueue();
      }
    });
  }

  private void pollOrQueue() {
    if (polling) {
      again = true;
    } else {
      poll();
    }
  }

  /** The lease that makes one replica, and only one, poll this mailbox. */
  private String leaseName() {
    return "email-poller:" + EmailOptions.masked(mailbox);
  }

  private Duration leaseTtl() {
    Duration three = options.pollInterval().multipliedBy(3);
    return three.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : three;
  }

  /** One pass over the unseen mail; completes with how many mails were stored (0 on a standby replica). */
  Future<Integer> poll() {
    if (polling) {
      return Future.succeededFuture(0);
    }
    polling = true;
    return context.leases().acquire(leaseName(), leaseTtl()).compose(held -> {
      if (!held) {
        health.accept(ConnectorHealth.up("standby: another replica polls " + EmailOptions.masked(mailbox)));
        return Future.succeededFuture(-1);
      }
      return worker.executeBlocking(this::fetchNew, true).compose(this::handleAll);
    })
        .onSuccess(n -> {
          failures = 0;
          if (n >= 0) {
            health.accept(ConnectorHealth.up("polling " + EmailOptions.masked(mailbox)));
          }
        })
        .map(n -> Math.max(n, 0))
        .onFailure(err -> {
          failures++;
          String reason = err instanceof AuthenticationFailedException
              ? "the IMAP server refused the login for " + EmailOptions.user(mailbox)
              : "IMAP unavailable: " + err.getMessage();
          health.accept(ConnectorHealth.down(reason));
          LOG.atWarn().addKeyValue("mailbox", EmailOptions.masked(mailbox)).addKeyValue("reason", reason)
              .addKeyValue("failures", failures).log("e-mail poll failed");
          worker.executeBlocking(() -> {
            disconnect();
            return null;
          }, true);
        })
        .onComplete(r -> {
          polling = false;
          if (again) {
            again = false;
            poll();
          }
        });
  }

  private record Fetched(long uid, ParsedEmail email) {
  }

  /**
   * What is new since the last pass. The first pass after start (or after the server renumbered the
   * mailbox: a new UIDVALIDITY) catches up on unseen mail; later passes take every UID above the
   * watermark, read or not, so a mail someone opened in the mailbox first is not missed.
   */
  private List<Fetched> fetchNew() throws Exception {
    connect();
    UIDFolder uids = (UIDFolder) folder;
    long validity = uids.getUIDValidity();
    Message[] candidates;
    if (watermark < 0 || validity != uidValidity) {
      if (watermark >= 0) {
        LOG.atWarn().addKeyValue("mailbox", EmailOptions.masked(mailbox)).log("UIDVALIDITY changed; catching up on unseen mail");
      }
      uidValidity = validity;
      catchUpTo = uids.getUIDNext() - 1;
      candidates = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    } else {
      catchUpTo = -1;
      candidates = uids.getMessagesByUID(watermark + 1, UIDFolder.MAXUID);
    }
    // One FETCH for all of them (UID, flags, the whole message) instead of a few round trips per mail.
    jakarta.mail.FetchProfile profile = new jakarta.mail.FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    profile.add(jakarta.mail.FetchProfile.Item.FLAGS);
    profile.add(org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.MESSAGE);
    folder.fetch(candidates, profile);
    List<Fetched> fetched = new ArrayList<>();
    for (Message message : candidates) {
      long uid = uids.getUID(message);
      if (uid <= watermark && catchUpTo < 0 || unreadable.contains(uid)) {
        continue;
      }
      try {
        fetched.add(new Fetched(uid, parser.parse((MimeMessage) message)));
      } catch (MessagingException | java.io.IOException | RuntimeException e) {
        ParsedEmail raw = parser.raw((MimeMessage) message, e.getMessage());
        if (raw != null) {
          context.metrics().rejected(RejectReason.MALFORMED);
          LOG.atWarn().addKeyValue("uid", uid).addKeyValue("problem", Masked.text(e.getMessage())).log("malformed e-mail kept as raw");
          fetched.add(new Fetched(uid, raw));
        } else {
          unreadable.add(uid);
          context.metrics().rejected(RejectReason.UNREADABLE);
          LOG.atWarn().addKeyValue("uid", uid).setCause(e).log("e-mail without a readable sender; left in the mailbox");
        }
      }
    }
    fetched.sort(java.util.Comparator.comparingLong(Fetched::uid));
    return fetched;
  }

  /**
   * Hands the mails over in UID order. The watermark moves past a mail only once it is stored (or
   * recognised as automatic); at the first failure the pass stops, and the next one starts there.
   */
  private Future<Integer> handleAll(List<Fetched> fetched) {
    Future<Integer> chain = Future.succeededFuture(0);
    boolean[] stopped = {false};
    for (Fetched f : fetched) {
      chain = chain.compose(count -> stopped[0] ? Future.succeededFuture(count) : handle(f).map(outcome -> {
        if (outcome == Outcome.NOT_STORED) {
          stopped[0] = true;
          return count;
        }
        if (catchUpTo < 0) {
          watermark = f.uid();
        }
        return outcome == Outcome.STORED ? count + 1 : count;
      }));
    }
    return chain.onSuccess(count -> {
      if (catchUpTo >= 0 && !stopped[0]) {
        watermark = catchUpTo;
      }
    });
  }

  private enum Outcome { STORED, SKIPPED, NOT_STORED }

  private Future<Outcome> handle(Fetched f) {
    ParsedEmail email = f.email();
    if (email.automatic() != null) {
      LOG.atInfo().addKeyValue("uid", f.uid()).addKeyValue("reason", email.automatic()).log("automatic e-mail not routed");
      context.metrics().rejected(RejectReason.AUTOMATIC);
      String bounced = ourMessage(email.bounced());
      Future<Void> reported = bounced == null ? Future.succeededFuture()
          : context.inbound().status(DeliveryReceipt.failed(bounced, "the e-mail bounced"
              + (email.bounceReason() == null ? "" : ": " + email.bounceReason())));
      return reported.transform(done -> done.succeeded() ? markSeen(f.uid()).map(Outcome.SKIPPED) : notStored(f, done.cause()));
    }
    // Not stored (the store is down): leave it unseen, the next poll tries again. Only IMAP errors
    // fail the poll, so readiness blames the mailbox only when the mailbox is at fault.
    return context.inbound().message(toInbound(email, f.uid()))
        .transform(stored -> {
          if (stored.failed()) {
            return notStored(f, stored.cause());
          }
          context.metrics().received();
          return markSeen(f.uid()).map(Outcome.STORED);
        });
  }

  private Future<Outcome> notStored(Fetched f, Throwable cause) {
    context.metrics().rejected(RejectReason.NOT_STORED);
    LOG.atWarn().addKeyValue("uid", f.uid()).setCause(cause).log("e-mail not stored; it is retried on the next pass");
    return Future.succeededFuture(Outcome.NOT_STORED);
  }

  /** Our Message-IDs are {@code <msg_id.random@domain>}: the stored message's id is their first part. */
  static String ourMessage(String messageId) {
    if (messageId == null || !messageId.startsWith("<msg_")) {
      return null;
    }
    int dot = messageId.indexOf('.');
    return dot < 0 ? null : messageId.substring(1, dot);
  }

  private InboundMessage toInbound(ParsedEmail email, long uid) {
    ThreadRef thread = new ThreadRef(email.subject(), email.inReplyTo(), email.references());
    ChannelFacts facts = ChannelFacts.NONE.withThread(thread, repliesTo(email))
        .withBodies(email.fullText().equals(email.text()) ? null : email.fullText(), email.html())
        .withLanguage(email.language());
    String externalId = email.messageId() != null ? email.messageId() : "imap-uid:" + uid;
    List<InboundAttachment> attachments = email.attachments().stream()
        .map(a -> new InboundAttachment(a.filename(), a.contentType(), a.size(), a.content())).toList();
    return new InboundMessage("email", externalId, new Address(Address.EMAIL, email.fromAddress()), email.fromName(),
        email.text(), context.clock().instant(), facts, attachments);
  }

  /**
   * The conversation a reply names: the token in the address it was sent to; or, when the client
   * answered the From address instead, the latest of our Message-IDs in its thread.
   */
  private static RepliesTo repliesTo(ParsedEmail email) {
    if (email.token() != null) {
      return new RepliesTo.Conversation(email.token());
    }
    List<String> thread = new ArrayList<>(email.references());
    if (email.inReplyTo() != null) {
      thread.add(email.inReplyTo());
    }
    for (int i = thread.size() - 1; i >= 0; i--) {
      String ours = ourMessage(thread.get(i));
      if (ours != null) {
        return new RepliesTo.OurMessage(ours);
      }
    }
    return null;
  }

  private Future<Void> markSeen(long uid) {
    return worker.executeBlocking(() -> {
      Message message = ((UIDFolder) folder).getMessageByUID(uid);
      if (message != null) {
        message.setFlag(Flags.Flag.SEEN, true);
      }
      return null;
    }, true);
  }

  private void connect() throws MessagingException {
    if (folder != null && folder.isOpen()) {
      return;
    }
    URI imap = mailbox;
    String protocol = EmailOptions.secure(imap) ? "imaps" : "imap";
    store = Session.getInstance(EmailOptions.properties(protocol, imap)).getStore(protocol);
    store.connect(imap.getHost(), imap.getPort(), EmailOptions.user(imap), EmailOptions.password(imap));
    String name = imap.getPath() == null || imap.getPath().length() <= 1 ? "INBOX" : imap.getPath().substring(1);
    folder = store.getFolder(name);
    folder.open(Folder.READ_WRITE);
  }

  private void disconnect() {
    try {
      if (folder != null && folder.isOpen()) {
        folder.close(false);
      }
      if (store != null) {
        store.close();
      }
    } catch (MessagingException e) {
      LOG.atDebug().setCause(e).log("IMAP close failed");
    }
    folder = null;
    store = null;
  }

  Future<Void> stop() {
    poller.stop();
    return worker.<Void>executeBlocking(() -> {
      disconnect();
      return null;
    }, true).eventually(() -> context.leases().release(leaseName())).eventually(worker::close);
  }
}
