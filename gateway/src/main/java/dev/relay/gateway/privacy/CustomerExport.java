package dev.relay.gateway.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.relay.connector.spi.Calls;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right of access and portability: one zip with everything Relay holds about a customer, as
 * JSON a person can read and a program can import, and the files they sent as they sent them. The
 * export is audited before the first byte leaves. The archive streams ({@link ZipStream}); what is
 * held at once is the customer's records without attachments, plus one attachment.
 */
final class CustomerExport {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerExport.class);
  private static final String README = """
      Relay: everything stored about one customer, exported %s.

      customer.json       the profile: name, identities (addresses by which Relay recognises them),
                          what they said about themselves (claims), language, time zone, tags, opt-outs
      conversations.json  every conversation: when it opened and was resolved, who answered, the routing
                          decision it was opened with, and the satisfaction survey with its answer
      messages.json       every message on every channel (chat, e-mail, SMS, calls), oldest first; each
                          attachment's "file" is its path in this archive
      calls.json          the calls placed to them (follow-ups, callbacks) and how each ended
      satisfaction.json   the satisfaction surveys sent and the scores given
      jobs.json           scheduled work that names them (follow-ups, callbacks, retries), done or pending
      audit.json          what administrators did about them, and when
      attachments/        the files they sent, under their attachment id
      recordings/         the recorded calls (follow-ups recorded with their consent), as the voice
                          channel keeps them, under the call's message id; a recording the provider
                          no longer has is listed in calls.json only
      """;

  private final Store store;
  private final Vertx vertx;
  private final Clock clock;
  private final Supplier<Optional<Calls>> voice;

  /** @param voice the voice channel that keeps call recordings, when one is set up */
  CustomerExport(Store store, Vertx vertx, Supplier<Optional<Calls>> voice, Clock clock) {
    this.voice = voice;
    this.store = store;
    this.vertx = vertx;
    this.clock = clock;
  }

  /** Answers 404 before anything is sent when there is no such customer; once streaming, a failure resets the download. */
  Future<Void> export(String customerId, String actor, HttpServerResponse response) {
    return CustomerRecords.of(store, customerId)
        .compose(records -> store.audit().append(actor, "customer.exported", customerId,
            Map.of("messages", records.messages().size(), "attachments", records.keptAttachments().size()), clock.instant())
            .map(records))
        .compose(records -> {
          response.setStatusCode(200).setChunked(true)
              .putHeader("Content-Type", "application/zip")
              .putHeader("Content-Disposition", "attachment; filename=\"relay-customer-" + customerId + ".zip\"");
          ZipStream zip = new ZipStream(vertx, response);
          return write(zip, records).compose(v -> zip.finish())
              .onSuccess(v -> LOG.atInfo().addKeyValue("customer", customerId).addKeyValue("actor", actor)
                  .addKeyValue("messages", records.messages().size()).log("customer data exported"))
              .onFailure(err -> {
                LOG.atWarn().addKeyValue("customer", customerId).addKeyValue("error", err.getMessage())
                    .log("customer export broke off; the download is reset");
                response.reset();
              })
              .recover(err -> Future.succeededFuture());
        });
  }

  private Future<Void> write(ZipStream zip, CustomerRecords records) {
    List<Map<String, Object>> messages = records.messages().stream().map(CustomerExport::withFiles).toList();
    Future<Void> written = zip.entry("README.txt", README.formatted(clock.instant()).getBytes(StandardCharsets.UTF_8))
        .compose(v -> zip.entry("customer.json", json(records.customer())))
        .compose(v -> zip.entry("conversations.json", json(records.conversations())))
        .compose(v -> zip.entry("messages.json", json(messages)))
        .compose(v -> zip.entry("calls.json", json(messages.stream()
            .filter(m -> AgentCalls.CHANNEL.equals(m.get("channel"))).toList())))
        .compose(v -> zip.entry("satisfaction.json", json(records.conversations().stream()
            .filter(c -> c.satisfaction() != null).map(CustomerExport::survey).toList())))
        .compose(v -> zip.entry("jobs.json", json(records.jobs())))
        .compose(v -> zip.entry("audit.json", json(records.audit())));
    for (Message.Attachment attachment : records.keptAttachments()) {
      written = written.compose(v -> store.attachments().get(attachment.id()))
          .compose(bytes -> bytes.isEmpty() ? Future.succeededFuture() : zip.entry(path(attachment), bytes.get()));
    }
    for (Message call : records.recordedCalls()) {
      written = written.compose(v -> recording(call))
          .compose(audio -> audio.isEmpty() ? Future.succeededFuture()
              : zip.entry("recordings/" + call.id() + ".mp3", audio.get().getBytes()));
    }
    return written;
  }

  /** A call's recording, read whole (one at a time, as attachments are); empty when the provider no longer has it. */
  private Future<Optional<Buffer>> recording(Message call) {
    Optional<Calls> calls = voice.get();
    if (calls.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return calls.get().recording(call.attributes().get(AgentCalls.RECORDING)).compose(audio -> {
      Promise<Optional<Buffer>> read = Promise.promise();
      Buffer bytes = Buffer.buffer();
      audio.body().handler(bytes::appendBuffer).exceptionHandler(read::tryFail)
          .endHandler(v -> read.tryComplete(Optional.of(bytes)));
      audio.body().resume();
      return read.future();
    }).recover(err -> err instanceof Calls.RecordingMissing ? Future.succeededFuture(Optional.empty())
        : Future.failedFuture(err));
  }

  /** A message as stored, each attachment with the path of its file in the archive (or none, when not kept). */
  private static Map<String, Object> withFiles(Message message) {
    Map<String, Object> map = Json.MAPPER.convertValue(message, Json.MAPPER.getTypeFactory()
        .constructMapType(LinkedHashMap.class, String.class, Object.class));
    map.put("attachments", message.attachments().stream().map(a -> {
      Map<String, Object> file = new LinkedHashMap<>(Json.MAPPER.convertValue(a, Map.class));
      file.put("file", a.kept() ? path(a) : null);
      return file;
    }).toList());
    return map;
  }

  private static Map<String, Object> survey(Conversation conversation) {
    Map<String, Object> survey = new LinkedHashMap<>();
    survey.put("conversationId", conversation.id());
    survey.put("agentId", conversation.satisfaction().agentId());
    survey.put("askedAt", conversation.satisfaction().askedAt());
    survey.put("score", conversation.satisfaction().score());
    survey.put("answeredAt", conversation.satisfaction().answeredAt());
    return survey;
  }

  /** attachments/{id}/{their file name}, with path separators and control characters made harmless. */
  static String path(Message.Attachment attachment) {
    String name = Objects.requireNonNullElse(attachment.filename(), "file").replaceAll("[/\\\\\\p{Cntrl}]", "_");
    if (name.isBlank() || name.startsWith(".")) {
      name = "_" + name;
    }
    return "attachments/" + attachment.id() + "/" + (name.length() > 120 ? name.substring(0, 120) : name);
  }

  private static byte[] json(Object value) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored record no longer encodes as JSON", e);
    }
  }
}
