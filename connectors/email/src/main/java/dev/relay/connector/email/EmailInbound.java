package dev.relay.connector.email;

import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Backoff;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
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
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  /** A long outage is noticed within a minute of its end (and at once when IDLE gets back in). */
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration MIN_LEASE = Duration.ofSeconds(30);
  static final int BATCH_MAILS = 50;
  static final long BATCH_BYTES = 64L * 1024 * 1024;
  /** Passes a mail may fail to be stored (while later mail is) before it is set aside. */
  static final int MAX_TRIES = 5;
  /** The keyword a mail Relay could not take gets in the mailbox (RFC 3501 keywords; Dovecot and Gmail keep them). */
  static final String SET_ASIDE = "RelaySetAside";
  /** The detail of a delivery report kept on the reply, as the agent sees it. */
  static final String DELIVERY_DETAIL = "delivery";

  private final EmailOptions options;
  private final URI mailbox;
  private final ConnectorContext context;
  private final EmailParser parser;
  private final Consumer<ConnectorHealth> health;
  private final WorkerExecutor worker;
  /** Passes in which a mail was not stored, by UID. */
  private final java.util.Map<Long, Integer> tries = new java.util.HashMap<>();
  /** Mails not stored while a later one was: they, not the store, are the problem. */
  private final java.util.Set<Long> refusedAlone = new java.util.HashSet<>();
  private final Consumer<Boolean> leaseHeld;
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

  /** @param leaseHeld told after each lease check whether this replica polls the mailbox (and so watches it with IDLE) */
  EmailInbound(EmailOptions options, URI mailbox, ConnectorContext context, EmailParser parser,
               Consumer<ConnectorHealth> health, Consumer<Boolean> leaseHeld) {
    this.options = options;
    this.leaseHeld = leaseHeld;
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
    context.vertx().setTimer(1_000, id -> pollOrQueue());
  }

  /** The poller's next pass now (which also ends a backoff wait); or right after the one under way. */
  private void pollOrQueue() {
    if (polling) {
      again = true;
    } else {
      poller.runNow();
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
      leaseHeld.accept(held);
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
              : MailErrors.describe("IMAP", err);
          health.accept(ConnectorHealth.down(reason));
          LOG.atWarn().addKeyValue("mailbox", EmailOptions.masked(mailbox)).addKeyValue("reason", Masked.text(reason))
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
            // After the poller has planned its next pass, so this one replaces it.
            context.vertx().runOnContext(v -> pollOrQueue());
          }
        });
  }

  private record Fetched(long uid, ParsedEmail email) {
  }

  /** The next batch of UIDs to take, oldest first, and whether more are waiting after it. */
  private record Batch(List<Long> uids, boolean more) {
  }

  /**
   * What is new since the last pass: UIDs and sizes only, no bodies. The first pass after start (or
   * after the server renumbered the mailbox: a new UIDVALIDITY) catches up on unseen mail; later
   * passes take every UID above the watermark, read or not, so a mail someone opened in the mailbox
   * first is not missed. Mail set aside earlier is left out. A batch holds at most {@link #BATCH_MAILS}
   * mails and {@link #BATCH_BYTES} bytes (always at least one); what is left is taken by the next pass.
   */
  private Batch fetchNew() throws Exception {
    connect();
    UIDFolder uids = (UIDFolder) folder;
    long validity = uids.getUIDValidity();
    Message[] candidates;
    if (watermark < 0 || validity != uidValidity) {
      if (watermark >= 0) {
        LOG.atWarn().addKeyValue("mailbox", EmailOptions.masked(mailbox)).log("UIDVALIDITY changed; catching up on unseen mail");
        watermark = -1;
      }
      uidValidity = validity;
      catchUpTo = uids.getUIDNext() - 1;
      candidates = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    } else {
      catchUpTo = -1;
      candidates = uids.getMessagesByUID(watermark + 1, UIDFolder.MAXUID);
    }
    jakarta.mail.FetchProfile profile = new jakarta.mail.FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    profile.add(jakarta.mail.FetchProfile.Item.FLAGS);
    profile.add(jakarta.mail.FetchProfile.Item.SIZE);
    folder.fetch(candidates, profile);
    List<Message> ordered = new ArrayList<>(java.util.Arrays.asList(candidates));
    ordered.sort(java.util.Comparator.comparingLong(m -> uid(uids, m)));
    List<Long> batch = new ArrayList<>();
    long bytes = 0;
    boolean more = false;
    for (Message message : ordered) {
      long uid = uid(uids, message);
      if (uid <= watermark && catchUpTo < 0 || message.getFlags().contains(SET_ASIDE)) {
        continue;
      }
      long size = Math.max(0, message.getSize());
      if (!batch.isEmpty() && (batch.size() >= BATCH_MAILS || bytes + size > BATCH_BYTES)) {
        more = true;
        break;
      }
      batch.add(uid);
      bytes += size;
    }
    return new Batch(batch, more);
  }

  private static long uid(UIDFolder uids, Message message) {
    try {
      return uids.getUID(message);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads one mail, its parts streamed from the server. A mail whose structure cannot be read is kept
   * raw; one without even a readable sender is set aside (flagged, with the reason in the log), as is a
   * mail that failed {@link #MAX_TRIES} times: neither blocks the mail after it.
   */
  private Fetched read(long uid) throws MessagingException {
    connect();
    MimeMessage message = (MimeMessage) ((UIDFolder) folder).getMessageByUID(uid);
    if (message == null) {
      return new Fetched(uid, null); // expunged since the batch was listed
    }
    try {
      return new Fetched(uid, parser.parse(message));
    } catch (MessagingException | java.io.IOException | RuntimeException e) {
      if (e instanceof jakarta.mail.FolderClosedException || e instanceof jakarta.mail.StoreClosedException) {
        throw (MessagingException) e;
      }
      ParsedEmail raw = parser.raw(message, e.getMessage());
      if (raw != null) {
        context.metrics().rejected(RejectReason.MALFORMED);
        LOG.atWarn().addKeyValue("uid", uid).addKeyValue("problem", Masked.text(e.getMessage())).log("malformed e-mail kept as raw");
        return new Fetched(uid, raw);
      }
      context.metrics().rejected(RejectReason.UNREADABLE);
      setAside(message, uid, "no readable sender: " + e.getMessage());
      return new Fetched(uid, null);
    }
  }

  /** Flags a mail Relay cannot take, so no later pass tries it again; it stays in the mailbox for a person. */
  private void setAside(Message message, long uid, String reason) throws MessagingException {
    message.setFlags(new Flags(SET_ASIDE), true);
    LOG.atWarn().addKeyValue("mailbox", EmailOptions.masked(mailbox)).addKeyValue("uid", uid).addKeyValue("reason", Masked.text(reason))
        .addKeyValue("flag", SET_ASIDE).log("e-mail set aside in the mailbox");
  }

  /**
   * Reads and hands over the batch one mail at a time, in UID order: only one mail is in memory at
   * once. The watermark moves past a mail only once it is stored (or recognised as automatic, or set
   * aside). When one is not stored, the next one is tried: if that one fails too, the gateway cannot
   * store at all and the pass stops; if it is stored, the first mail is the problem, and once it has
   * failed {@link #MAX_TRIES} passes it is set aside. Either way the next pass starts at the first failure.
   */
  private Future<Integer> handleAll(Batch batch) {
    Future<Integer> chain = Future.succeededFuture(0);
    Pass pass = new Pass();
    for (long uid : batch.uids()) {
      chain = chain.compose(count -> pass.stopped ? Future.succeededFuture(count)
          : worker.executeBlocking(() -> read(uid), true).compose(f -> f.email() == null
              ? Future.succeededFuture(Outcome.SKIPPED) : handle(f))
              .compose(outcome -> pass.after(uid, outcome))
              .map(outcome -> outcome == Outcome.STORED ? count + 1 : count));
    }
    return chain.onSuccess(count -> {
      if (pass.failed >= 0) {
        return;
      }
      if (batch.more()) {
        again = true;
      } else if (catchUpTo >= 0) {
        watermark = catchUpTo;
      }
    });
  }

  /** One pass's progress: the first mail not stored, if any, and whether the pass ended. */
  private final class Pass {
    long failed = -1;
    boolean stopped;

    Future<Outcome> after(long uid, Outcome outcome) {
      if (outcome == Outcome.NOT_STORED) {
        if (tries.merge(uid, 1, Integer::sum) >= MAX_TRIES && refusedAlone.contains(uid)) {
          forget(uid);
          return worker.executeBlocking(() -> {
            Message message = ((UIDFolder) folder).getMessageByUID(uid);
            if (message != null) {
              setAside(message, uid, "not stored in " + MAX_TRIES + " passes while later mail was");
            }
            return handled(uid, Outcome.SKIPPED);
          }, true);
        }
        stopped = failed >= 0;
        if (failed < 0) {
          failed = uid;
        }
        return Future.succeededFuture(outcome);
      }
      forget(uid);
      if (failed >= 0) {
        // The gateway stores other mail: the failed one is the problem, not the store.
        refusedAlone.add(failed);
        stopped = true;
        return Future.succeededFuture(outcome);
      }
      return Future.succeededFuture(handled(uid, outcome));
    }

    private Outcome handled(long uid, Outcome outcome) {
      if (failed < 0 && catchUpTo < 0) {
        watermark = uid;
      }
      return outcome;
    }

    private void forget(long uid) {
      tries.remove(uid);
      refusedAlone.remove(uid);
    }
  }

  private enum Outcome { STORED, SKIPPED, NOT_STORED }

  private Future<Outcome> handle(Fetched f) {
    ParsedEmail email = f.email();
    if (email.automatic() != null) {
      LOG.atInfo().addKeyValue("uid", f.uid()).addKeyValue("reason", email.automatic()).log("automatic e-mail not routed");
      context.metrics().rejected(RejectReason.AUTOMATIC);
      DeliveryReceipt receipt = receipt(email.report());
      Future<Void> reported = receipt == null ? Future.succeededFuture() : context.inbound().status(receipt);
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

  /**
   * What a delivery report says about one of our mails (RFC 3464): only {@code failed} fails it;
   * {@code delayed} is shown on it (the server keeps trying); delivered and relayed mark it delivered.
   */
  static DeliveryReceipt receipt(DeliveryReport report) {
    String ours = report == null ? null : ourMessage(report.original());
    if (ours == null) {
      return null;
    }
    String about = (report.recipient() == null ? "" : " for " + report.recipient())
        + (report.reason() == null ? "" : ": " + report.reason());
    return switch (report.action()) {
      case FAILED -> DeliveryReceipt.failed(ours, "the e-mail bounced" + about);
      case DELAYED -> new DeliveryReceipt(ours, DeliveryStatus.SENT, null, null,
          java.util.Map.of(DELIVERY_DETAIL, "delayed" + about + " (the mail server keeps trying)"));
      case DELIVERED, RELAYED, EXPANDED -> new DeliveryReceipt(ours, DeliveryStatus.DELIVERED, null, null,
          java.util.Map.of(DELIVERY_DETAIL, report.action().name().toLowerCase(java.util.Locale.ROOT) + about));
    };
  }

  private Future<Outcome> notStored(Fetched f, Throwable cause) {
    context.metrics().rejected(RejectReason.NOT_STORED);
    LOG.atWarn().addKeyValue("uid", f.uid()).setCause(cause).log("e-mail not stored; it is retried on the next pass");
    return Future.succeededFuture(Outcome.NOT_STORED);
  }

  /**
   * Our Message-IDs are {@code <msg_id.random@domain>}: the stored message's id is what comes before
   * the last dot ahead of the {@code @} (an id may hold a dot itself: {@code msg_<home>.<random>}).
   */
  static String ourMessage(String messageId) {
    if (messageId == null || !messageId.startsWith("<msg_")) {
      return null;
    }
    int at = messageId.indexOf('@');
    int dot = messageId.lastIndexOf('.', at < 0 ? messageId.length() : at);
    return dot < 0 ? null : messageId.substring(1, dot);
  }

  private InboundMessage toInbound(ParsedEmail email, long uid) {
    ThreadRef thread = new ThreadRef(email.subject(), email.inReplyTo(), email.references(),
        email.copied().stream().map(a -> new Address(Address.EMAIL, a)).toList());
    ChannelFacts facts = ChannelFacts.NONE.withThread(thread, repliesTo(email))
        .withBodies(email.fullText().equals(email.text()) ? null : email.fullText(), email.html())
        .withSender(email.sender())
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
    store = EmailOptions.imapStore(mailbox);
    folder = store.getFolder(EmailOptions.folder(mailbox));
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
