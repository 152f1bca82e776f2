package dev.relay.connector.email;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ProviderCopies;
import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The e-mail channel: the support mailbox over IMAP in (IDLE, with polling as the fallback), SMTP out. Off (and reported so on
 * {@code /health/ready}) until configured.
 */
public final class EmailConnector implements Connector {

  public static final String CHANNEL = "email";

  private final EmailOptions options;
  private final ReplyTokens tokens;
  private final Map<URI, ConnectorHealth> mailboxHealth = new ConcurrentHashMap<>();
  private final List<EmailInbound> inbounds = new ArrayList<>();
  private final List<MailboxIdle> idles = new ArrayList<>();
  private volatile ConnectorHealth health;
  private EmailOutbound outbound;
  private Future<Void> stopped;

  /**
   * @param options  the settings, or null when the channel is not configured
   * @param replyKey the key reply addresses are signed with (at least 32 bytes, the same on every replica)
   */
  public EmailConnector(EmailOptions options, byte[] replyKey) {
    this.options = options;
    this.tokens = options == null ? null : new ReplyTokens(replyKey);
    this.health = options == null
        ? ConnectorHealth.disabled("not configured: set RELAY_IMAP_URL, RELAY_SMTP_URL and RELAY_SUPPORT_ADDRESS")
        : ConnectorHealth.up("starting");
  }

  @Override
  public boolean threadsReplies() {
    return true;
  }

  /**
   * Relay reads the support mailbox and marks what it took as seen; it never deletes mail (a
   * mailbox is the company's record, and other tools may read it). The mail stays there.
   */
  @Override
  public Future<ProviderCopies> forget(List<String> providerIds) {
    if (providerIds.isEmpty()) {
      return Future.succeededFuture(ProviderCopies.none(CHANNEL));
    }
    return Future.succeededFuture(new ProviderCopies(CHANNEL, List.of(), "the support mailbox keeps the "
        + providerIds.size() + " e-mails received from and sent to the customer: delete them there (search the "
        + "Inbox, Sent and archive folders for the customer's address), and in any mail archive or backup"));
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public String addressKind() {
    return Address.EMAIL;
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    if (options == null) {
      return Future.succeededFuture();
    }
    outbound = new EmailOutbound(options, tokens, context.vertx(), context.metrics(), context.clock());
    EmailParser parser = new EmailParser(options.supportAddress(), options.maxAttachmentBytes(), tokens);
    for (URI mailbox : options.mailboxes()) {
      // Only the replica that polls a mailbox watches it: IDLE connections count against per-user limits.
      MailboxIdle idle = new MailboxIdle(mailbox, context.vertx());
      EmailInbound inbound = new EmailInbound(options, mailbox, context, parser, h -> report(mailbox, h), idle::leader);
      idle.onNewMail(inbound::pollSoon);
      inbounds.add(inbound);
      idles.add(idle);
      inbound.start();
      idle.start();
    }
    outbound.probe();
    outbound.watch();
    return Future.succeededFuture();
  }

  /** The channel is down when any of its mailboxes is; otherwise up, saying how many it watches. */
  private void report(URI mailbox, ConnectorHealth mailboxState) {
    mailboxHealth.put(mailbox, mailboxState);
    health = mailboxHealth.values().stream().filter(h -> h.state() == ConnectorHealth.State.DOWN).findFirst()
        .orElse(mailboxHealth.size() == 1 ? mailboxState
            : ConnectorHealth.up(mailboxHealth.size() + " mailboxes: " + mailboxHealth.values().stream()
                .map(ConnectorHealth::detail).collect(Collectors.joining("; "))));
  }

  /** Down when a mailbox or SMTP is: replies that cannot go out make the channel as unready as mail that cannot come in. */
  @Override
  public ConnectorHealth health() {
    ConnectorHealth in = health;
    if (outbound == null || in.state() == ConnectorHealth.State.DISABLED) {
      return in;
    }
    ConnectorHealth out = outbound.health();
    if (in.state() == ConnectorHealth.State.UP && out.state() == ConnectorHealth.State.UP) {
      return ConnectorHealth.up(in.detail() + "; " + out.detail());
    }
    return ConnectorHealth.down(in.state() == ConnectorHealth.State.DOWN && out.state() == ConnectorHealth.State.DOWN
        ? in.detail() + "; " + out.detail() : in.state() == ConnectorHealth.State.DOWN ? in.detail() : out.detail());
  }

  /** Stops once: the mailboxes' worker threads are gone afterwards, so a second stop gets the first one's answer. */
  @Override
  public synchronized Future<Void> stop() {
    if (options == null || outbound == null) {
      return Future.succeededFuture();
    }
    if (stopped == null) {
      idles.forEach(MailboxIdle::stop);
      stopped = Future.join(inbounds.stream().map(EmailInbound::stop).toList()).eventually(outbound::close).mapEmpty();
    }
    return stopped;
  }

  /** Files go as attachments, up to the size the connector keeps of inbound ones ({@code email.maxAttachmentBytes}). */
  @Override
  public java.util.Optional<FileLimit> carriesFiles(dev.relay.connector.spi.Address to) {
    return options == null ? java.util.Optional.empty()
        : java.util.Optional.of(new FileLimit(options.maxAttachmentBytes(), false));
  }

  @Override
  public Future<DeliveryReceipt> send(OutboundMessage message) {
    if (outbound == null) {
      return Future.succeededFuture(message.messageId() == null ? null
          : DeliveryReceipt.failed(message.messageId(), "the e-mail channel is not configured"));
    }
    return outbound.send(message);
  }
}
