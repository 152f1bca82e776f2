package dev.relay.connector.twilio;

import dev.relay.connector.spi.Masked;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.ProviderCircuit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places agent-first calls through Twilio Voice (the SDK, on worker threads): Twilio rings the
 * agent's phone and fetches our TwiML, which announces the customer and dials them
 * ({@link VoiceWebhooks}). What the call needs later travels in the (signed) webhook URL.
 */
final class VoiceCalls implements Calls {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceCalls.class);
  static final int RING_SECONDS = 30;

  private final TwilioOptions options;
  private final TwilioRestClient client;
  private final WorkerExecutor workers;
  private final ProviderCircuit circuit;
  private final TwilioRecords records;
  private final RecordingMedia media;

  VoiceCalls(TwilioOptions options, TwilioRestClient client, TwilioRecords records, RecordingMedia media, Vertx vertx,
             Clock clock) {
    this.records = records;
    this.media = media;
    this.options = options;
    this.client = client;
    this.workers = vertx.createSharedWorkerExecutor("relay-twilio-voice", 2);
    this.circuit = new ProviderCircuit("twilio-voice", clock, err -> true);
  }

  @Override
  public Future<List<String>> deleteRecordings(List<String> providerCallIds) {
    return records.deleteRecordings(providerCallIds);
  }

  @Override
  public Future<RecordingAudio> recording(String recordingId) {
    return media.fetch(recordingId);
  }

  @Override
  public Future<CallReceipt> place(CallRequest request) {
    // A recorded call's notice to the customer travels to the TwiML that records (signed, like every webhook URL).
    String connect = options.publicUrl() + VoiceWebhooks.CONNECT + "?relayCallId=" + encode(request.callId())
        + "&customer=" + encode(request.customerPhone().value()) + "&say=" + encode(request.announcement())
        + (request.recording() == null ? "" : "&notice=" + encode(request.recording().notice())
            + "&language=" + encode(VoiceWebhooks.sayLanguage(request.recording().language())));
    String status = options.publicUrl() + VoiceWebhooks.STATUS + "?relayCallId=" + encode(request.callId());
    return circuit.call(() -> workers.<CallReceipt>executeBlocking(() -> {
      Call call = Call.creator(new PhoneNumber(request.agentPhone().value()), new PhoneNumber(options.number()), URI.create(connect))
          .setStatusCallback(status)
          .setStatusCallbackEvent(List.of("completed"))
          .setTimeout(RING_SECONDS)
          .create(client);
      return new CallReceipt(request.callId(), call.getSid(), null);
    }, false), () -> Future.succeededFuture(new CallReceipt(request.callId(), null, "Twilio keeps failing")))
        .recover(err -> {
          LOG.atWarn().addKeyValue("call", request.callId()).addKeyValue("reason", Masked.text(err.getMessage())).log("call not placed");
          return Future.succeededFuture(new CallReceipt(request.callId(), null, "Twilio could not place the call: "
              + err.getMessage()));
        });
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  Future<Void> close() {
    return workers.close();
  }
}
