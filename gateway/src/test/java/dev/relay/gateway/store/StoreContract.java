package dev.relay.gateway.store;

import static dev.relay.gateway.support.Await.failure;
import static dev.relay.gateway.support.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.domain.Agent;
import dev.relay.gateway.domain.Presence;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.AgentEvent;
import dev.relay.gateway.domain.RuleVersion;
import dev.relay.gateway.domain.TextVersion;
import dev.relay.gateway.domain.Job;
import dev.relay.gateway.domain.Satisfaction;
import dev.relay.gateway.store.rules.HistoryTally;
import dev.relay.gateway.support.MutableClock;
import java.time.Duration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link Store} promises. Each implementation extends this class and says how to open
 * a fresh store and how to reopen the same one (to prove durability).
 */
@ExtendWith(VertxExtension.class)
public abstract class StoreContract {

  protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  protected final MutableClock clock = new MutableClock(T0);
  protected Vertx vertx;
  protected Store store;

  /** A new, empty store. */
  protected abstract Store open(Vertx vertx);

  /** The same store again, as after a restart. */
  protected abstract Store reopen(Vertx vertx);

  /** From now on the store cannot write, as in an outage; {@link #closeStore} must still succeed. */
  protected abstract void outage();

  @BeforeEach
  void openStore(Vertx vertx) {
    this.vertx = vertx;
    store = open(vertx);
  }

  @AfterEach
  void closeStore() {
    result(store.close());
  }

  static Address chat(String id) {
    return new Address(Address.CHAT, id);
  }

  public static Agent agent(String id, String email) {
    return new Agent(id, "Agent " + id, email, null, "support", List.of("billing"), List.of("en"), 3,
        Presence.OFFLINE, T0, new dev.relay.gateway.domain.WorkingHours("Europe/Oslo",
            Map.of("mon", List.of("09:00-17:00")), List.of("2026-12-24..2026-12-26")), Agent.Role.AGENT, null, null,
        dev.relay.gateway.domain.Reachability.AWAY);
  }

  protected static Message inbound(String id, String conversationId, String customerId, String externalId, Instant at) {
    return new Message(id, conversationId, customerId, Message.Direction.INBOUND, "chat", "text " + id,
        new Message.Author("customer", customerId, "Ann"), at, null, externalId, null, Map.of(), List.of());
  }

  @Test
  void anIdentityResolvesToOneCustomerEvenWhenFirstContactsRace() {
    List<Future<Customer>> racing = IntStream.range(0, 20)
        .mapToObj(i -> store.customers().findOrCreate(chat("v1"), Customer.first("cus_" + i, chat("v1"), "Ann", T0)))
        .toList();
    result(Future.all(racing));
    long distinct = racing.stream().map(f -> f.result().id()).distinct().count();
    assertEquals(1, distinct);
    assertEquals(racing.get(0).result(), result(store.customers().byIdentity(chat("v1"))).orElseThrow());
  }

  @Test
  void anIdentityHeldByAnotherCustomerCannotBeTakenAndNothingChanges() {
    result(store.customers().findOrCreate(chat("a"), Customer.first("cus_a", chat("a"), "Ann", T0)));
    result(store.customers().findOrCreate(chat("b"), Customer.first("cus_b", chat("b"), "Ben", T0)));
    Throwable error = failure(store.customers().update("cus_b", c -> c.withIdentity(chat("a")).withOwner("agt_x")));
    assertEquals("identity_taken", assertInstanceOf(RelayException.class, error).code());
    Customer ben = result(store.customers().get("cus_b")).orElseThrow();
    assertEquals(List.of(chat("b")), ben.identities());
    assertEquals(null, ben.ownerId(), "the failed update left no trace");

    Customer linked = result(store.customers().update("cus_b", c -> c.withIdentity(new Address(Address.EMAIL, "ben@x.test"))));
    assertEquals(2, linked.identities().size());
    assertEquals("cus_b", result(store.customers().byIdentity(new Address(Address.EMAIL, "ben@x.test"))).orElseThrow().id());
    assertEquals("not_found", ((RelayException) failure(store.customers().update("cus_none", c -> c))).code());
  }

  @Test
  void anIdentityTheCustomerNoLongerHasIsReleased() {
    result(store.customers().findOrCreate(chat("a"), Customer.first("cus_a", chat("a"), "Ann", T0)));
    result(store.customers().update("cus_a", c -> c.withIdentity(new Address(Address.EMAIL, "ann@x.test"))));
    result(store.customers().findOrCreate(chat("b"), Customer.first("cus_b", chat("b"), "Ben", T0)));

    result(store.customers().update("cus_a", c -> withIdentities(c, List.of(chat("a")))));
    assertTrue(result(store.customers().byIdentity(new Address(Address.EMAIL, "ann@x.test"))).isEmpty(),
        "a removed identity no longer finds its old customer");
    Customer ben = result(store.customers().update("cus_b", c -> c.withIdentity(new Address(Address.EMAIL, "ann@x.test"))));
    assertEquals(2, ben.identities().size(), "another customer can claim it");
    assertEquals("cus_b", result(store.customers().byIdentity(new Address(Address.EMAIL, "ann@x.test"))).orElseThrow().id());

    result(store.customers().update("cus_a", c -> withIdentities(c, List.of(chat("a2")))));
    assertEquals("cus_a", result(store.customers().byIdentity(chat("a2"))).orElseThrow().id(), "a moved identity is indexed");
    Customer newcomer = result(store.customers().findOrCreate(chat("a"), Customer.first("cus_c", chat("a"), "Cy", T0)));
    assertEquals("cus_c", newcomer.id(), "the identity it moved from is free for a new customer");
  }

