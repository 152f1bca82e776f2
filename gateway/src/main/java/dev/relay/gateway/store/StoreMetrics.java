package dev.relay.gateway.store;

import java.util.function.IntSupplier;

/**
 * What a store's own machinery counts for the operator: the embedded store's writer (its queue,
 * and each group of writes it commits together). Implemented in ops; tools and tests pass {@link #NOOP}.
 */
public interface StoreMetrics {

  StoreMetrics NOOP = new StoreMetrics() {
    @Override public void writerQueue(IntSupplier waiting) { }
    @Override public void committed(int writes, long nanos) { }
  };

  /** Writes waiting for the writer, read when the metrics are scraped. */
  void writerQueue(IntSupplier waiting);

  /** {@code writes} writes were committed together in {@code nanos} (running them and the commit). */
  void committed(int writes, long nanos);
}
