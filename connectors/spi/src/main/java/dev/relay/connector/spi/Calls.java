package dev.relay.connector.spi;

import io.vertx.core.Future;

/**
 * Phone calls a connector can place for an agent: the agent's phone rings first and hears who is
 * being called, then the customer is connected. How it went arrives later through
 * {@link InboundSink#callOutcome}.
 */
public interface Calls {

  Future<CallReceipt> place(CallRequest request);

  /**
   * Deletes the recordings the provider made of these calls (by the provider's call ids), for a
   * retention period; answers the call ids whose recordings are gone (none were made counts). A
   * call the provider cannot clean now is left out, to be tried again on the next run.
   */
  Future<java.util.List<String>> deleteRecordings(java.util.List<String> providerCallIds);

  /**
   * A recording the provider made (its id from {@link InboundSink#callRecorded}), to be played
   * through Relay: the audio as the provider streams it, paused until the caller pipes it on.
   * Fails with {@link RecordingMissing} when the provider no longer has it.
   */
  Future<RecordingAudio> recording(String recordingId);

  /**
   * @param callId        Relay's id for the call, echoed in its outcome
   * @param announcement  what the agent hears before the customer is connected
   * @param recording     record the call, the customer told first; null: not recorded
   */
  record CallRequest(String callId, Address agentPhone, Address customerPhone, String announcement,
                     Recording recording) {
  }

  /**
   * @param notice   what the customer hears as they answer, before the agent is connected
   * @param language the notice's language (the customer's), for the provider's text-to-speech voice
   */
  record Recording(String notice, java.util.Locale language) {
  }

  /** The recording of a call, made and stored by the provider: {@code seconds} long. */
  record CallRecording(String callId, String recordingId, int seconds) {
  }

  /** @param length in bytes, or -1 when the provider does not say */
  record RecordingAudio(String contentType, long length,
                        io.vertx.core.streams.ReadStream<io.vertx.core.buffer.Buffer> body) {
  }

  /** The provider has no such recording (deleted, or never made). */
  final class RecordingMissing extends RuntimeException {
    public RecordingMissing(String recordingId) {
      super("the provider has no recording " + recordingId, null, false, false);
    }
  }

  /** @param error why the call could not be placed, or null when it was */
  record CallReceipt(String callId, String providerId, String error) {
    public boolean placed() {
      return error == null;
    }
  }

  /** How a call ended; {@link #code} is the name stored in the timeline and shown to agents. */
  enum Outcome {
    /** The customer was connected. */
    ANSWERED("answered"),
    NO_ANSWER("no-answer"),
    BUSY("busy"),
    FAILED("failed"),
    /** The agent's phone did not answer, so the customer was never dialed. */
    AGENT_UNAVAILABLE("agent-unavailable");

    private final String code;

    Outcome(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** @param seconds how long the customer was connected */
  record CallOutcome(String callId, Outcome outcome, int seconds) {
    public boolean reached() {
      return outcome == Outcome.ANSWERED;
    }
  }
}
