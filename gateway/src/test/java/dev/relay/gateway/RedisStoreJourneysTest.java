package dev.relay.gateway;

import java.util.Map;

/** {@link StoreJourneys} on a real redis-server. */
class RedisStoreJourneysTest extends StoreJourneys {

  @Override
  protected Map<String, String> extraEnv() {
    return redisStore();
  }
}
