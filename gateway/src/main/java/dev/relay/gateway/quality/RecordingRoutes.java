package dev.relay.gateway.quality;

import dev.relay.connector.spi.Calls;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/quality/recordings/{messageId}}: a recorded call's audio, played through Relay
 * (streamed from Twilio as it arrives, never kept here, never a Twilio address handed out) to
 * supervisors, admins, the agent who placed the call and the customer's agent; anyone else gets
 * 403. Each playing is audited: who listened to which call.
 */
final class RecordingRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingRoutes.class);

  private final Store store;
  private final AgentCalls calls;
  private final Clock clock;

  RecordingRoutes(Store store, AgentCalls calls, Clock clock) {
    this.store = store;
    this.calls = calls;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/quality/recordings/:messageId").handler(this::play);
  }

  private void play(RoutingContext rc) {
    String id = rc.pathParam("messageId");
    Caller caller = Api.caller(rc);
    recorded(id).compose(call -> allowed(caller, call).compose(v -> {
      Calls voice = calls.voice().orElseThrow(() -> RelayException.unavailable("calls are not configured (Twilio)"));
      return voice.recording(call.attributes().get(AgentCalls.RECORDING))
          .recover(err -> {
            if (err instanceof Calls.RecordingMissing) {
              return Future.failedFuture(RelayException.notFound("the recording of call " + id
                  + " (Twilio no longer keeps it)"));
            }
            // The listener is told to try again; the operator needs to know why.
            LOG.atWarn().addKeyValue("message", id).addKeyValue("error", err.getMessage()).log("recording not fetched from Twilio");
            return Future.failedFuture(RelayException.unavailable("Twilio did not give the recording; try again"));
          })
          .compose(audio -> store.audit().append(Api.actor(rc), "recording.played", call.conversationId(),
              Map.of("message", call.id()), clock.instant()).map(audio));
    })).onSuccess(audio -> {
      rc.response().setStatusCode(200).putHeader("Content-Type", audio.contentType())
          .putHeader("Cache-Control", "private, no-store")
          .putHeader("Content-Disposition", "inline; filename=\"call-" + id + ".mp3\"");
      if (audio.length() >= 0) {
        rc.response().putHeader("Content-Length", String.valueOf(audio.length()));
      } else {
        rc.response().setChunked(true);
      }
      audio.body().pipeTo(rc.response()).onFailure(err -> LOG.atInfo().addKeyValue("message", id)
          .addKeyValue("error", err.getMessage()).log("recording stream broke off"));
    }).onFailure(rc::fail);
  }

  private Future<Message> recorded(String id) {
    return store.messages().get(id).compose(found -> found.isPresent()
        && found.get().attributes().containsKey(AgentCalls.RECORDING)
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(RelayException.notFound("recorded call " + id)));
  }

  /** Supervisors and admins; an agent who placed the call or answers the customer. */
  private Future<Void> allowed(Caller caller, Message call) {
    if (caller.supervises()) {
      return Future.succeededFuture();
    }
    String me = QualityAccess.agentId(caller);
    if (me.equals(call.author().id())) {
      return Future.succeededFuture();
    }
    return store.conversations().get(call.conversationId()).compose(conversation -> conversation
        .filter(c -> me.equals(c.agentId())).isPresent() ? Future.<Void>succeededFuture()
        : Future.failedFuture(RelayException.forbidden("recordings are for supervisors and the customer's agent")));
  }
}
