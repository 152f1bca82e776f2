package dev.relay.gateway.brand;

import dev.relay.connector.spi.Signals;
import dev.relay.gateway.domain.Brand;
import dev.relay.gateway.store.BrandStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brand in force and its logo, kept in memory: every page view of a site with the widget asks
 * for them, and the store is not read for each. A change is written to the store, then every
 * replica reloads it (a signal).
 */
public final class BrandBook {

  static final String CHANGED = "relay.brand.changed";
  private static final Logger LOG = LoggerFactory.getLogger(BrandBook.class);

  private final Vertx vertx;
  private final Signals signals;
  private final BrandStore store;
  private final Clock clock;
  private volatile Brand current = Brand.DEFAULT;
  private volatile byte[] logo;

  public BrandBook(Vertx vertx, Signals signals, BrandStore store, Clock clock) {
    this.vertx = vertx;
    this.signals = signals;
    this.store = store;
    this.clock = clock;
  }

  public Brand current() {
    return current;
  }

  /** The logo's bytes, as {@link Brand#logo()} describes them; empty without one. */
  Optional<byte[]> logo() {
    return Optional.ofNullable(logo);
  }

  /** Takes what admins saved, and listens for changes made on other replicas. */
  public Future<Void> load() {
    vertx.eventBus().<String>localConsumer(CHANGED, m -> reload()
        .onFailure(err -> LOG.atError().setCause(err).log("brand not reloaded")));
    return reload();
  }

  private Future<Void> reload() {
    return store.get().compose(saved -> store.logo().map(image -> {
      current = saved.orElse(Brand.DEFAULT);
      logo = current.logo() == null ? null : image.orElse(null);
      return null;
    }));
  }

  /** The settings from now on; the logo stays as it is. Checked by the caller. */
  Future<Brand> save(Brand next) {
    return store.put(next.withLogo(current.logo())).onSuccess(saved -> changed(saved, logo));
  }

  /** A new logo (checked by the caller: {@code type} read from its bytes), or none with null. */
  Future<Brand> saveLogo(byte[] image, String type) {
    Brand next = current.withLogo(image == null ? null : new Brand.Logo(type, image.length, clock.millis()));
    return store.putLogo(image).compose(v -> store.put(next)).onSuccess(saved -> changed(saved, image));
  }

  private void changed(Brand saved, byte[] image) {
    current = saved;
    logo = image;
    signals.publish(CHANGED, "saved");
  }
}
