package dev.relay.gateway.outbound;

import dev.relay.gateway.presence.ResponseTimes;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.Masked;
import dev.relay.connector.spi.OutboundAttachment;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.ThreadRef;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.StoredFacts;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.schedule.JobHandler;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.Texts;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's reply: stored first (queued), then handed to the channel, signed with the agent's
 * name. The caller gets the stored message at once; delivery is reported on the agent's stream. A
 * channel that cannot take it now ("retry later") leaves it queued in the outbox, a durable job that
 * sends it again with backoff and survives restarts: nothing an agent wrote is lost.
 */
public final class Replies implements JobHandler {

  static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final Store store;
  private final Connectors connectors;
  private final DeliveryTracker deliveries;
  private final Scheduler scheduler;
  private final Texts texts;
  private final ResponseTimes responseTimes;
  private final FileLinks links;
  private final Clock clock;

  public Replies(Store store, Connectors connectors, DeliveryTracker deliveries, Scheduler scheduler, Texts texts,
                 ResponseTimes responseTimes, FileLinks links, Clock clock) {
    this.texts = texts;
    this.links = links;
    this.store = store;
    this.connectors = connectors;
    this.deliveries = deliveries;
    this.scheduler = scheduler;
    this.responseTimes = responseTimes;
    this.clock = clock;
  }

  /**
   * @param channel   where to send it, or null for the channel the customer last wrote on
   * @param answering the inbound e-mail it answers (its author gets it), or null for the customer's latest
   */
  public Future<Message> reply(Agent agent, Conversation conversation, Customer customer, String text, String channel,
                               String answering) {
    return reply(agent, conversation, customer, text, channel, answering, List.of());
  }

  /** @param files checked already ({@link OutgoingFiles}); the channel must carry them to this customer */
  public Future<Message> reply(Agent agent, Conversation conversation, Customer customer, String text, String channel,
                               String answering, List<OutgoingFiles.OutgoingFile> files) {
    if (!conversation.isOpen()) {
      return Future.failedFuture(RelayException.conflict("conversation_resolved",
          "the conversation is resolved; reopen it to reply"));
    }
    return store.messages().ofConversation(conversation.id()).compose(earlier -> {
      boolean first = earlier.stream().noneMatch(Replies::byAnAgent);
      return write(agent, conversation, customer, text, channel, answering, files, Map.of())
          .compose(sent -> !first ? Future.succeededFuture(sent) : responseTimes.firstReply(agent, conversation, sent.at())
              .recover(err -> {
                LOG.atWarn().addKeyValue("conversation", conversation.id()).setCause(err).log("first response not measured");
                return Future.succeededFuture();
              })
              .map(sent));
    });
  }

  private static boolean byAnAgent(Message message) {
    return message.direction() == Message.Direction.OUTBOUND && "agent".equals(message.author().kind());
  }

  /**
   * The owner checking in after a resolution: written into the resolved conversation, on its last
   * channel; {@code marks} say in the timeline what it stands for (a follow-up written instead of a call).
   */
  public Future<Message> followUp(Agent owner, Conversation resolved, Customer customer, String text,
                                  Map<String, String> marks) {
    return write(owner, resolved, customer, text, null, null, List.of(), marks);
  }

