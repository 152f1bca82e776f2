package dev.relay.connector.email;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.OutboundMessage;
import io.vertx.core.Future;

/**
 * The e-mail channel: the support mailbox over IMAP in (IDLE, with polling as the fallback), SMTP out. Off (and reported so on
 * {@code /health/ready}) until configured.
 */
public final class EmailConnector implements Connector {

  public static final String CHANNEL = "email";

  private final EmailOptions options;
  private volatile ConnectorHealth health;
  private EmailInbound inbound;
  private EmailOutbound outbound;
  private MailboxIdle idle;

  /** @param options the settings, or null when the channel is not configured */
  public EmailConnector(EmailOptions options) {
    this.options = options;
    this.health = options == null
        ? ConnectorHealth.disabled("not configured: set RELAY_IMAP_URL, RELAY_SMTP_URL and RELAY_SUPPORT_ADDRESS")
        : ConnectorHealth.up("starting");
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
    inbound = new EmailInbound(options, context, new EmailParser(options.supportAddress()), h -> health = h);
    inbound.start();
    idle = new MailboxIdle(options, context.vertx(), inbound::pollSoon);
    idle.start();
    return Future.succeededFuture();
  }

  /** Polls the mailbox now instead of at the next interval (also what tests use). */
  public Future<Integer> pollNow() {
    return inbound == null ? Future.succeededFuture(0) : inbound.poll();
  }

  @Override
  public Future<Void> stop() {
    if (options == null) {
      return Future.succeededFuture();
    }
    idle.stop();
    return inbound.stop().eventually(outbound::close);
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
