package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.Brand;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.BrandStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.Optional;

/** {@code brand}: the settings, one JSON document; {@code brand:logo}: the image's bytes. */
final class RedisBrand implements BrandStore {

  private static final String KEY = RedisStore.key("brand");
  private static final String LOGO = RedisStore.key("brand", "logo");
  private final RedisStore store;

  RedisBrand(RedisStore store) {
    this.store = store;
  }

  @Override
  public Future<Optional<Brand>> get() {
    return store.get(KEY, Brand.class);
  }

  @Override
  public Future<Brand> put(Brand brand) {
    return store.send(Command.SET, KEY, Json.encode(brand)).map(brand);
  }

  @Override
  public Future<Optional<byte[]>> logo() {
    return store.send(Command.GET, LOGO).map(r -> Optional.ofNullable(r).map(v -> v.toBuffer().getBytes()));
  }

  @Override
  public Future<Void> putLogo(byte[] image) {
    return (image == null ? store.send(Command.DEL, LOGO) : store.send(Command.SET, LOGO, image)).mapEmpty();
  }
}
