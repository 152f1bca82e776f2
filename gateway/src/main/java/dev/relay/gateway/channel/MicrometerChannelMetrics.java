package dev.relay.gateway.channel;

import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.DeliveryStatus;
import dev.relay.connector.spi.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A connector's counters, tagged with its channel: {@code relay_channel_*}. */
public final class MicrometerChannelMetrics implements ChannelMetrics {

  private final MeterRegistry registry;
  private final String channel;
  private final Counter received;
  private final AtomicInteger connections = new AtomicInteger();

  public MicrometerChannelMetrics(MeterRegistry registry, String channel) {
    this.registry = registry;
    this.channel = channel;
    this.received = Counter.builder("relay.channel.received").description("Inbound messages stored")
        .tag("channel", channel).register(registry);
    registry.gauge("relay.channel.connections", io.micrometer.core.instrument.Tags.of("channel", channel), connections);
  }

  @Override
  public void received() {
    received.increment();
  }

  @Override
  public void unreplyableSender() {
    Counter.builder("relay.channel.unreplyable_senders")
        .description("Inbound messages stored from senders the channel cannot answer (SMS short codes, sender names)")
        .tag("channel", channel).register(registry).increment();
  }

  @Override
  public void rejected(RejectReason reason) {
    Counter.builder("relay.channel.rejected").description("Inbound input refused")
        .tags("channel", channel, "reason", reason.code()).register(registry).increment();
  }

  @Override
  public void sent(DeliveryStatus status) {
    Counter.builder("relay.channel.sent").description("Outbound messages by resulting status")
        .tags("channel", channel, "status", status.name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  @Override
  public void providerDelete(boolean done) {
    Counter.builder("relay.channel.provider.deletes").description("Provider records deleted for erasure or retention")
        .tags("channel", channel, "outcome", done ? "deleted" : "refused").register(registry).increment();
  }

  @Override
  public void providerFetch(boolean done) {
    Counter.builder("relay.channel.provider.fetches").description("Call recordings fetched from the provider to be played")
        .tags("channel", channel, "outcome", done ? "fetched" : "refused").register(registry).increment();
  }

  @Override
  public void connections(int delta) {
    connections.addAndGet(delta);
  }
}
