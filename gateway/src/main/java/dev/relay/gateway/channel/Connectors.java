package dev.relay.gateway.channel;

import dev.relay.connector.spi.Connector;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The connectors this gateway runs, by channel name. */
public final class Connectors {

  private final Map<String, Connector> byChannel = new LinkedHashMap<>();

  public Connectors add(Connector connector) {
    if (byChannel.putIfAbsent(connector.channel(), connector) != null) {
      throw new IllegalStateException("two connectors for channel " + connector.channel());
    }
    return this;
  }

  public Optional<Connector> get(String channel) {
    return Optional.ofNullable(byChannel.get(channel));
  }

  public Collection<Connector> all() {
    return byChannel.values();
  }
}
