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
  private final Map<URI, ConnectorHealth> mailboxHealth = new ConcurrentHashMap<>();
  private final List<EmailInbound> inbounds = new ArrayList<>();
  private final List<MailboxIdle> idles = new ArrayList<>();
  private volatile ConnectorHealth health;
  private EmailOutbound outbound;
  private Future<Void> stopped;

  /** @param options the settings, or null when the channel is not configured */
  public EmailConnector(EmailOptions options) {
    this.options = options;
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
    outbound = new EmailOutbound(options, context.vertx(), context.metrics(), context.clock());
    EmailParser parser = new EmailParser(options.supportAddress(), options.maxAttachmentBytes());
    for (URI mailbox : options.mailboxes()) {
      EmailInbound inbound = new EmailInbound(options, mailbox, context, parser, h -> report(mailbox, h));
      inbounds.add(inbound);
      inbound.start();
      MailboxIdle idle = new MailboxIdle(mailbox, context.vertx(), inbound::pollSoon);
      idles.add(idle);
      idle.start();
    }
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

  @Override
  public Future<DeliveryReceipt> send(OutboundMessage message) {
    if (outbound == null) {
      return Future.succeededFuture(message.messageId() == null ? null
          : DeliveryReceipt.failed(message.messageId(), "the e-mail channel is not configured"));
    }
    return outbound.send(message);
  }

  @Override
  public ConnectorHealth health() {
    return health;
  }
}
