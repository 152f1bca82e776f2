package dev.relay.gateway.store.redis;

import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Ids;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.store.Store;
import io.vertx.redis.client.Command;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A store as an earlier version left it (every key under {@code {relay}:}, no owner index), and
 * what must hold once it has been moved to the sharded layout: everything is found where it was
 * asked for before, new messages come after the old ones, and no old key is left.
 */
final class EarlierLayout {

  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Address AMELIE = new Address(Address.PHONE, "+15145550101");

  private EarlierLayout() {
  }

  static void write(RedisStore store) {
    Customer customer = Customer.first("cus_old", AMELIE, "Amélie Tremblay", T0).withOwner("agt_old");
    Conversation conversation = Conversation.open("cnv_old", "cus_old", "agt_old", Address.PHONE, T0, null);
    Message message = inbound("msg_old", "SM0ld", T0);
    Job followUp = Job.pending("job_old", "followup", "followup:cnv_old", T0.plusSeconds(3600), Map.of("customerId", "cus_old"));
    send(store, Command.SET, "{relay}:customer:cus_old", Json.encode(customer));
    send(store, Command.SET, "{relay}:identity:phone:+15145550101", "cus_old");
    send(store, Command.SET, "{relay}:conversation:cnv_old", Json.encode(conversation));
    send(store, Command.SET, "{relay}:open:cus_old", "cnv_old");
    send(store, Command.ZADD, "{relay}:customer-conversations:cus_old", 1, "cnv_old");
    send(store, Command.SADD, "{relay}:conversations", "cnv_old");
    send(store, Command.SADD, "{relay}:open-conversations", "cnv_old");
    send(store, Command.SADD, "{relay}:agent-open:agt_old", "cnv_old");
    send(store, Command.SET, "{relay}:message:msg_old", Json.encode(message));
    send(store, Command.ZADD, "{relay}:conversation-messages:cnv_old", 7, "msg_old");
    send(store, Command.ZADD, "{relay}:customer-messages:cus_old", 7, "msg_old");
    send(store, Command.SET, "{relay}:external:INBOUND:chat:SM0ld", "msg_old");
    send(store, Command.ZADD, "{relay}:messages:unrouted", T0.toEpochMilli(), "msg_old");
    send(store, Command.SET, "{relay}:seq:messages", 7);
    send(store, Command.SET, "{relay}:seq:conversations", 1);
    send(store, Command.SET, "{relay}:job:job_old", Json.encode(followUp));
    send(store, Command.SADD, "{relay}:jobs", "job_old");
    send(store, Command.ZADD, "{relay}:jobs:due", followUp.dueAt().toEpochMilli(), "job_old");
    send(store, Command.SET, "{relay}:job-key:followup:cnv_old", "job_old");
    send(store, Command.ZADD, "{relay}:inbox:agt_old", 5, Json.encode(new AgentEvent(5, "agt_old", "message.received",
        Map.of("conversationId", "cnv_old"), T0)));
    send(store, Command.SET, "{relay}:owned-indexed", "1");
    send(store, Command.DEL, "{relay}:layout");
  }

  /** {@code left}: the keys under {@code {relay}:} after the move, as {@code redis-cli --scan} lists them. */
  static void assertMoved(Store store, String left) {
    assertEquals("cus_old", result(store.customers().byIdentity(AMELIE)).orElseThrow().id(), "her number still finds her");
    assertEquals(List.of("cus_old"), result(store.customers().ownedBy("agt_old")).stream().map(Customer::id).toList(),
        "a hand-over finds her, though the earlier version kept no owner index");
    assertEquals("cnv_old", result(store.conversations().openOf("cus_old")).orElseThrow().id());
    assertEquals(List.of("cnv_old"), result(store.conversations().list("agt_old", Conversation.Status.OPEN, false))
        .stream().map(Conversation::id).toList());
    assertEquals(1, result(store.conversations().openCount("agt_old")));
    assertTrue(result(store.messages().append(inbound("msg_again", "SM0ld", T0))).duplicate(),
        "Twilio's re-delivery of the old text is still recognised");
    result(store.messages().append(inbound(Ids.near("msg", "cus_old"), "SMn3w", T0.plusSeconds(60))));
    assertEquals(List.of("text msg_old", "text " + result(store.messages().ofCustomer("cus_old")).get(1).id()),
        result(store.messages().ofConversation("cnv_old")).stream().map(Message::text).toList(), "the new text comes after");
    assertEquals(List.of("msg_old"), result(store.messages().claimUnrouted(T0.plusSeconds(1), 10, T0.plusSeconds(60))),
        "the text still to route is routed");
    assertEquals(1, result(store.inbox().pending("agt_old", 0)).size(), "the agent's unacknowledged event is kept");
    assertTrue(result(store.jobs().cancelKey("followup:cnv_old")), "the follow-up is found by its key");
    assertFalse(left.contains("customer") || left.contains("message") || left.contains("conversation")
        || left.contains("job") || left.contains("inbox"), "no key of the earlier layout is left: " + left);
  }

  private static Message inbound(String id, String externalId, Instant at) {
    return new Message(id, "cnv_old", "cus_old", Message.Direction.INBOUND, "chat", "text " + id,
        new Message.Author("customer", "cus_old", "Amélie Tremblay"), at, null, externalId, null, Map.of(), List.of());
  }

  private static void send(RedisStore store, Command command, Object... args) {
    result(store.send(command, args));
  }
}