  private Future<Message> write(Agent agent, Conversation conversation, Customer customer, String text, String channel,
                                String answering, List<OutgoingFiles.OutgoingFile> files, Map<String, String> marks) {
    String target = channel != null ? channel : conversation.channel();
    Connector connector = connectors.get(target).orElse(null);
    if (connector == null) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: no connector for " + target)));
    }
    if (customer.hasOptedOut(target)) {
      return Future.failedFuture(RelayException.invalid(List.of("channel: the customer opted out of " + target
          + " (they sent STOP); answer on another channel, or wait until they send START")));
    }
    return Recipients.choose(store.messages(), conversation, customer, connector, answering).compose(chosen -> {
      refuseFiles(connector, chosen.to(), files);
      Instant now = clock.instant();
      List<Message.Attachment> refs = files.stream()
          .map(f -> new Message.Attachment(Ids.next("att"), f.filename(), f.contentType(), f.size(), true)).toList();
      Map<String, String> attributes = new java.util.HashMap<>(chosen.attributes());
      attributes.putAll(marks);
      Message message = new Message(Ids.next("msg"), conversation.id(), customer.id(), Message.Direction.OUTBOUND,
          target, text, new Message.Author("agent", agent.id(), agent.name()), now,
          DeliveryStatus.QUEUED, null, null, attributes, refs);
      ThreadRef thread = ThreadHints.answering(chosen.answered()).withCopied(chosen.cc());
      List<OutboundAttachment> outgoing = new java.util.ArrayList<>();
      List<Future<Void>> kept = new java.util.ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        Message.Attachment ref = refs.get(i);
        outgoing.add(new OutboundAttachment(ref.filename(), ref.contentType(), ref.size(), links.link(ref, now),
            files.get(i).content()));
        kept.add(store.attachments().put(ref.id(), files.get(i).content()));
      }
      // The files' bytes are stored before the message that lists them, as inbound ones are.
      return Future.all(kept).compose(stored -> store.messages().append(message)).map(appended -> {
        send(connector, toOutbound(chosen.to(), appended.message(), thread).withAttachments(outgoing)
            .withWording(texts.wording(customer, agent.name())));
        return appended.message();
      });
    });
  }

  /** A 422 naming why this channel cannot carry these files to {@code to}; nothing is stored or sent. */
  private void refuseFiles(Connector connector, Address to, List<OutgoingFiles.OutgoingFile> files) {
    if (files.isEmpty()) {
      return;
    }
    Optional<Connector.FileLimit> limit = connector.carriesFiles(to);
    if (limit.isEmpty()) {
      throw RelayException.invalid(List.of("attachments: files cannot be sent by " + connector.channel()
          + ("sms".equals(connector.channel()) ? " to " + Masked.phone(to.value())
          + " (MMS reaches US and Canadian numbers only); send them by e-mail or chat" : "")));
    }
    if (limit.get().needsLink() && !links.available()) {
      throw RelayException.invalid(List.of("attachments: " + connector.channel() + " sends files as links, which need"
          + " the gateway's public URL (sms.publicUrl, RELAY_PUBLIC_URL)"));
    }
    List<String> tooLarge = files.stream().filter(f -> f.size() > limit.get().maxBytes())
        .map(f -> "attachments: " + f.filename() + " is larger than " + limit.get().maxBytes() / (1024 * 1024)
            + " MB, the most " + connector.channel() + " carries").toList();
    if (!tooLarge.isEmpty()) {
      throw RelayException.invalid(tooLarge);
    }
  }

  /** The reply's files for its channel, read again from the store (a retry): a file no longer kept fails it, said why. */
  private Future<List<OutboundAttachment>> filesOf(Message message) {
    List<Future<OutboundAttachment>> files = message.attachments().stream().map(ref -> store.attachments().get(ref.id())
        .map(bytes -> new OutboundAttachment(ref.filename(), ref.contentType(), ref.size(), links.link(ref, message.at()),
            bytes.orElseThrow(() -> new IllegalStateException(ref.filename() + " is no longer kept"))))).toList();
    return Future.all(files).map(all -> files.stream().map(Future::result).toList());
  }

  /** Hands a stored reply to its channel; what the channel answers becomes the message's status. */
  public void send(Connector connector, OutboundMessage outbound) {
    connector.send(outbound)
        .recover(err -> {
          LOG.atWarn().addKeyValue("message", outbound.messageId()).addKeyValue("channel", connector.channel())
              .setCause(err).log("connector failed to send");
          return Future.succeededFuture(DeliveryReceipt.failed(outbound.messageId(), "the channel failed: " + err.getMessage()));
        })
        .compose(receipt -> receipt.shouldRetry()
            ? retryLater(new ReplyRetry(receipt.messageId())).compose(job -> deliveries.record(receipt))
            : deliveries.record(receipt))
        .onFailure(err -> LOG.atWarn().addKeyValue("message", outbound.messageId()).setCause(err)
            .log("delivery status not recorded"));
  }

  private Future<Job> retryLater(ReplyRetry retry) {
    return scheduler.schedule(ReplyRetry.JOB, retry.key(), clock.instant().plus(FIRST_RETRY), retry.toMap());
  }

  /** Sends a queued reply again; still refused → the scheduler retries with backoff, then it fails for good. */
  @Override
  public Future<Void> run(Job job) {
    String id = ReplyRetry.fromMap(job.payload()).messageId();
    return store.messages().get(id).compose(found -> {
      if (found.isEmpty() || found.get().status() != DeliveryStatus.QUEUED) {
        return Future.succeededFuture();
      }
      return attempt(found.get()).compose(receipt -> {
        if (!receipt.shouldRetry()) {
          return deliveries.record(receipt).mapEmpty();
        }
        if (Scheduler.lastAttempt(job)) {
          return deliveries.record(DeliveryReceipt.failed(id, "gave up after repeated tries: " + receipt.error()))
              .mapEmpty();
        }
        return deliveries.record(receipt).compose(m -> Future.failedFuture(receipt.error()));
      });
    });
  }

  /**
   * A reply of {@code conversation} that was not sent ({@code failed}), sent again as it was: the
   * same message (its files read again from the store), queued again, then handed to its channel as
   * a new reply is; the agent sees its status change on the stream. Anything but a failed reply is a
   * 409: a reply queued or sent is never sent twice.
   */
  public Future<Message> sendAgain(Conversation conversation, String messageId) {
    if (!conversation.isOpen()) {
      return Future.failedFuture(RelayException.conflict("conversation_resolved",
          "the conversation is resolved; reopen it to send the reply again"));
    }
    return store.messages().get(messageId).compose(found -> {
      Message failed = found.filter(m -> m.conversationId().equals(conversation.id()) && byAnAgent(m)).orElse(null);
      if (failed == null) {
        return Future.failedFuture(RelayException.notFound("reply " + messageId));
      }
      if (failed.status() != DeliveryStatus.FAILED) {
        return Future.failedFuture(RelayException.conflict("not_failed", "only a reply that was not sent can be sent"
            + " again; this one is " + failed.status().name().toLowerCase(java.util.Locale.ROOT)));
      }
      return store.messages().update(messageId, m -> m.status() == DeliveryStatus.FAILED
              ? m.withStatus(DeliveryStatus.QUEUED, null, null) : m)
          .onSuccess(queued -> attempt(queued)
              .recover(err -> Future.succeededFuture(DeliveryReceipt.failed(messageId, "the channel failed: " + err.getMessage())))
              .compose(receipt -> receipt.shouldRetry()
                  ? retryLater(new ReplyRetry(messageId)).compose(job -> deliveries.record(receipt))
                  : deliveries.record(receipt))
              .onFailure(err -> LOG.atWarn().addKeyValue("message", messageId).setCause(err)
                  .log("reply sent again, its status not recorded")));
    });
  }

  /**
   * One more try at a queued reply, to the address it was meant for (or the customer's current one):
   * the channel's receipt, or a failure that says why it cannot go (opted out, no longer reachable,
   * a file no longer kept).
   */
  private Future<DeliveryReceipt> attempt(Message message) {
    String id = message.id();
    Connector connector = connectors.get(message.channel()).orElse(null);
    return store.customers().get(message.customerId()).compose(customer -> {
      List<Address> kept = connector == null ? List.of() : StoredFacts.recipients(message.attributes(), connector.addressKind());
      Address to = connector == null || customer.isEmpty() ? null
          : kept.isEmpty() ? customer.get().addressOfKind(connector.addressKind()) : kept.get(0);
      if (to != null && customer.get().hasOptedOut(message.channel())) {
        return Future.succeededFuture(DeliveryReceipt.failed(id, "the customer opted out of " + message.channel()
            + " (they sent STOP) before it could be sent"));
      }
      if (to == null) {
        return Future.succeededFuture(DeliveryReceipt.failed(id, "the customer can no longer be reached on "
            + message.channel()));
      }
      String answers = StoredFacts.answers(message.attributes());
      Future<ThreadRef> thread = answers == null ? ThreadHints.of(store.messages(), message.conversationId(), connector)
          : store.messages().get(answers).map(m -> ThreadHints.answering(m.orElse(null)));
      List<Address> cc = kept.size() > 1 ? kept.subList(1, kept.size()) : List.of();
      return thread.compose(t -> filesOf(message).transform(files -> files.failed()
          ? Future.succeededFuture(DeliveryReceipt.failed(id, "not sent: " + files.cause().getMessage()))
          : connector.send(toOutbound(to, message, t.withCopied(cc)).withAttachments(files.result())
              .withWording(texts.wording(customer.get(), message.author().name())))));
    });
  }

  public static OutboundMessage toOutbound(Address to, Message message, ThreadRef thread) {
    return new OutboundMessage(message.id(), OutboundMessage.Kind.REPLY, to, message.text(), message.author().name(),
        message.conversationId(), message.at(), thread);
  }
}
