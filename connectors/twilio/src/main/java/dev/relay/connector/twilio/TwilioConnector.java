package dev.relay.connector.twilio;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.OutboundMessage;
import io.vertx.core.Future;

/** SMS through Twilio. Off (and reported so on {@code /health/ready}) until configured. */
public final class TwilioConnector implements Connector {

  public static final String CHANNEL = "sms";

  private final TwilioOptions options;
  private SmsSender sender;

  /** @param options the settings, or null when the channel is not configured */
  public TwilioConnector(TwilioOptions options) {
    this.options = options;
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public String addressKind() {
    return Address.PHONE;
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    if (options == null) {
      return Future.succeededFuture();
    }
    new SmsWebhook(options, context).mount(context.router());
    sender = new SmsSender(options, context.vertx(), context.metrics(), context.clock());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return sender == null ? Future.succeededFuture() : sender.close();
  }

  @Override
  public Future<DeliveryReceipt> send(OutboundMessage message) {
    if (sender == null) {
      return Future.succeededFuture(message.messageId() == null ? null
          : DeliveryReceipt.failed(message.messageId(), "the SMS channel is not configured"));
    }
    return sender.send(message);
  }

  @Override
  public ConnectorHealth health() {
    return options == null
        ? ConnectorHealth.disabled("not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, RELAY_TWILIO_NUMBER and RELAY_PUBLIC_URL")
        : ConnectorHealth.up("sending from " + options.number());
  }
}
