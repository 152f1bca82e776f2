package dev.relay.gateway.config;

import java.util.List;

/** Configuration that cannot work; the message lists every problem. */
public final class ConfigException extends RuntimeException {

  public ConfigException(List<String> problems) {
    super("invalid configuration: " + String.join("; ", problems));
  }
}
