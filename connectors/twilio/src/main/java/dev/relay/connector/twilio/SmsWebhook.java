package dev.relay.connector.twilio;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.ChannelFacts;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.MediaLink;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's webhooks for SMS: an incoming text ({@code /webhooks/twilio/sms}) and delivery reports
 * ({@code /webhooks/twilio/sms/status}), both signature-checked ({@link TwilioSignatures}). A text
 * is answered 200 only after it is stored; a repeated MessageSid (Twilio retries) is stored once.
 */
final class SmsWebhook {

  static final String INBOUND = "/webhooks/twilio/sms";
  static final String STATUS = "/webhooks/twilio/sms/status";
  private static final Logger LOG = LoggerFactory.getLogger(SmsWebhook.class);
  private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private final ConnectorContext context;
  private final TwilioSignatures signatures;

  SmsWebhook(ConnectorContext context, TwilioSignatures signatures) {
    this.context = context;
    this.signatures = signatures;
  }

  void mount(Router router) {
    router.post(INBOUND).handler(rc -> signatures.signed(rc, this::inbound));
    router.post(STATUS).handler(rc -> signatures.signed(rc, this::status));
  }

  private void inbound(RoutingContext rc) {
    MultiMap form = rc.request().formAttributes();
    String sid = form.get("MessageSid");
    String from = TwilioOptions.e164(form.get("From"));
    String body = form.get("Body");
    if (sid == null || from == null || body == null) {
      fail(rc, 400, "bad_request", "MessageSid, a valid From number and Body are required");
      return;
    }
    int count = parseInt(form.get("NumMedia"));
    List<MediaLink> media = new ArrayList<>();
    for (int i = 0; i < count && i < 10; i++) {
      String url = form.get("MediaUrl" + i);
      if (url != null) {
        media.add(new MediaLink(url, form.get("MediaContentType" + i)));
      }
    }
    ChannelFacts facts = ChannelFacts.NONE.withIntent(SmsKeywords.intent(body)).withMedia(media)
        .withLanguage(SmsKeywords.keywordLanguage(body));
    InboundMessage message = new InboundMessage(TwilioConnector.CHANNEL, sid, new Address(Address.PHONE, from), null,
        body, context.clock().instant(), facts, List.of());
    context.inbound().message(message)
        .onSuccess(receipt -> {
          context.metrics().received();
          rc.response().putHeader("Content-Type", "text/xml").end(EMPTY_TWIML);
        })
        .onFailure(err -> {
          LOG.atWarn().addKeyValue("sid", sid).setCause(err).log("SMS not stored; Twilio will retry");
          fail(rc, 503, "unavailable", "not stored; retry later");
        });
  }

  private void status(RoutingContext rc) {
    String messageId = rc.request().getParam("relayMessageId");
    MultiMap form = rc.request().formAttributes();
    String state = form.get("MessageStatus");
    if (messageId == null || state == null) {
      fail(rc, 400, "bad_request", "MessageStatus and our relayMessageId are required");
      return;
    }
    DeliveryReceipt receipt = switch (state) {
      case "delivered" -> new DeliveryReceipt(messageId, DeliveryStatus.DELIVERED, form.get("MessageSid"), null);
      case "sent" -> new DeliveryReceipt(messageId, DeliveryStatus.SENT, form.get("MessageSid"), null);
      case "undelivered", "failed" -> new DeliveryReceipt(messageId, DeliveryStatus.FAILED, form.get("MessageSid"),
          "Twilio reports " + state + (form.get("ErrorCode") == null ? "" : " (error " + form.get("ErrorCode") + ")"));
      default -> null;
    };
    Future<Void> recorded = receipt == null ? Future.succeededFuture() : context.inbound().status(receipt);
    recorded.onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(err -> fail(rc, 503, "unavailable", "not stored; retry later"));
  }

  private static int parseInt(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void fail(RoutingContext rc, int status, String code, String message) {
    TwilioSignatures.fail(rc, status, code, message);
  }
}
