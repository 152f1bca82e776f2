package dev.relay.connector.twilio;

import com.twilio.http.TwilioRestClient;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.ConnectorHealth;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ProviderCopies;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.BodyHandler;

/** SMS and voice calls through Twilio. Off (and reported so on {@code /health/ready}) until configured. */
public final class TwilioConnector implements Connector {

  public static final String CHANNEL = "sms";

  private final TwilioOptions options;
  private SmsSender sender;
  private VoiceCalls calls;
  private TwilioRecords records;
  private RecordingMedia media;

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
    context.router().post("/webhooks/twilio/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    TwilioSignatures signatures = new TwilioSignatures(options, context.metrics());
    new SmsWebhook(context, signatures).mount(context.router());
    new VoiceWebhooks(options, context, signatures).mount(context.router());
    TwilioRestClient client = new TwilioRestClient.Builder(options.accountSid(), options.authToken())
        .httpClient(new ApiBaseHttpClient(options.apiBase(), options.timeout()))
        .build();
    sender = new SmsSender(options, client, context.vertx(), context.metrics(), context.clock());
    records = new TwilioRecords(client, context.vertx(), context.metrics());
    media = new RecordingMedia(options, context.vertx(), context.metrics());
    calls = new VoiceCalls(options, client, records, media, context.vertx(), context.clock());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return sender == null ? Future.succeededFuture()
        : sender.close().eventually(calls::close).eventually(records::close).eventually(media::close);
  }

  /** Twilio's MMS limit: 5 MB a message. */
  static final long MMS_MAX_BYTES = 5L * 1024 * 1024;

  /**
   * MMS reaches US and Canadian numbers only (+1): Twilio sends no MMS to French mobiles. It fetches
   * the file from its link, so it needs the gateway's public URL, which the SMS channel always has.
   */
  @Override
  public java.util.Optional<FileLimit> carriesFiles(dev.relay.connector.spi.Address to) {
    return sender != null && to.value().startsWith("+1") ? java.util.Optional.of(new FileLimit(MMS_MAX_BYTES, true))
        : java.util.Optional.empty();
  }

  @Override
  public Future<DeliveryReceipt> send(OutboundMessage message) {
    if (sender == null) {
      return Future.succeededFuture(message.messageId() == null ? null
          : DeliveryReceipt.failed(message.messageId(), "the SMS channel is not configured"));
    }
    return sender.send(message);
  }

  /** Texts and calls (with their recordings) are deleted at Twilio when the channel is configured. */
  @Override
  public Future<ProviderCopies> forget(java.util.List<String> providerIds) {
    if (providerIds.isEmpty()) {
      return Future.succeededFuture(ProviderCopies.none(CHANNEL));
    }
    if (records == null) {
      return Future.succeededFuture(new ProviderCopies(CHANNEL, java.util.List.of(), "the SMS channel is not "
          + "configured now, so Relay could not delete " + providerIds.size() + " texts and calls at Twilio ("
          + String.join(", ", providerIds) + "): delete them in the Twilio Console or with Twilio's DELETE API"));
    }
    return records.forget(providerIds);
  }

  @Override
  public java.util.Optional<Calls> calls() {
    return java.util.Optional.ofNullable(calls);
  }

  @Override
  public ConnectorHealth health() {
    return options == null
        ? ConnectorHealth.disabled("not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, RELAY_TWILIO_NUMBER and RELAY_PUBLIC_URL")
        : ConnectorHealth.up("sending from " + options.number());
  }
}
