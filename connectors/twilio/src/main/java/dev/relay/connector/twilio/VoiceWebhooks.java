package dev.relay.connector.twilio;

import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.Calls.CallOutcome;
import dev.relay.connector.spi.ConnectorContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Twilio Voice's webhooks, signed like the SMS ones ({@link TwilioSignatures}): the TwiML that
 * announces the customer to the agent and dials them, the end of that dial (did the customer
 * answer, for how long), and the agent leg's final status (did the agent answer at all). A call
 * to be recorded dials with {@code record} and a recording status callback; the customer's leg
 * first runs the notice TwiML ({@code <Number url>}: played to the called party before the two are
 * bridged), so they hear, in their language, that the call is recorded.
 */
final class VoiceWebhooks {

  static final String CONNECT = "/webhooks/twilio/voice/connect";
  static final String DIALED = "/webhooks/twilio/voice/dialed";
  static final String STATUS = "/webhooks/twilio/voice/status";
  static final String NOTICE = "/webhooks/twilio/voice/notice";
  static final String RECORDING = "/webhooks/twilio/voice/recording";

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
    router.post(NOTICE).handler(rc -> signatures.signed(rc, this::notice));
    router.post(RECORDING).handler(rc -> signatures.signed(rc, this::recording));
  }

  /**
   * The language of {@code <Say>} for a customer's locale, among those Twilio's voices speak:
   * the locale's own when it names a country (fr-CA), else the language's usual one (fr-FR, en-US).
   */
  static String sayLanguage(java.util.Locale locale) {
    String language = locale.getLanguage().isEmpty() ? "en" : locale.getLanguage();
    if (!locale.getCountry().isEmpty()) {
      return language + "-" + locale.getCountry();
    }
    return switch (language) {
      case "fr" -> "fr-FR";
      case "de" -> "de-DE";
      case "es" -> "es-ES";
      default -> "en-US";
    };
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
    String notice = rc.request().getParam("notice");
    String language = rc.request().getParam("language");
    String recording = "";
    String number = "<Number>" + xml(customer) + "</Number>";
    if (notice != null && language != null) {
      recording = " record=\"record-from-answer-dual\" recordingStatusCallback=\"" + xml(options.publicUrl() + RECORDING
          + "?relayCallId=" + VoiceCalls.encode(callId)) + "\" recordingStatusCallbackEvent=\"completed\""
          + " recordingStatusCallbackMethod=\"POST\"";
      number = "<Number url=\"" + xml(options.publicUrl() + NOTICE + "?language=" + VoiceCalls.encode(language)
          + "&notice=" + VoiceCalls.encode(notice)) + "\" method=\"POST\">" + xml(customer) + "</Number>";
    }
    twiml(rc, "<Say>" + xml(say == null ? "Connecting you to your customer." : say) + "</Say>"
        + "<Dial callerId=\"" + xml(options.number()) + "\" timeout=\"" + VoiceCalls.RING_SECONDS + "\" action=\""
        + xml(dialed) + "\"" + recording + ">" + number + "</Dial>");
  }

  /** The customer answered a recorded call: before they are bridged, they hear that it is recorded, in their language. */
  private void notice(RoutingContext rc) {
    String notice = rc.request().getParam("notice");
    String language = rc.request().getParam("language");
    if (notice == null || language == null || !language.matches("[a-z]{2}-[A-Z]{2}")) {
      TwilioSignatures.fail(rc, 400, "bad_request", "notice and a language such as fr-FR are required");
      return;
    }
    twiml(rc, "<Say language=\"" + language + "\">" + xml(notice) + "</Say>");
  }

  /** Twilio's recording status callback: the recording is complete (it stays at Twilio; Relay keeps its id). */
  private void recording(RoutingContext rc) {
    String callId = rc.request().getParam("relayCallId");
    String sid = rc.request().formAttributes().get("RecordingSid");
    String status = rc.request().formAttributes().get("RecordingStatus");
    if (callId == null || sid == null || status == null) {
      TwilioSignatures.fail(rc, 400, "bad_request", "relayCallId, RecordingSid and RecordingStatus are required");
      return;
    }
    if (!"completed".equals(status)) {
      // "absent" (nothing was said) or "failed": there is nothing to play.
      rc.response().setStatusCode(204).end();
      return;
    }
    int seconds = seconds(rc.request().formAttributes().get("RecordingDuration"));
    context.inbound().callRecorded(new Calls.CallRecording(callId, sid, seconds))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(err -> TwilioSignatures.fail(rc, 503, "unavailable", "not stored; retry later"));
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
