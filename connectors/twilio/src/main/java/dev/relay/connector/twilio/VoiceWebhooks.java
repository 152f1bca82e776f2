package dev.relay.connector.twilio;

import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.Calls.CallOutcome;
import dev.relay.connector.spi.ConnectorContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Twilio Voice's webhooks, signed like the SMS ones ({@link TwilioSignatures}): the TwiML that
 * announces the customer to the agent and dials them, the end of that dial (did the customer
 * answer, for how long), and the agent leg's final status (did the agent answer at all).
 */
final class VoiceWebhooks {

  static final String CONNECT = "/webhooks/twilio/voice/connect";
  static final String DIALED = "/webhooks/twilio/voice/dialed";
  static final String STATUS = "/webhooks/twilio/voice/status";

  private final TwilioOptions options;
  private final ConnectorContext context;
  private final TwilioSignatures signatures;

  VoiceWebhooks(TwilioOptions options, ConnectorContext context, TwilioSignatures signatures) {
    this.options = options;
    this.context = context;
    this.signatures = signatures;
  }

  void mount(Router router) {
    router.post(CONNECT).handler(rc -> signatures.signed(rc, this::connect));
    router.post(DIALED).handler(rc -> signatures.signed(rc, this::dialed));
    router.post(STATUS).handler(rc -> signatures.signed(rc, this::status));
  }

  /** The agent picked up: tell them who is being called, then connect the customer. */
  private void connect(RoutingContext rc) {
    String callId = rc.request().getParam("relayCallId");
    String customer = TwilioOptions.e164(rc.request().getParam("customer"));
    String say = rc.request().getParam("say");
    if (callId == null || customer == null) {
      TwilioSignatures.fail(rc, 400, "bad_request", "relayCallId and a valid customer number are required");
      return;
    }
    String dialed = options.publicUrl() + DIALED + "?relayCallId=" + VoiceCalls.encode(callId);
    twiml(rc, "<Say>" + xml(say == null ? "Connecting you to your customer." : say) + "</Say>"
        + "<Dial callerId=\"" + xml(options.number()) + "\" timeout=\"" + VoiceCalls.RING_SECONDS + "\" action=\""
        + xml(dialed) + "\"><Number>" + xml(customer) + "</Number></Dial>");
  }

  /** The dial to the customer ended. */
  private void dialed(RoutingContext rc) {
    String callId = rc.request().getParam("relayCallId");
    String status = rc.request().formAttributes().get("DialCallStatus");
    if (callId == null || status == null) {
      TwilioSignatures.fail(rc, 400, "bad_request", "relayCallId and DialCallStatus are required");
      return;
    }
    Calls.Outcome outcome = switch (status) {
      case "completed", "answered" -> Calls.Outcome.ANSWERED;
      case "busy" -> Calls.Outcome.BUSY;
      case "no-answer" -> Calls.Outcome.NO_ANSWER;
      default -> Calls.Outcome.FAILED;
    };
    int seconds = seconds(rc.request().formAttributes().get("DialCallDuration"));
    context.inbound().callOutcome(new CallOutcome(callId, outcome, seconds))
        .onSuccess(v -> twiml(rc, "<Hangup/>"))
        .onFailure(err -> TwilioSignatures.fail(rc, 503, "unavailable", "not stored; retry later"));
  }

  /** The agent's leg ended; if the agent never answered, the customer was never dialed. */
  private void status(RoutingContext rc) {
    String callId = rc.request().getParam("relayCallId");
    String status = rc.request().formAttributes().get("CallStatus");
    if (callId == null || status == null) {
      TwilioSignatures.fail(rc, 400, "bad_request", "relayCallId and CallStatus are required");
      return;
    }
    if (!java.util.Set.of("no-answer", "busy", "failed", "canceled").contains(status)) {
      rc.response().setStatusCode(204).end();
      return;
    }
    context.inbound().callOutcome(new CallOutcome(callId, Calls.Outcome.AGENT_UNAVAILABLE, 0))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(err -> TwilioSignatures.fail(rc, 503, "unavailable", "not stored; retry later"));
  }

  private static int seconds(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void twiml(RoutingContext rc, String verbs) {
    rc.response().putHeader("Content-Type", "text/xml")
        .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + verbs + "</Response>");
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
