package dev.relay.connector.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.Recording;
import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.ProviderCopies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes what Twilio keeps of an erased customer, through Twilio's REST API (the SDK, on a worker
 * thread): each text ({@code DELETE Messages/{Sid}}), and each call with its recordings first
 * ({@code GET Recordings?CallSid=}, {@code DELETE Recordings/{Sid}}, then {@code DELETE Calls/{Sid}}).
 * A record Twilio no longer has (404) counts as deleted; one it refuses is reported with how to
 * delete it by hand.
 */
final class TwilioRecords {

  private final TwilioRestClient client;
  private final WorkerExecutor workers;
  private final ChannelMetrics metrics;

  TwilioRecords(TwilioRestClient client, Vertx vertx, ChannelMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
    this.workers = vertx.createSharedWorkerExecutor("relay-twilio-records", 1);
  }

  Future<ProviderCopies> forget(List<String> sids) {
    return workers.executeBlocking(() -> {
      List<String> deleted = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      for (String sid : sids) {
        try {
          if (sid.startsWith("CA")) {
            deleted.addAll(deleteRecordingsOf(sid));
            delete(() -> Call.deleter(sid).delete(client));
          } else {
            delete(() -> Message.deleter(sid).delete(client));
          }
          deleted.add(sid);
          metrics.providerDelete(true);
        } catch (RuntimeException e) {
          refused.add(sid);
          metrics.providerDelete(false);
        }
      }
      return new ProviderCopies(TwilioConnector.CHANNEL, deleted, refused.isEmpty() ? null
          : "Twilio did not delete " + String.join(", ", refused) + ": delete them in the Twilio Console (Monitor > "
              + "Logs > Messaging / Calls) or with DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json "
              + "(Calls/{Sid}.json, Recordings/{Sid}.json)");
    }, false);
  }

  /** For retention: the calls' recordings only; Twilio's call log stays (it is erased with the customer). */
  Future<List<String>> deleteRecordings(List<String> callSids) {
    return workers.executeBlocking(() -> {
      List<String> cleaned = new ArrayList<>();
      for (String sid : callSids) {
        try {
          deleteRecordingsOf(sid);
          cleaned.add(sid);
          metrics.providerDelete(true);
        } catch (RuntimeException e) {
          metrics.providerDelete(false);
          // Tried again on the next retention run.
        }
      }
      return cleaned;
    }, false);
  }

  /** The recordings of one call, each deleted; the ids of those deleted. */
  private List<String> deleteRecordingsOf(String callSid) {
    List<String> deleted = new ArrayList<>();
    for (Recording recording : Recording.reader().setCallSid(callSid).read(client)) {
      delete(() -> Recording.deleter(recording.getSid()).delete(client));
      deleted.add(recording.getSid());
    }
    return deleted;
  }

  /** Runs one delete; Twilio not having the record (any more) is what we wanted. */
  private static void delete(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      if (e.getStatusCode() == null || e.getStatusCode() != 404) {
        throw e;
      }
    }
  }

  Future<Void> close() {
    return workers.close();
  }
}
