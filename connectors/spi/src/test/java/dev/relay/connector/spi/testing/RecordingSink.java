package dev.relay.connector.spi.testing;

import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Calls;
import dev.relay.connector.spi.DeliveryReceipt;
import dev.relay.connector.spi.InboundMessage;
import dev.relay.connector.spi.InboundReceipt;
import dev.relay.connector.spi.InboundSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The gateway's side of a connector, for connector tests: it records what it is handed, answers
 * like the gateway (the same channel id twice is a duplicate), and can fail or hold what comes next
 * so a test sees whether the connector acknowledges only after the sink did.
 */
public final class RecordingSink implements InboundSink {

  private final List<InboundMessage> messages = new ArrayList<>();
  private final List<DeliveryReceipt> statuses = new ArrayList<>();
  private final List<Calls.CallOutcome> outcomes = new ArrayList<>();
  private final List<Calls.CallRecording> recordings = new ArrayList<>();
  private final List<Address> typing = new ArrayList<>();
  private final Map<String, InboundReceipt> stored = new HashMap<>();
  private final List<Promise<Void>> held = new ArrayList<>();
  private int failures;
  private boolean holding;
  private java.util.function.Predicate<InboundMessage> refused = m -> false;

  @Override
  public synchronized Future<InboundReceipt> message(InboundMessage message) {
    messages.add(message);
    if (refused.test(message)) {
      return Future.failedFuture(new IllegalStateException("the gateway refuses this message"));
    }
    return gate().map(v -> store(message));
  }

  /** Messages that match are never stored (the gateway refuses them every time); the others are. */
  public synchronized void refuse(java.util.function.Predicate<InboundMessage> which) {
    refused = which;
  }

  @Override
  public synchronized Future<Void> status(DeliveryReceipt receipt) {
    statuses.add(receipt);
    return gate();
  }

  @Override
  public synchronized Future<Void> callOutcome(Calls.CallOutcome outcome) {
    outcomes.add(outcome);
    return gate();
  }

  @Override
  public synchronized Future<Void> callRecorded(Calls.CallRecording recording) {
    recordings.add(recording);
    return gate();
  }

  @Override
  public synchronized void typing(Address from) {
    typing.add(from);
  }

  /** The next {@code count} calls fail, as when the store is down: nothing is stored. */
  public synchronized void failNext(int count) {
    failures += count;
  }

  /** Calls from now on wait until {@link #release}: "stored" has not happened yet. */
  public synchronized void hold() {
    holding = true;
  }

  /** Completes every held call and stops holding. */
  public void release() {
    List<Promise<Void>> waiting;
    synchronized (this) {
      holding = false;
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(Promise::complete);
  }

  public synchronized int heldCount() {
    return held.size();
  }

  /** Every message handed over, stored or not, in order. */
  public synchronized List<InboundMessage> messages() {
    return List.copyOf(messages);
  }

  /** The messages stored once each (failed hand-overs and duplicates left out). */
  public synchronized List<InboundReceipt> stored() {
    return List.copyOf(stored.values());
  }

  public synchronized List<DeliveryReceipt> statuses() {
    return List.copyOf(statuses);
  }

  public synchronized List<Calls.CallOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** The recordings the provider said it finished, oldest first. */
  public synchronized List<Calls.CallRecording> recordings() {
    return List.copyOf(recordings);
  }

  public synchronized List<Address> typing() {
    return List.copyOf(typing);
  }

  /** Waits on the test thread (never an event loop) until {@code condition} holds, or fails the test. */
  public static void waitUntil(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private Future<Void> gate() {
    if (failures > 0) {
      failures--;
      return Future.failedFuture(new IllegalStateException("store unavailable (test)"));
    }
    if (holding) {
      Promise<Void> later = Promise.promise();
      held.add(later);
      return later.future();
    }
    return Future.succeededFuture();
  }

  private synchronized InboundReceipt store(InboundMessage message) {
    String key = message.channel() + "|" + message.externalId();
    InboundReceipt known = stored.get(key);
    if (known != null) {
      return new InboundReceipt(known.messageId(), known.conversationId(), true);
    }
    InboundReceipt receipt = new InboundReceipt("msg_" + (stored.size() + 1), "con_" + message.from().key(), false);
    stored.put(key, receipt);
    return receipt;
  }
}