  @Test
  void aContactIsTheAddressesCustomerNowWithTheirSituation() {
    Address ann = new Address(Address.EMAIL, "ann@x.test");
    assertTrue(result(store.contactOf(ann)).isEmpty(), "nobody has it yet");
    result(store.customers().findOrCreate(chat("a"), Customer.first("cus_a", chat("a"), "Ann", T0)));
    result(store.customers().update("cus_a", c -> c.withIdentity(ann)));
    Conversation open = result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat",
        T0, null))).conversation();
    Store.Contact first = result(store.contactOf(ann)).orElseThrow();
    assertEquals("cus_a", first.customer().id());
    assertEquals(new ConversationStore.Situation(new ConversationStore.History(0, null), Optional.of(open)), first.situation());

    Customer renamed = result(store.customers().update("cus_a", c -> c.learn("Ann B.", Map.of())));
    assertEquals(renamed, result(store.contactOf(ann)).orElseThrow().customer(), "the customer as they are now");
    result(store.customers().update("cus_a", c -> withIdentities(c, List.of(chat("a")))));
    assertTrue(result(store.contactOf(ann)).isEmpty(), "an address the customer no longer has is nobody's");
    result(store.customers().findOrCreate(chat("b"), Customer.first("cus_b", chat("b"), "Ben", T0)));
    result(store.customers().update("cus_b", c -> c.withIdentity(ann)));
    Store.Contact moved = result(store.contactOf(ann)).orElseThrow();
    assertEquals("cus_b", moved.customer().id(), "the customer who has it now");
    assertEquals(Optional.empty(), moved.situation().open(), "with their own situation");
    assertTrue(result(store.customers().delete("cus_b")));
    assertTrue(result(store.contactOf(ann)).isEmpty(), "an erased customer is nobody");
  }

  private static Customer withIdentities(Customer c, List<Address> identities) {
    return new Customer(c.id(), c.name(), c.ownerId(), identities, c.claims(), c.locale(), c.timezone(), c.tags(),
        c.createdAt(), c.announceOwner(), c.optedOut());
  }

  @Test
  void conflictMessagesNameTheRuleNotTheBackend() {
    result(store.customers().findOrCreate(chat("a"), Customer.first("cus_a", chat("a"), "Ann", T0)));
    result(store.customers().findOrCreate(chat("b"), Customer.first("cus_b", chat("b"), "Ben", T0)));
    result(store.agents().create(agent("agt_1", "kristin@acme.test"), "hash-1"));
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", null, "chat", T0, null)));
    result(store.conversations().update("cnv_1", c -> c.resolved(T0)));
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_2", "cus_a", null, "chat", T0, null)));

    assertConflict("identity_taken", "chat address belongs to another customer",
        store.customers().update("cus_b", c -> c.withIdentity(chat("a"))));
    assertConflict("agent_exists", "an agent with e-mail Kristin@acme.test exists already",
        store.agents().create(agent("agt_2", "Kristin@acme.test"), "hash-2"));
    assertConflict("conversation_open", "the customer has another open conversation",
        store.conversations().update("cnv_1", c -> c.reopened(T0)));
    assertConflict("not_found", "agent agt_none not found", store.agents().update("agt_none", a -> a));
  }

  private static void assertConflict(String code, String message, Future<?> refused) {
    RelayException error = assertInstanceOf(RelayException.class, failure(refused));
    assertEquals(code, error.code());
    assertEquals(message, error.getMessage(), "one message for both stores, without keys or ids of the backend");
  }

  @Test
  void cancellingDuringAnOutageFailsInsteadOfFindingNothing() {
    result(store.jobs().schedule(Job.pending("job_1", "follow-up", "follow-up:cnv_1", T0.plusSeconds(60), Map.of())));
    outage();
    RelayException error = assertInstanceOf(RelayException.class, failure(store.jobs().cancelKey("follow-up:cnv_1")));
    assertEquals("unavailable", error.code(), "the caller must not take an outage for nothing to cancel");
  }

  @Test
  void agentsAreFoundByTokenHashAndTheirEmailIsUnique() {
    result(store.agents().create(agent("agt_1", "kristin@acme.test"), "hash-1"));
    Throwable duplicate = failure(store.agents().create(agent("agt_2", "Kristin@ACME.test"), "hash-2"));
    assertEquals("agent_exists", ((RelayException) duplicate).code());
    assertTrue(result(store.agents().byTokenHash("hash-2")).isEmpty(), "the refused agent's token does not work");
    assertEquals("agt_1", result(store.agents().byTokenHash("hash-1")).orElseThrow().id());
    result(store.agents().create(agent("agt_3", "olav@acme.test"), "hash-3"));
    assertEquals(List.of("agt_1", "agt_3"), result(store.agents().list()).stream().map(Agent::id).toList());
    Agent online = result(store.agents().update("agt_3", a -> a.withPresence(Presence.ONLINE)));
    assertEquals(Presence.ONLINE, result(store.agents().get("agt_3")).orElseThrow().presence());
    assertEquals(online, result(store.agents().get("agt_3")).orElseThrow());
  }

  @Test
  void aReplacedTokenStopsWorkingInTheSameStep() {
    result(store.agents().create(agent("agt_1", "kristin@acme.test"), "hash-1"));
    result(store.agents().replaceToken("agt_1", "hash-2"));
    assertTrue(result(store.agents().byTokenHash("hash-1")).isEmpty(), "the old token is revoked");
    assertEquals("agt_1", result(store.agents().byTokenHash("hash-2")).orElseThrow().id());
    result(store.agents().replaceToken("agt_1", null));
    assertTrue(result(store.agents().byTokenHash("hash-2")).isEmpty(), "no token works any more");
    result(store.agents().replaceToken("agt_1", "hash-3"));
    assertEquals("agt_1", result(store.agents().byTokenHash("hash-3")).orElseThrow().id());
    assertConflict("not_found", "agent agt_none not found", store.agents().replaceToken("agt_none", "hash-4"));
  }

  @Test
  void passwordsAndSessionsAreKeptAndAnAgentIsSignedOutEverywhereAtOnce() {
    result(store.agents().create(agent("agt_1", "kristin@acme.test"), "hash-1"));
    assertEquals("agt_1", result(store.agents().byEmail("Kristin@ACME.test")).orElseThrow().id());
    assertTrue(result(store.agents().byEmail("olav@acme.test")).isEmpty());
    assertTrue(result(store.signIn().password("agt_1")).isEmpty());
    result(store.signIn().setPassword("agt_1", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"));
    assertEquals("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", result(store.signIn().password("agt_1")).orElseThrow());

    var desk = new dev.relay.gateway.domain.SignInSession("agt_1", "csrf-1", T0, T0.plus(Duration.ofHours(12)));
    result(store.signIn().openSession("s-1", desk));
    result(store.signIn().openSession("s-2", new dev.relay.gateway.domain.SignInSession("agt_1", "csrf-2", T0,
        T0.plus(Duration.ofHours(12)))));
    assertEquals(desk, result(store.signIn().session("s-1")).orElseThrow());
    result(store.signIn().closeSession("s-1"));
    assertTrue(result(store.signIn().session("s-1")).isEmpty(), "signed out on this browser");
    assertTrue(result(store.signIn().session("s-2")).isPresent(), "not on the other");
    result(store.signIn().closeSessionsOf("agt_1"));
    assertTrue(result(store.signIn().session("s-2")).isEmpty(), "signed out everywhere");
  }

  @Test
  void aResetLinkAndAnOidcAttemptAreTakenOnceAndSurviveARestartUntilThen(Vertx vertx) {
    var link = new dev.relay.gateway.domain.ResetLink("agt_1", "stamp-1", T0, T0.plus(Duration.ofMinutes(30)));
    var attempt = new dev.relay.gateway.domain.OidcAttempt("nonce-1", "verifier-1", T0, T0.plus(Duration.ofMinutes(10)));
    result(store.signIn().saveResetLink("link-hash", link));
    result(store.signIn().saveOidcAttempt("state-hash", attempt));
    result(store.close());
    store = reopen(vertx);
    assertEquals(link, result(store.signIn().takeResetLink("link-hash")).orElseThrow());
    assertTrue(result(store.signIn().takeResetLink("link-hash")).isEmpty(), "a link works once");
    assertEquals(attempt, result(store.signIn().takeOidcAttempt("state-hash")).orElseThrow());
    assertTrue(result(store.signIn().takeOidcAttempt("state-hash")).isEmpty(), "an answer from the provider is used once");
    assertTrue(result(store.signIn().takeResetLink("never-sent")).isEmpty());
  }

  @Test
  void anAgentsNewEmailIsUniqueAndTheOldOneIsFreed() {
    result(store.agents().create(agent("agt_1", "kristin@acme.test"), "hash-1"));
    result(store.agents().create(agent("agt_2", "olav@acme.test"), "hash-2"));
    assertConflict("agent_exists", "an agent with e-mail Olav@acme.test exists already",
        store.agents().update("agt_1", a -> withEmail(a, "Olav@acme.test")));
    assertEquals("kristin@acme.test", result(store.agents().get("agt_1")).orElseThrow().email(), "nothing changed");
    result(store.agents().update("agt_1", a -> withEmail(a, "kristin.lavransdatter@acme.test")));
    result(store.agents().create(agent("agt_3", "kristin@acme.test"), "hash-3"));
    assertEquals(3, result(store.agents().list()).size(), "the old address was free for a new agent");
  }

  private static Agent withEmail(Agent a, String email) {
    return a.withProfile(a.name(), email, a.phone(), a.team(), a.skills(), a.languages(), a.capacity(), a.role());
  }

  /** A thousand customers of agt_a, each with an open conversation she answers and a pending follow-up. */
  private void thousandCustomersOf(String agentId) {
    for (int i = 0; i < 1000; i++) {
      String n = Integer.toString(i);
      String id = "cus_" + n;
      result(store.customers().findOrCreate(chat("v" + n), Customer.first(id, chat("v" + n), "Client " + n, T0))
          .compose(c -> store.customers().update(id, x -> x.withOwner(agentId)))
          .compose(c -> store.conversations().openFor(id, Conversation.open("cnv_" + n, id, agentId, "chat", T0, null)))
          .compose(c -> store.jobs().schedule(Job.pending("job_" + n, "follow-up", "follow-up:" + id, T0.plusSeconds(60),
              Map.of("customerId", id, "agentId", agentId)))));
    }
  }

  private Batch handOver(String from, String to, int failAt) {
    Map<String, java.util.function.UnaryOperator<Customer>> customers = new java.util.HashMap<>();
    Map<String, java.util.function.UnaryOperator<Conversation>> conversations = new java.util.HashMap<>();
    Map<String, java.util.function.UnaryOperator<Job>> jobs = new java.util.HashMap<>();
    List<Batch.Audit> audit = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int n = i;
      customers.put("cus_" + i, c -> {
        if (n == failAt) {
          throw RelayException.conflict("owner_changed", "cus_" + n + " changed owner meanwhile");
        }
        return c.reassignedTo(to);
      });
      conversations.put("cnv_" + i, c -> c.assignedTo(to, T0));
      jobs.put("job_" + i, j -> new Job(j.id(), j.kind(), j.key(), j.dueAt(), j.attempts(), j.state(),
          Map.of("customerId", "cus_" + n, "agentId", to), j.claimedUntil(), j.lastError()));
      audit.add(new Batch.Audit("admin", "customer.reassigned", "cus_" + i, Map.of("from", from, "to", to), T0));
    }
    return new Batch(customers, conversations, jobs, audit);
  }

  @Test
  void aBatchThatFailsHalfwayChangesNothing() {
    thousandCustomersOf("agt_a");
    long auditBefore = result(store.audit().recent(5000)).size();

    RelayException error = assertInstanceOf(RelayException.class, failure(store.apply(handOver("agt_a", "agt_b", 500))));
    assertEquals("owner_changed", error.code());

    assertEquals(1000, result(store.customers().ownedBy("agt_a")).size(), "every customer is still hers");
    assertTrue(result(store.customers().ownedBy("agt_b")).isEmpty());
    assertEquals(1000, result(store.conversations().openCount("agt_a")));
    assertEquals(0, result(store.conversations().openCount("agt_b")));
    assertEquals("agt_a", result(store.jobs().get("job_999")).orElseThrow().payload().get("agentId"));
    assertEquals(auditBefore, result(store.audit().recent(5000)).size(), "no audit entry for a move that did not happen");
    Customer first = result(store.customers().get("cus_0")).orElseThrow();
    assertEquals("agt_a", first.ownerId());
    assertFalse(first.announceOwner());
  }

  @Test
  void aReadThatStartsAfterAWriteWasAcknowledgedSeesIt() {
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat", T0, null)));
    for (int i = 1; i <= 200; i++) {
      Instant at = T0.plusSeconds(i);
      // Chained on the write's completion, as a request handler does: the read must not see an older version.
      Conversation seen = result(store.conversations().update("cnv_1", c -> c.touched(at.getEpochSecond() % 2 == 0 ? "sms" : "chat", at))
          .compose(written -> store.conversations().get("cnv_1")).map(Optional::orElseThrow));
      assertEquals(at, seen.updatedAt(), "write " + i);
    }
    AgentEvent event = result(store.inbox().append("agt_1", "message.received", Map.of("text", "Allô ?"), T0)
        .compose(appended -> store.inbox().pending("agt_1", 0).map(pending -> pending.get(pending.size() - 1))));
    assertEquals("Allô ?", event.data().get("text"), "an event is pending as soon as its append completed");
  }

  @Test
  void aRoutedMessageTouchesItsConversationTellsTheAgentAndClearsItsNoteInOneBatch() {
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat", T0, null)));
    Instant retryAt = T0.plusSeconds(60);
    result(store.messages().appendUnrouted(inbound("msg_1", "cnv_1", "cus_a", "ext-1", T0), retryAt));
    Instant later = T0.plusSeconds(5);
    Batch routed = new Batch(Map.of(), Map.of("cnv_1", c -> c.touched("sms", later)), Map.of(), List.of(),
        List.of(new Batch.Event("agt_1", "conversation.assigned", Map.of("conversationId", "cnv_1"), later),
            new Batch.Event("agt_1", "message.received", Map.of("text", "Bonjour, c'est Élodie"), later)),
        Set.of("msg_1"));

    Batch.Applied applied = result(store.apply(routed));

    List<AgentEvent> events = applied.events().stream().map(InboxStore.Appended::event).toList();
    assertEquals(List.of("conversation.assigned", "message.received"), events.stream().map(AgentEvent::type).toList());
    assertEquals(events, result(store.inbox().pending("agt_1", 0)), "stored, in the batch's order");
    assertEquals("sms", result(store.conversations().get("cnv_1")).orElseThrow().channel());
    assertEquals(List.of(), result(store.messages().claimUnrouted(T0.plusSeconds(600), 10, T0.plusSeconds(660))),
        "the note went with the batch");
  }

  @Test
  void aBatchWhoseRecordIsGoneAppendsNoEventAndKeepsTheNote() {
    result(store.messages().appendUnrouted(inbound("msg_1", "cnv_1", "cus_a", "ext-1", T0), T0.plusSeconds(60)));
    Batch routed = new Batch(Map.of(), Map.of("cnv_gone", c -> c.touched("chat", T0)), Map.of(), List.of(),
        List.of(new Batch.Event("agt_1", "message.received", Map.of(), T0)), Set.of("msg_1"));

    assertEquals("not_found", assertInstanceOf(RelayException.class, failure(store.apply(routed))).code());

    assertEquals(List.of(), result(store.inbox().pending("agt_1", 0)), "no event for a batch that did not happen");
    assertEquals(List.of("msg_1"), result(store.messages().claimUnrouted(T0.plusSeconds(600), 10, T0.plusSeconds(660))),
        "the note stays: routing runs again");
  }

  @Test
  void aBatchMovesAThousandCustomersTogether() {
    thousandCustomersOf("agt_a");
    long started = System.nanoTime();
    result(store.apply(handOver("agt_a", "agt_b", -1)));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, "bounded time");

    assertTrue(result(store.customers().ownedBy("agt_a")).isEmpty());
    List<Customer> moved = result(store.customers().ownedBy("agt_b"));
    assertEquals(1000, moved.size(), "nobody lost");
    assertTrue(moved.stream().allMatch(Customer::announceOwner), "each will hear the new name");
    assertEquals(0, result(store.conversations().openCount("agt_a")));
    assertEquals(1000, result(store.conversations().openCount("agt_b")));
    assertEquals(Map.of("agt_b", 1000), result(store.conversations().openLoad()));
    assertEquals("agt_b", result(store.jobs().get("job_999")).orElseThrow().payload().get("agentId"));
    List<dev.relay.gateway.domain.AuditEntry> audit = result(store.audit().recent(1000));
    assertEquals(1000, audit.stream().map(dev.relay.gateway.domain.AuditEntry::target).distinct().count());
    assertEquals(1000, audit.stream().map(dev.relay.gateway.domain.AuditEntry::id).distinct().count(), "numbered apart");
    assertEquals(1, result(store.customers().byIdentity(chat("v7"))).stream().count(), "identities still resolve");
  }

  @Test
  void aCustomerHasAtMostOneOpenConversation() {
    var first = result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat", T0, null)));
    assertTrue(first.created());
    var again = result(store.conversations().openFor("cus_a", Conversation.open("cnv_2", "cus_a", "agt_1", "chat", T0, null)));
    assertFalse(again.created());
    assertEquals("cnv_1", again.conversation().id());

    result(store.conversations().update("cnv_1", c -> c.resolved(T0.plusSeconds(60))));
    assertTrue(result(store.conversations().openOf("cus_a")).isEmpty());
    var next = result(store.conversations().openFor("cus_a", Conversation.open("cnv_3", "cus_a", "agt_1", "email", T0, null)));
    assertTrue(next.created());
    Throwable conflict = failure(store.conversations().update("cnv_1", c -> c.reopened(T0)));
    assertEquals("conversation_open", ((RelayException) conflict).code());
    assertEquals(Conversation.Status.RESOLVED, result(store.conversations().get("cnv_1")).orElseThrow().status());

    result(store.conversations().openFor("cus_b", Conversation.open("cnv_4", "cus_b", null, "chat", T0, null)));
    assertEquals(Map.of("agt_1", 1), result(store.conversations().openLoad()));
    assertEquals(1, result(store.conversations().openCount("agt_1")));
    assertEquals(0, result(store.conversations().openCount("agt_nobody")));
    result(store.conversations().update("cnv_4", c -> c.assignedTo("agt_2", T0)));
    assertEquals(Map.of("agt_1", 1, "agt_2", 1), result(store.conversations().openLoad()), "assigning adds to the load");
    result(store.conversations().update("cnv_4", c -> c.resolved(T0)));
    assertEquals(0, result(store.conversations().openCount("agt_2")), "resolving takes it off");
    result(store.conversations().update("cnv_4", c -> c.reopened(T0).assignedTo(null, T0)));
    assertEquals(List.of("cnv_4"), ids(result(store.conversations().list(null, null, true))));
    assertEquals(List.of("cnv_1"), ids(result(store.conversations().list("agt_1", Conversation.Status.RESOLVED, false))));
    assertEquals(2, result(store.conversations().list(null, Conversation.Status.OPEN, false)).size());
    assertEquals(List.of("cnv_3", "cnv_1"), ids(result(store.conversations().ofCustomer("cus_a"))), "newest first");
    assertEquals(List.of(), result(store.conversations().ofCustomer("cus_nobody")));
  }

  @Test
  void aPassOverAllConversationsGivesEachOnceAPageAtATime() {
    List<String> stored = new java.util.ArrayList<>();
    for (int n = 1; n <= 30; n++) {
      String customer = "cus_p" + n;
      result(store.conversations().openFor(customer, Conversation.open("cnv_p" + n, customer, "agt_1", "chat", T0, null)));
      stored.add("cnv_p" + n);
    }
    result(store.conversations().delete("cnv_p7"));
    stored.remove("cnv_p7");
    List<String> seen = new java.util.ArrayList<>();
    result(store.conversations().forEachPage(4, page -> {
      seen.addAll(ids(page));
      return io.vertx.core.Future.succeededFuture();
    }));
    assertEquals(new java.util.TreeSet<>(stored), new java.util.TreeSet<>(seen), "every conversation, the deleted one not");
    assertEquals(stored.size(), seen.size(), "each once");
  }

  /** The customer's tally as an earlier version left it: never kept. */
  protected abstract void asAnEarlierVersionLeftIt(String customerId);

  /** The tally the store keeps for the customer, read as it lies (no counting), or null. */
  protected abstract ConversationStore.History keptHistory(String customerId);

  /** Kept by the write itself: nothing had to count it again. */
  private void assertKept(int resolved, Integer lastScore, String customerId, String why) {
    assertEquals(new ConversationStore.History(resolved, lastScore), keptHistory(customerId), why + " (as kept)");
  }

  private Conversation rated(String id, int score) {
    return result(store.conversations().update(id, c -> c.surveyed(
        (c.satisfaction() == null ? Satisfaction.asked("agt_1", T0) : c.satisfaction()).answered(score, T0))));
  }

  /** What the store keeps is what counting every conversation, newest first, gives (what routing used to do). */
  private void assertHistory(int resolved, Integer lastScore, String customerId, String why) {
    ConversationStore.History kept = result(store.conversations().historyOf(customerId));
    assertEquals(new ConversationStore.History(resolved, lastScore), kept, why);
    assertEquals(HistoryTally.of(result(store.conversations().ofCustomer(customerId))).history(), kept,
        why + ": the same as counting them all");
  }

  @Test
  void aCustomersSituationIsTheirHistoryAndTheConversationOpenNow() {
    assertEquals(new ConversationStore.Situation(new ConversationStore.History(0, null), Optional.empty()),
        result(store.conversations().situationOf("cus_a")), "nobody yet");
    Conversation first = result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat",
        T0, null))).conversation();
    assertEquals(Optional.of(first), result(store.conversations().situationOf("cus_a")).open());
    Conversation touched = result(store.conversations().update("cnv_1", c -> c.touched("sms", T0.plusSeconds(5))));
    assertEquals(Optional.of(touched), result(store.conversations().situationOf("cus_a")).open(), "as it is now");
    result(store.conversations().update("cnv_1", c -> c.resolved(T0.plusSeconds(60))));
    assertEquals(new ConversationStore.Situation(new ConversationStore.History(1, null), Optional.empty()),
        result(store.conversations().situationOf("cus_a")), "resolved: none open");
    Conversation second = result(store.conversations().openFor("cus_a", Conversation.open("cnv_2", "cus_a", "agt_1", "email",
        T0, null))).conversation();
    assertEquals(new ConversationStore.Situation(new ConversationStore.History(1, null), Optional.of(second)),
        result(store.conversations().situationOf("cus_a")), "the new one");
    result(store.conversations().update("cnv_2", c -> c.resolved(T0.plusSeconds(90))));
    result(store.conversations().update("cnv_1", c -> c.reopened(T0.plusSeconds(120))));
    assertEquals("cnv_1", result(store.conversations().situationOf("cus_a")).open().orElseThrow().id(),
        "another one open again than the one seen open last");
  }

  @Test
  void aCustomersHistoryIsKeptWithEveryChangeOfTheirConversationsAndSurvivesARestart() {
    assertHistory(0, null, "cus_a", "nobody yet");
    assertTrue(result(store.conversations().latestOf("cus_a")).isEmpty());
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat", T0, null)));
    result(store.conversations().openFor("cus_b", Conversation.open("cnv_9", "cus_b", "agt_1", "sms", T0, null)));
    assertHistory(0, null, "cus_a", "a first conversation, open");
    result(store.conversations().update("cnv_1", c -> c.resolved(T0.plusSeconds(60))));
    assertKept(1, null, "cus_a", "resolved");
    assertHistory(1, null, "cus_a", "resolved");
    result(store.conversations().update("cnv_1", c -> c.surveyed(Satisfaction.asked("agt_1", T0))));
    assertHistory(1, null, "cus_a", "asked, not answered");
    rated("cnv_1", 2);
    assertKept(1, 2, "cus_a", "answered");
    assertHistory(1, 2, "cus_a", "answered");

    result(store.conversations().openFor("cus_a", Conversation.open("cnv_2", "cus_a", "agt_1", "email", T0, null)));
    assertEquals("cnv_2", result(store.conversations().latestOf("cus_a")).orElseThrow().id());
    assertHistory(1, 2, "cus_a", "a new one open keeps the last score");
    result(store.apply(new Batch(Map.of(), Map.of("cnv_2", c -> c.resolved(T0)), Map.of(), List.of())));
    assertKept(2, 2, "cus_a", "resolved in a batch");
    assertHistory(2, 2, "cus_a", "resolved in a batch");
    rated("cnv_2", 5);
    assertKept(2, 5, "cus_a", "the newest score counts");
    assertHistory(2, 5, "cus_a", "the newest score counts");
    rated("cnv_1", 1);
    assertHistory(2, 5, "cus_a", "an older conversation scored again does not hide the newest score");
    result(store.conversations().update("cnv_2", c -> c.reopened(T0)));
    assertKept(1, 5, "cus_a", "reopened");
    assertHistory(1, 5, "cus_a", "reopened: one resolved less, its score stays");
    result(store.conversations().update("cnv_2", c -> c.resolved(T0)));
    assertHistory(2, 5, "cus_a", "resolved again");
    assertHistory(0, null, "cus_b", "the neighbour's own");

    result(store.close());
    store = reopen(vertx);
    assertKept(2, 5, "cus_a", "after a restart");
    assertHistory(2, 5, "cus_a", "after a restart");
    assertTrue(result(store.conversations().delete("cnv_2")));
    assertHistory(1, 1, "cus_a", "erased: the next newest score");
    assertEquals("cnv_1", result(store.conversations().latestOf("cus_a")).orElseThrow().id());
    assertTrue(result(store.conversations().delete("cnv_1")));
    assertHistory(0, null, "cus_a", "nothing left");
    assertEquals(null, keptHistory("cus_a"), "nothing kept of an erased customer");
    assertTrue(result(store.conversations().latestOf("cus_a")).isEmpty());
  }

  @Test
  void aCustomerStoredByAnEarlierVersionHasTheirHistoryCountedOnceThenKept() {
    for (int i = 0; i < 30; i++) {
      String id = "cnv_" + i;
      result(store.conversations().openFor("cus_a", Conversation.open(id, "cus_a", "agt_1", "chat", T0, null)));
      result(store.conversations().update(id, c -> c.resolved(T0)));
      if (i % 7 == 3) {
        rated(id, 1 + i % 5);
      }
    }
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_open", "cus_a", "agt_1", "chat", T0, null)));
    asAnEarlierVersionLeftIt("cus_a");
    // Changes before the first read leave the uncounted tally alone; the count sees them.
    result(store.conversations().update("cnv_0", c -> c.reopened(T0).resolved(T0)));
    result(store.conversations().update("cnv_open", c -> c.assignedTo("agt_2", T0)));
    assertHistory(30, 5, "cus_a", "counted from the 31 conversations (the newest score: cnv_24's)");

    result(store.conversations().update("cnv_open", c -> c.resolved(T0)));
    rated("cnv_open", 4);
    assertKept(31, 4, "cus_a", "then kept by each change");
    assertHistory(31, 4, "cus_a", "then kept by each change");

    asAnEarlierVersionLeftIt("cus_a");
    List<Future<?>> racing = new java.util.ArrayList<>();
    Future<?> writes = Future.succeededFuture();
    for (int i = 0; i < 10; i++) {
      String id = "cnv_" + i;
      racing.add(store.conversations().historyOf("cus_a"));
      writes = writes.compose(v -> store.conversations().update(id, c -> c.reopened(T0)))
          .compose(v -> store.conversations().update(id, c -> c.resolved(T0)));
    }
    racing.add(writes);
    result(Future.all(racing));
    assertHistory(31, 4, "cus_a", "reads counting while writes change it lose nothing");
  }

  private static List<String> ids(List<Conversation> conversations) {
    return conversations.stream().map(Conversation::id).toList();
  }

  @Test
  void messagesAreStoredOncePerChannelIdAndReadInOrder() {
    var stored = result(store.messages().append(inbound("msg_1", "cnv_1", "cus_a", "ext-1", T0)));
    assertFalse(stored.duplicate());
    var retried = result(store.messages().append(inbound("msg_1b", "cnv_1", "cus_a", "ext-1", T0)));
    assertTrue(retried.duplicate());
    assertEquals("msg_1", retried.message().id());
    result(store.messages().append(inbound("msg_2", "cnv_1", "cus_a", "ext-2", T0.plusSeconds(1))));
    result(store.messages().append(inbound("msg_3", "cnv_2", "cus_a", "ext-3", T0.plusSeconds(2))));
    result(store.messages().append(inbound("msg_4", "cnv_9", "cus_b", "ext-4", T0.plusSeconds(3))));

    assertEquals(List.of("msg_1", "msg_2"), result(store.messages().ofConversation("cnv_1")).stream().map(Message::id).toList());
    assertEquals(List.of("msg_1", "msg_2", "msg_3"),
        result(store.messages().ofCustomer("cus_a")).stream().map(Message::id).toList(), "one timeline across conversations");

    Message outbound = new Message("msg_5", "cnv_2", "cus_a", Message.Direction.OUTBOUND, "chat", "reply",
        new Message.Author("agent", "agt_1", "Kristin"), T0, DeliveryStatus.QUEUED, null, null, Map.of(), List.of());
    result(store.messages().append(outbound));
    Message delivered = result(store.messages().update("msg_5", m -> m.withStatus(DeliveryStatus.DELIVERED, null, null)));
    assertEquals(DeliveryStatus.DELIVERED, result(store.messages().get("msg_5")).orElseThrow().status());
    assertEquals(delivered, result(store.messages().get("msg_5")).orElseThrow());
  }

  @Test
  void aTimelinesTailIsReadNewestPageFirstEachOldestFirstBackToTheFirstMessage() {
    for (int i = 1; i <= 7; i++) {
      result(store.messages().append(inbound("msg_" + i, i <= 4 ? "cnv_1" : "cnv_2", "cus_a", "ext-" + i, T0.plusSeconds(i))));
    }
    result(store.messages().append(inbound("msg_x", "cnv_9", "cus_b", "ext-x", T0)));
    result(store.messages().delete("msg_6"));

    var newest = result(store.messages().tailOfCustomer("cus_a", null, 3));
    assertEquals(List.of("msg_4", "msg_5", "msg_7"), newest.messages().stream().map(Message::id).toList(),
        "the newest three, oldest first; the deleted one is not there");
    var older = result(store.messages().tailOfCustomer("cus_a", newest.before(), 3));
    assertEquals(List.of("msg_1", "msg_2", "msg_3"), older.messages().stream().map(Message::id).toList());
    assertNull(older.before(), "nothing is older than the first message");
    assertEquals(List.of("msg_3", "msg_4"),
        result(store.messages().tailOfConversation("cnv_1", null, 2)).messages().stream().map(Message::id).toList());
    var whole = result(store.messages().tailOfConversation("cnv_2", null, 5));
    assertEquals(List.of("msg_5", "msg_7"), whole.messages().stream().map(Message::id).toList());
    assertNull(whole.before(), "all of it fitted");
    assertEquals(List.of(), result(store.messages().tailOfCustomer("cus_nobody", null, 5)).messages());
    assertInstanceOf(IllegalArgumentException.class, failure(store.messages().tailOfCustomer("cus_a", "cus_b", 5)),
        "a position no tail gave is refused");
  }

  @Test
  void aMessageStoredToRouteIsHandedOutUntilRoutedOnceAtATimeAndSurvivesAReopen() {
    Instant retryAt = T0.plusSeconds(60);
    assertFalse(result(store.messages().appendUnrouted(inbound("msg_1", "cnv_1", "cus_a", "ext-1", T0), retryAt)).duplicate());
    assertTrue(result(store.messages().appendUnrouted(inbound("msg_1b", "cnv_1", "cus_a", "ext-1", T0), retryAt)).duplicate());
    result(store.messages().appendUnrouted(inbound("msg_2", "cnv_1", "cus_a", "ext-2", T0), retryAt));
    assertEquals(List.of(), result(store.messages().claimUnrouted(T0.plusSeconds(59), 10, T0.plusSeconds(120))),
        "not before its time: routing is still under way");
    result(store.messages().routed("msg_2"));
    result(store.close());
    store = reopen(vertx);

    assertEquals(List.of("msg_1"), result(store.messages().claimUnrouted(retryAt, 10, T0.plusSeconds(120))),
        "the duplicate added no note, the routed one has none");
    assertEquals(List.of(), result(store.messages().claimUnrouted(T0.plusSeconds(90), 10, T0.plusSeconds(150))),
        "held by whoever claimed it");
    assertEquals(List.of("msg_1"), result(store.messages().claimUnrouted(T0.plusSeconds(120), 10, T0.plusSeconds(180))),
        "not routed within the hold: handed out again");
    result(store.messages().routed("msg_1"));
    assertEquals(List.of(), result(store.messages().claimUnrouted(T0.plusSeconds(600), 10, T0.plusSeconds(660))));
  }

  @Test
  void inboxEventsStayPendingUntilAcknowledged() {
    AgentEvent first = result(store.inbox().append("agt_1", "conversation.assigned", Map.of("conversationId", "cnv_1"), T0)).event();
    AgentEvent second = result(store.inbox().append("agt_1", "message.received", Map.of("text", "hi"), T0)).event();
    result(store.inbox().append("agt_2", "message.received", Map.of(), T0));
    assertTrue(second.id() > first.id());
    assertEquals(List.of(first, second), result(store.inbox().pending("agt_1", 0)));
    assertEquals(List.of(second), result(store.inbox().pending("agt_1", first.id())));
    assertEquals(new InboxStore.Acked(1, Set.of()), result(store.inbox().ack("agt_1", 0, Set.of(first.id()))));
    assertEquals(Set.of(first.id()), result(store.inbox().ack("agt_1", 0, Set.of(first.id()))).notPending(),
        "acknowledging twice is reported");
    assertEquals(Set.of(second.id()), result(store.inbox().ack("agt_2", 0, Set.of(second.id()))).notPending(),
        "an agent cannot acknowledge another's event");
    assertEquals(List.of(second), result(store.inbox().pending("agt_1", 0)));
  }

  @Test
  void anAcknowledgementUpToAnIdTakesEveryEventBeforeItInOneWrite() {
    List<AgentEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(result(store.inbox().append("agt_1", "message.received", Map.of("text", "Bonjour " + i), T0)).event());
    }
    AgentEvent other = result(store.inbox().append("agt_2", "message.received", Map.of(), T0)).event();
    InboxStore.Acked acked = result(store.inbox().ack("agt_1", events.get(2).id(), Set.of(events.get(4).id(), Long.MAX_VALUE)));
    assertEquals(4, acked.removed(), "the first three, and the fifth named on its own");
    assertEquals(Set.of(Long.MAX_VALUE), acked.notPending());
    assertEquals(List.of(events.get(3)), result(store.inbox().pending("agt_1", 0)));
    assertEquals(List.of(other), result(store.inbox().pending("agt_2", 0)), "another agent's inbox is untouched");
    assertEquals(0, result(store.inbox().ack("agt_1", events.get(2).id(), Set.of())).removed(), "acknowledging again is harmless");
  }

  @Test
  void anAppendedEventNamesTheOneBeforeItInTheSameInbox() {
    InboxStore.Appended first = result(store.inbox().append("agt_1", "message.received", Map.of(), T0));
    result(store.inbox().append("agt_2", "message.received", Map.of(), T0));
    InboxStore.Appended second = result(store.inbox().append("agt_1", "message.received", Map.of(), T0));
    assertEquals(0, first.previousId(), "nothing before the first event");
    assertEquals(first.event().id(), second.previousId(), "another agent's event in between does not count");
  }

  @Test
  void everythingSurvivesAReopen() {
    result(store.customers().findOrCreate(chat("v1"), Customer.first("cus_a", chat("v1"), "Ann", T0).withOwner("agt_1")));
    result(store.agents().create(agent("agt_1", "kristin@acme.test"), "hash-1"));
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat", T0, null)));
    result(store.messages().append(inbound("msg_1", "cnv_1", "cus_a", "ext-1", T0)));
    AgentEvent event = result(store.inbox().append("agt_1", "message.received", Map.of("messageId", "msg_1"), T0)).event();
    result(store.close());

    store = reopen(vertx);
    assertEquals("agt_1", result(store.customers().byIdentity(chat("v1"))).orElseThrow().ownerId());
    assertEquals("agt_1", result(store.agents().byTokenHash("hash-1")).orElseThrow().id());
    assertEquals("cnv_1", result(store.conversations().openOf("cus_a")).orElseThrow().id());
    assertTrue(result(store.messages().append(inbound("msg_x", "cnv_1", "cus_a", "ext-1", T0))).duplicate(),
        "de-duplication survives a restart");
    assertEquals(List.of(event), result(store.inbox().pending("agt_1", 0)));
    AgentEvent later = result(store.inbox().append("agt_1", "message.received", Map.of(), T0)).event();
    assertTrue(later.id() > event.id(), "event ids keep increasing after a restart");
    result(store.ping());
  }

  @Test
  void ruleVersionsGrowAndAStaleEditIsRefused() {
    assertTrue(result(store.rules().current()).isEmpty());
    RuleVersion first = result(store.rules().save("version: 1\nrules: []\n", "admin", "initial", 0));
    assertEquals(1, first.version());
    assertEquals(T0, first.savedAt());
    clock.advance(Duration.ofMinutes(5));
    RuleVersion second = result(store.rules().save("version: 1\nrules: [] # two\n", "admin", null, 1));
    Throwable stale = failure(store.rules().save("lost update", "other-admin", null, 1));
    assertEquals("version_conflict", ((RelayException) stale).code());
    assertEquals(second, result(store.rules().current()).orElseThrow());
    assertEquals(List.of(2L, 1L), result(store.rules().versions()).stream().map(RuleVersion::version).toList());
    assertEquals(first, result(store.rules().version(1)).orElseThrow());
    assertTrue(result(store.rules().version(9)).isEmpty());
    assertEquals(3, result(store.rules().save("unchecked", "admin", null, -1)).version());
  }

  @Test
  void eachLocaleKeepsItsOwnTextVersionsAndAStaleEditIsRefused() {
    assertTrue(result(store.texts().current("fr")).isEmpty());
    TextVersion first = result(store.texts().save("fr", Map.of("survey.thanks", "Merci beaucoup pour votre réponse."),
        "admin", "plus chaleureux", 0));
    assertEquals(1, first.version());
    assertEquals(T0, first.savedAt());
    clock.advance(Duration.ofMinutes(5));
    TextVersion second = result(store.texts().save("fr", Map.of(), "admin", "retour aux textes livrés", 1));
    TextVersion quebec = result(store.texts().save("fr-CA", Map.of("widget.launcher", "Clavardons!"), "admin", null, 0));
    assertEquals(1, quebec.version(), "fr-CA has its own history");
    Throwable stale = failure(store.texts().save("fr", Map.of("survey.thanks", "Perdu"), "other-admin", null, 1));
    assertEquals("version_conflict", ((RelayException) stale).code());
    assertEquals(second, result(store.texts().current("fr")).orElseThrow());
    assertEquals(List.of(2L, 1L), result(store.texts().versions("fr")).stream().map(TextVersion::version).toList());
    assertEquals(first, result(store.texts().version("fr", 1)).orElseThrow());
    assertEquals("Merci beaucoup pour votre réponse.", first.texts().get("survey.thanks"));
    assertTrue(result(store.texts().version("fr", 9)).isEmpty());
    assertEquals(List.of(quebec), result(store.texts().versions("fr-CA")));
    assertTrue(result(store.texts().current("en")).isEmpty());
  }

  @Test
  void theAuditLogListsNewestFirst() {
    result(store.audit().append("admin", "routing-rules.saved", "routing-rules", Map.of("version", 1), T0));
    result(store.audit().append("admin", "customer.reassigned", "cus_a", Map.of("from", "agt_1", "to", "agt_2"), T0));
    var recent = result(store.audit().recent(10));
    assertEquals(List.of("customer.reassigned", "routing-rules.saved"), recent.stream().map(e -> e.action()).toList());
    assertEquals("agt_2", recent.get(0).details().get("to"));
    assertEquals(1, result(store.audit().recent(1)).size());
  }

  @Test
  void aDueJobIsClaimedOnceAndAKeyIsScheduledOnce() {
    Job job = result(store.jobs().schedule(Job.pending("job_1", "owner-wait", "owner-wait:cnv_1", T0.plusSeconds(120),
        Map.of("conversationId", "cnv_1"))));
    Job again = result(store.jobs().schedule(Job.pending("job_2", "owner-wait", "owner-wait:cnv_1", T0.plusSeconds(999), Map.of())));
    assertEquals(job, again, "same key: the pending job is kept");
    assertTrue(result(store.jobs().claimDue(T0.plusSeconds(119), 10, Duration.ofSeconds(30))).isEmpty(), "not due yet");
    assertEquals(0L, result(store.jobs().countDue(T0.plusSeconds(119))));
    assertEquals(1L, result(store.jobs().countDue(T0.plusSeconds(120))));

    List<Future<List<Job>>> racing = IntStream.range(0, 10)
        .mapToObj(i -> store.jobs().claimDue(T0.plusSeconds(120), 10, Duration.ofSeconds(30))).toList();
    result(Future.all(racing));
    assertEquals(1, racing.stream().mapToInt(f -> f.result().size()).sum(), "claimed by exactly one caller");
    assertTrue(result(store.jobs().claimDue(T0.plusSeconds(140), 10, Duration.ofSeconds(30))).isEmpty(), "held");
    assertEquals(1, result(store.jobs().claimDue(T0.plusSeconds(151), 10, Duration.ofSeconds(30))).size(),
        "a holder that died lets go when its lease runs out");

    Job moved = result(store.jobs().update("job_1", j -> j.movedTo(T0.plusSeconds(600), null)));
    assertEquals(0, moved.attempts(), "postponed, not failed");
    assertTrue(result(store.jobs().claimDue(T0.plusSeconds(599), 10, Duration.ofSeconds(30))).isEmpty(), "moved later");
    assertEquals(1, result(store.jobs().claimDue(T0.plusSeconds(600), 10, Duration.ofSeconds(30))).size());
    assertEquals("job_1", result(store.jobs().pendingWithKey("owner-wait:cnv_1")).orElseThrow().id());
    Job done = result(store.jobs().update("job_1", j -> j.finished(Job.State.DONE, null)));
    assertEquals(Job.State.DONE, done.state());
    assertTrue(result(store.jobs().pendingWithKey("owner-wait:cnv_1")).isEmpty(), "done: no longer pending");
    Job next = result(store.jobs().schedule(Job.pending("job_3", "owner-wait", "owner-wait:cnv_1", T0, Map.of())));
    assertEquals("job_3", next.id(), "a finished key can be scheduled again");
    assertEquals("job_3", result(store.jobs().pendingWithKey("owner-wait:cnv_1")).orElseThrow().id());
    assertTrue(result(store.jobs().cancelKey("owner-wait:cnv_1")));
    assertTrue(result(store.jobs().pendingWithKey("owner-wait:cnv_1")).isEmpty(), "cancelled");
    assertFalse(result(store.jobs().cancelKey("owner-wait:cnv_1")));
    assertEquals(Job.State.CANCELLED, result(store.jobs().get("job_3")).orElseThrow().state());
    assertEquals(List.of("job_1"), result(store.jobs().list("owner-wait", Job.State.DONE, "conversationId", "cnv_1"))
        .stream().map(Job::id).toList());
  }

  @Test
  void jobsSurviveAReopen() {
    result(store.jobs().schedule(Job.pending("job_1", "follow-up", "follow-up:cnv_1", T0.plus(Duration.ofDays(7)), Map.of())));
    result(store.close());
    store = reopen(vertx);
    assertEquals(1, result(store.jobs().claimDue(T0.plus(Duration.ofDays(7)), 10, Duration.ofSeconds(30))).size());
  }

  @Test
  void attachmentBytesAreKeptAsGiven() {
    byte[] pdf = {37, 80, 68, 70};
    result(store.attachments().put("att_1", pdf));
    pdf[0] = 0;
    assertEquals(List.of((byte) 37, (byte) 80, (byte) 68, (byte) 70),
        toList(result(store.attachments().get("att_1")).orElseThrow()), "a copy is stored");
    assertTrue(result(store.attachments().get("att_2")).isEmpty());
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> list = new java.util.ArrayList<>();
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  @Test
  void deletingACustomersRecordsFreesEveryIndexEntryThatNamesThem() {
    Address email = new Address("email", "ann@example.com");
    result(store.customers().findOrCreate(email, Customer.first("cus_a", email, "Ann", T0).withIdentity(chat("v1"))));
    result(store.customers().findOrCreate(chat("v2"), Customer.first("cus_b", chat("v2"), "Bob", T0)));
    result(store.conversations().openFor("cus_a", Conversation.open("cnv_1", "cus_a", "agt_1", "chat", T0, null)));
    result(store.conversations().openFor("cus_b", Conversation.open("cnv_2", "cus_b", "agt_1", "chat", T0, null)));
    result(store.messages().append(inbound("msg_1", "cnv_1", "cus_a", "ext-1", T0)));
    result(store.messages().append(inbound("msg_2", "cnv_2", "cus_b", "ext-2", T0)));
    result(store.attachments().put("att_1", new byte[] {1, 2}));
    result(store.jobs().schedule(Job.pending("job_1", "follow-up", "follow-up:cus_a", T0, Map.of("customerId", "cus_a"))));

    assertTrue(result(store.messages().delete("msg_1")));
    assertTrue(result(store.attachments().delete("att_1")));
    assertTrue(result(store.conversations().delete("cnv_1")));
    assertTrue(result(store.jobs().delete("job_1")));
    assertTrue(result(store.customers().delete("cus_a")));
    assertFalse(result(store.customers().delete("cus_a")), "a second delete finds nothing");
    assertFalse(result(store.messages().delete("msg_nobody")));

    assertTrue(result(store.customers().get("cus_a")).isEmpty());
    assertTrue(result(store.customers().byIdentity(email)).isEmpty());
    assertTrue(result(store.customers().byIdentity(chat("v1"))).isEmpty());
    assertEquals("cus_c", result(store.customers().findOrCreate(email, Customer.first("cus_c", email, null, T0))).id(),
        "the address is free: writing again makes a new customer");
    assertTrue(result(store.conversations().openOf("cus_a")).isEmpty());
    assertEquals(List.of(), result(store.conversations().ofCustomer("cus_a")));
    assertEquals(List.of("cnv_2"), ids(result(store.conversations().list(null, null, false))));
    assertEquals(Map.of("agt_1", 1), result(store.conversations().openLoad()), "the load no longer counts it");
    assertEquals(List.of(), result(store.messages().ofCustomer("cus_a")));
    assertEquals(List.of(), result(store.messages().ofConversation("cnv_1")));
    assertFalse(result(store.messages().append(inbound("msg_3", "cnv_3", "cus_c", "ext-1", T0))).duplicate(),
        "the channel id is free again");
    assertTrue(result(store.attachments().get("att_1")).isEmpty());
    assertEquals(List.of(), result(store.jobs().list(null, null, "customerId", "cus_a")));
    assertEquals("job_2", result(store.jobs().schedule(Job.pending("job_2", "follow-up", "follow-up:cus_a", T0, Map.of()))).id());
    assertEquals(1, result(store.messages().ofCustomer("cus_b")).size(), "the neighbour keeps everything");

    result(store.purgeDeleted());
    assertEquals("Bob", result(store.customers().get("cus_b")).orElseThrow().name(), "purging keeps what lives");
    // Every part still works on the rewritten store (none kept a handle on the old file).
    result(store.texts().save("fr", Map.of("greeting", "Bonjour"), "admin", null, -1));
    assertEquals(1, result(store.texts().versions("fr")).size());
    result(store.rules().save("version: 1", "admin", null, -1));
    result(store.agents().create(agent("agt_9", "olav@acme.test"), "hash-9"));
    result(store.audit().append("admin", "customer.erased", "cus_a", Map.of(), T0));
    result(store.jobs().schedule(Job.pending("job_9", "retention", "retention:2026-03-02", T0, Map.of())));
    assertTrue(result(store.leases().tryAcquire("imap", "me", T0, Duration.ofSeconds(30))));
    result(store.inbox().append("agt_9", "message.received", Map.of(), T0));
    result(store.attachments().put("att_9", new byte[] {9}));
    result(store.messages().append(inbound("msg_4", "cnv_2", "cus_b", "ext-4", T0)));
    result(store.close());
    store = reopen(vertx);
    assertTrue(result(store.customers().get("cus_a")).isEmpty());
    assertEquals(List.of("msg_2", "msg_4"), result(store.messages().ofCustomer("cus_b")).stream().map(Message::id).toList());
  }

  @Test
  void auditEntriesAboutSomeoneAreFoundAndRedactedWithoutLosingWhoDidWhat() {
    result(store.audit().append("admin", "customer.identity-linked", "cus_a", Map.of("identity", "email:ann@example.com"), T0));
    result(store.audit().append("admin", "customer.reassigned", "cus_b", Map.of("to", "agt_2"), T0));
    result(store.audit().append("admin", "customer.profile", "cus_a", Map.of("locale", "fr-CA"), T0.plusSeconds(1)));
    assertEquals(List.of("customer.identity-linked", "customer.profile"),
        result(store.audit().about("cus_a")).stream().map(e -> e.action()).toList(), "oldest first");

    assertEquals(2, result(store.audit().redact("cus_a")));
    assertEquals(0, result(store.audit().redact("cus_a")), "nothing left to redact");
    var about = result(store.audit().about("cus_a"));
    assertEquals(List.of("admin", "admin"), about.stream().map(e -> e.actor()).toList());
    assertTrue(about.stream().noneMatch(e -> e.details().toString().contains("ann@example.com")));
    assertEquals("agt_2", result(store.audit().about("cus_b")).get(0).details().get("to"), "others' entries are untouched");
    assertEquals(3, result(store.audit().recent(10)).size());
  }

  @Test
  void aLeaseHasOneHolderUntilItExpiresOrIsReleased() {
    Duration ttl = Duration.ofSeconds(30);
    assertTrue(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-a", T0, ttl)));
    assertFalse(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-b", T0.plusSeconds(10), ttl)));
    assertTrue(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-a", T0.plusSeconds(20), ttl)),
        "the holder renews");
    assertFalse(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-b", T0.plusSeconds(45), ttl)),
        "renewed until 50 s");
    assertTrue(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-b", T0.plusSeconds(51), ttl)),
        "a dead holder's lease is taken over once it expires");
    result(store.leases().release("email-poller:imap://support@x", "replica-a"));
    assertFalse(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-a", T0.plusSeconds(52), ttl)),
        "only the holder can release");
    result(store.leases().release("email-poller:imap://support@x", "replica-b"));
    assertTrue(result(store.leases().tryAcquire("email-poller:imap://support@x", "replica-a", T0.plusSeconds(53), ttl)));
    assertTrue(result(store.leases().tryAcquire("other", "replica-b", T0.plusSeconds(53), ttl)), "leases are independent");
  }

  @Test
  void firstResponseTimesAreKeptPerAgentAndTeamNewestFirstAndSurviveARestart() {
    assertEquals(List.of(), result(store.responseTimes().ofAgent("agt_1")), "nothing measured yet");
    for (int minutes = 1; minutes <= ResponseTimeStore.KEPT + 5; minutes++) {
      result(store.responseTimes().record("agt_1", "support", Duration.ofMinutes(minutes)));
    }
    result(store.responseTimes().record("agt_2", null, Duration.ofSeconds(90)));
    result(store.close());
    store = reopen(vertx);
    List<Duration> kristin = result(store.responseTimes().ofAgent("agt_1"));
    assertEquals(ResponseTimeStore.KEPT, kristin.size(), "the last 50 are kept");
    assertEquals(Duration.ofMinutes(ResponseTimeStore.KEPT + 5), kristin.get(0), "newest first");
    assertEquals(Duration.ofMinutes(6), kristin.get(ResponseTimeStore.KEPT - 1));
    assertEquals(ResponseTimeStore.KEPT, result(store.responseTimes().ofTeam("support")).size());
    assertEquals(List.of(Duration.ofSeconds(90)), result(store.responseTimes().ofAgent("agt_2")), "an agent without a team");
    assertEquals(List.of(), result(store.responseTimes().ofTeam("billing")));
  }

  @Test
  void theCompanyAndTeamHoursAnAdminSavedSurviveARestart() {
    assertTrue(result(store.hours().get()).isEmpty(), "nothing saved: the configuration's hours apply");
    dev.relay.gateway.domain.WorkingHours paris = new dev.relay.gateway.domain.WorkingHours("Europe/Paris",
        Map.of("mon", List.of("09:00-12:00", "14:00-18:00")), List.of("2026-05-01", "2026-12-24..2026-12-26"));
    dev.relay.gateway.domain.WorkingHours montreal = new dev.relay.gateway.domain.WorkingHours("America/Toronto",
        Map.of("fri", List.of("08:30-16:30")), List.of("2026-06-24"));
    result(store.hours().put(paris, Map.of("quebec", montreal)));
    result(store.close());
    store = reopen(vertx);
    HoursStore.Saved saved = result(store.hours().get()).orElseThrow();
    assertEquals(paris, saved.company());
    assertEquals(Map.of("quebec", montreal), saved.teams());
    result(store.hours().put(null, Map.of()));
    assertEquals(new HoursStore.Saved(null, Map.of()), result(store.hours().get()).orElseThrow(), "the company keeps no hours");
  }

  @Test
  void cannedRepliesAreKeptOneByOneEditedDeletedAndSurviveARestart() {
    assertEquals(List.of(), result(store.cannedReplies().list()));
    dev.relay.gateway.domain.CannedReply late = new dev.relay.gateway.domain.CannedReply("can_1", "fr", "Colis en retard",
        "Bonjour {firstName}, votre colis est en route. {agentName}", T0, "admin");
    dev.relay.gateway.domain.CannedReply quebec = new dev.relay.gateway.domain.CannedReply("can_2", "fr-CA", "Colis (Québec)",
        "Bonjour {firstName}, votre colis s’en vient!", T0, "agent:agt_1");
    result(store.cannedReplies().put(late));
    result(store.cannedReplies().put(quebec));
    result(store.close());
    store = reopen(vertx);
    assertEquals(java.util.Set.of(late, quebec), java.util.Set.copyOf(result(store.cannedReplies().list())));
    dev.relay.gateway.domain.CannedReply edited = new dev.relay.gateway.domain.CannedReply("can_1", "fr", "Colis en retard",
        "Bonjour {firstName} !", T0.plusSeconds(60), "admin");
    result(store.cannedReplies().put(edited));
    assertEquals(edited, result(store.cannedReplies().get("can_1")).orElseThrow());
    assertTrue(result(store.cannedReplies().delete("can_2")));
    assertTrue(!result(store.cannedReplies().delete("can_2")), "gone already");
    assertTrue(result(store.cannedReplies().get("can_2")).isEmpty());
    assertEquals(List.of(edited), result(store.cannedReplies().list()));
  }

  @Test
  void aSampledReviewIsKeptOnceAndItsScoreSurvivesARestart() {
    Conversation resolved = Conversation.open("cnv_1", "cus_1", "agt_1", "chat", T0, null).resolved(T0.plusSeconds(600));
    dev.relay.gateway.domain.Review drawn = dev.relay.gateway.domain.Review.drawn("2026-03-02", resolved, T0);
    assertTrue(result(store.reviews().add(drawn)));
    assertFalse(result(store.reviews().add(drawn)), "the same week's sample drawn again adds nothing");
    result(store.reviews().add(dev.relay.gateway.domain.Review.drawn("2026-03-09",
        Conversation.open("cnv_2", "cus_2", "agt_2", "sms", T0, null), T0)));
    result(store.reviews().update(drawn.id(), r -> r.reviewed(4, "Réponse claire, ton chaleureux.", "agt_9", "Sigrid",
        T0.plusSeconds(60))));
    result(store.close());
    store = reopen(vertx);
    dev.relay.gateway.domain.Review kept = result(store.reviews().get(drawn.id())).orElseThrow();
    assertEquals(4, kept.score());
    assertEquals("Réponse claire, ton chaleureux.", kept.notes());
    assertEquals(List.of("2026-03-09", "2026-03-02"), result(store.reviews().list(null)).stream()
        .map(dev.relay.gateway.domain.Review::week).toList(), "newest week first");
    assertEquals(List.of(drawn.id()), result(store.reviews().list("agt_1")).stream()
        .map(dev.relay.gateway.domain.Review::id).toList());
    assertEquals("not_found", failure(store.reviews().update("rev_nope", r -> r)) instanceof RelayException e ? e.code() : "");
    assertTrue(result(store.reviews().delete(drawn.id())));
    assertFalse(result(store.reviews().delete(drawn.id())));
    assertEquals(1, result(store.reviews().list(null)).size());
  }
}
