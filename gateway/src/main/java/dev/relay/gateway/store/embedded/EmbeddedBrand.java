package dev.relay.gateway.store.embedded;

import dev.relay.gateway.domain.Brand;
import dev.relay.gateway.domain.Json;
import dev.relay.gateway.store.BrandStore;
import io.vertx.core.Future;
import java.util.Base64;
import java.util.Optional;
import org.h2.mvstore.MVMap;

/** {@code settings} → {@code brand} (JSON) and {@code brand-logo} (the image, base64). */
final class EmbeddedBrand implements BrandStore {

  private static final String KEY = "brand";
  private static final String LOGO = "brand-logo";
  private final EmbeddedStore store;

  EmbeddedBrand(EmbeddedStore store) {
    this.store = store;
  }

  private MVMap<String, String> settings() {
    return store.map("settings");
  }

  @Override
  public Future<Optional<Brand>> get() {
    return store.read(() -> EmbeddedStore.decode(settings().get(KEY), Brand.class));
  }

  @Override
  public Future<Brand> put(Brand brand) {
    return store.write(() -> {
      settings().put(KEY, Json.encode(brand));
      return brand;
    });
  }

  @Override
  public Future<Optional<byte[]>> logo() {
    return store.read(() -> Optional.ofNullable(settings().get(LOGO)).map(Base64.getDecoder()::decode));
  }

  @Override
  public Future<Void> putLogo(byte[] image) {
    return store.write(() -> {
      if (image == null) {
        settings().remove(LOGO);
      } else {
        settings().put(LOGO, Base64.getEncoder().encodeToString(image));
      }
      return null;
    });
  }
}
