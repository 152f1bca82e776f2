package dev.relay.gateway.supervision;

import dev.relay.gateway.assignment.OwnerBack;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.inbox.HandsChanged;
import dev.relay.gateway.outbound.CustomerNotices;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.texts.TextKey;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor answers a conversation themselves from now on. The customer's owner stays their
 * owner (the supervisor steps in for this conversation), nothing hands it back by itself (no owner
 * wait, no hand-back), it is audited, the agent who had it sees it leave their desk, the other
 * supervisors hear of it, and the customer is told who answers now.
 */
public final class TakeOver {

  private static final Logger LOG = LoggerFactory.getLogger(TakeOver.class);

  private final Store store;
  private final OwnerBack ownerBack;
  private final HandsChanged handsChanged;
  private final CustomerNotices notices;
  private final Clock clock;

  public TakeOver(Store store, OwnerBack ownerBack, HandsChanged handsChanged, CustomerNotices notices, Clock clock) {
    this.store = store;
    this.ownerBack = ownerBack;
    this.handsChanged = handsChanged;
    this.notices = notices;
    this.clock = clock;
  }

  /** 404: no such conversation; 409: it is resolved, or the supervisor answers it already. */
  public Future<Conversation> takeOver(String conversationId, Agent supervisor) {
    return store.conversations().get(conversationId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(RelayException.notFound("conversation " + conversationId));
      }
      Conversation conversation = found.get();
      if (!conversation.isOpen()) {
        return Future.failedFuture(RelayException.conflict("resolved", "the conversation is resolved; nothing to take over"));
      }
      if (supervisor.id().equals(conversation.agentId())) {
        return Future.failedFuture(RelayException.conflict("already_yours", "you answer this conversation already"));
      }
      return store.customers().get(conversation.customerId()).compose(customer -> {
        AtomicReference<String> from = new AtomicReference<>();
        return ownerBack.settled(conversationId)
            .compose(v -> store.conversations().update(conversationId, c -> {
              from.set(c.agentId());
              return c.assignedTo(supervisor.id(), clock.instant());
            }))
            .compose(taken -> store.audit().append("agent:" + supervisor.id(), "conversation.takenOver", conversationId,
                    Map.of("from", from.get() == null ? "" : from.get(), "by", supervisor.id(),
                        "owner", String.valueOf(customer.orElseThrow().ownerId())), clock.instant())
                .compose(v -> handsChanged.tell(taken, customer.get(), from.get(), "taken over", supervisor.id()))
                .map(v -> {
                  notices.tell(customer.get(), taken, TextKey.NOTICE_TAKEN_OVER, Map.of("agent", supervisor.name()),
                      supervisor.name());
                  LOG.atInfo().addKeyValue("conversation", conversationId).addKeyValue("supervisor", supervisor.id())
                      .addKeyValue("from", from.get()).log("conversation taken over");
                  return taken;
                }));
      });
    });
  }
}
