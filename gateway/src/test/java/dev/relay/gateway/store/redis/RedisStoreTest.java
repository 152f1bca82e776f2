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
import dev.relay.gateway.store.StoreContract;
import dev.relay.gateway.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real redis-server; "reopen" is a new client after the server restarted from its AOF. */
class RedisStoreTest extends StoreContract {

  @TempDir
  Path dir;
  RedisServer redis;

  @Override
  protected Store open(Vertx vertx) {
    redis = RedisServer.start(dir);
    return result(RedisStore.open(vertx, new RedisOptions().setConnectionString(redis.url()), clock));
  }

  @Override
  protected Store reopen(Vertx vertx) {
    redis.restart();
    return result(RedisStore.open(vertx, new RedisOptions().setConnectionString(redis.url()), clock));
  }

  /**
   * A full Redis refuses writes but still answers reads: the failure strikes after a lookup
   * succeeded, the step that used to be taken for "nothing there".
   */
  @Override
  protected void outage() {
    result(((RedisStore) store).send(Command.CONFIG, "SET", "maxmemory", "1"));
  }

  /**
   * A store an earlier version wrote (every key under {@code {relay}:}, no owner index) is moved to
   * the sharded layout when it opens: everything is found where it was asked for before, new
   * messages come after the old ones, and no old key is left.
   */
  @Test
  void aStoreOfAnEarlierVersionIsMovedToTheShardedLayoutWhenItOpens() {
    Address amelie = new Address(Address.PHONE, "+15145550101");
    Customer customer = Customer.first("cus_old", amelie, "Amélie Tremblay", T0).withOwner("agt_old");
    Conversation conversation = Conversation.open("cnv_old", "cus_old", "agt_old", Address.PHONE, T0, null);
    Message message = inbound("msg_old", "cnv_old", "cus_old", "SM0ld", T0);
    Job followUp = Job.pending("job_old", "followup", "followup:cnv_old", T0.plusSeconds(3600), Map.of("customerId", "cus_old"));
    earlierVersion(Command.SET, "{relay}:customer:cus_old", Json.encode(customer));
    earlierVersion(Command.SET, "{relay}:identity:phone:+15145550101", "cus_old");
    earlierVersion(Command.SET, "{relay}:conversation:cnv_old", Json.encode(conversation));
    earlierVersion(Command.SET, "{relay}:open:cus_old", "cnv_old");
    earlierVersion(Command.ZADD, "{relay}:customer-conversations:cus_old", 1, "cnv_old");
    earlierVersion(Command.SADD, "{relay}:conversations", "cnv_old");
    earlierVersion(Command.SADD, "{relay}:open-conversations", "cnv_old");
    earlierVersion(Command.SADD, "{relay}:agent-open:agt_old", "cnv_old");
    earlierVersion(Command.SET, "{relay}:message:msg_old", Json.encode(message));
    earlierVersion(Command.ZADD, "{relay}:conversation-messages:cnv_old", 7, "msg_old");
    earlierVersion(Command.ZADD, "{relay}:customer-messages:cus_old", 7, "msg_old");
    earlierVersion(Command.SET, "{relay}:external:INBOUND:chat:SM0ld", "msg_old");
    earlierVersion(Command.ZADD, "{relay}:messages:unrouted", T0.toEpochMilli(), "msg_old");
    earlierVersion(Command.SET, "{relay}:seq:messages", 7);
    earlierVersion(Command.SET, "{relay}:seq:conversations", 1);
    earlierVersion(Command.SET, "{relay}:job:job_old", Json.encode(followUp));
    earlierVersion(Command.SADD, "{relay}:jobs", "job_old");
    earlierVersion(Command.ZADD, "{relay}:jobs:due", followUp.dueAt().toEpochMilli(), "job_old");
    earlierVersion(Command.SET, "{relay}:job-key:followup:cnv_old", "job_old");
    earlierVersion(Command.ZADD, "{relay}:inbox:agt_old", 5, Json.encode(new AgentEvent(5, "agt_old", "message.received",
        Map.of("conversationId", "cnv_old"), T0)));
    earlierVersion(Command.SET, "{relay}:owned-indexed", "1");
    earlierVersion(Command.DEL, "{relay}:layout");
    result(store.close());
    store = reopen(vertx);

    assertEquals("cus_old", result(store.customers().byIdentity(amelie)).orElseThrow().id(), "her number still finds her");
    assertEquals(List.of("cus_old"), result(store.customers().ownedBy("agt_old")).stream().map(Customer::id).toList(),
        "a hand-over finds her, though the earlier version kept no owner index");
    assertEquals("cnv_old", result(store.conversations().openOf("cus_old")).orElseThrow().id());
    assertEquals(List.of("cnv_old"), result(store.conversations().list("agt_old", Conversation.Status.OPEN, false))
        .stream().map(Conversation::id).toList());
    assertEquals(1, result(store.conversations().openCount("agt_old")));
    assertTrue(result(store.messages().append(inbound("msg_again", "cnv_old", "cus_old", "SM0ld", T0))).duplicate(),
        "Twilio's re-delivery of the old text is still recognised");
    result(store.messages().append(inbound(Ids.near("msg", "cus_old"), "cnv_old", "cus_old", "SMn3w", T0.plusSeconds(60))));
    assertEquals(List.of("text msg_old", "text " + result(store.messages().ofCustomer("cus_old")).get(1).id()),
        result(store.messages().ofConversation("cnv_old")).stream().map(Message::text).toList(), "the new text comes after");
    assertEquals(List.of("msg_old"), result(store.messages().claimUnrouted(T0.plusSeconds(1), 10, T0.plusSeconds(60))),
        "the text still to route is routed");
    assertEquals(1, result(store.inbox().pending("agt_old", 0)).size(), "the agent's unacknowledged event is kept");
    assertTrue(result(store.jobs().cancelKey("followup:cnv_old")), "the follow-up is found by its key");
    String left = redis.cli("--scan", "--pattern", "{relay}:*");
    assertFalse(left.contains("customer") || left.contains("message") || left.contains("conversation")
        || left.contains("job") || left.contains("inbox"), "no key of the earlier layout is left: " + left);
  }

  private void earlierVersion(Command command, Object... args) {
    result(((RedisStore) store).send(command, args));
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }
}
