package dev.relay.gateway.store;

import dev.relay.gateway.domain.Brand;
import io.vertx.core.Future;
import java.util.Optional;

/** The widget's brand settings and the company's logo, as admins saved them. */
public interface BrandStore {

  /** Empty until an admin saved some. */
  Future<Optional<Brand>> get();

  Future<Brand> put(Brand brand);

  /** The logo's bytes; empty when none was uploaded. */
  Future<Optional<byte[]>> logo();

  /** Replaces the logo's bytes (null: removes them); the brand's {@link Brand.Logo} says what they are. */
  Future<Void> putLogo(byte[] image);
}
